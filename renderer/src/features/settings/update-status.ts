import type { TFunction } from 'i18next'
import type { UpdateStatusDto } from '../../../../electron/contract/dto'

/**
 * The host's one sentence about updates (why they are off, what failed, what happens next) in the page language,
 * from its code; null without one. A code this console does not know (a newer host) leaves the host's English
 * `detail`; the updater's own error message stays as it comes.
 */
function detailText(status: UpdateStatusDto, t: TFunction): string | null {
  const values = status.detailValues ?? {}
  switch (status.detailCode) {
    case 'development-build':
      return t('settings:updates.developmentBuild')
    case 'no-feed':
      return t('settings:updates.noFeed')
    case 'npm':
      return t('settings:updates.npm', { command: 'npm install -g wopi-desk@latest' })
    case 'installs-on-quit':
      return t('settings:updates.downloaded', {
        offer: values.version ? t('settings:updates.namedVersion', { version: values.version }) : t('settings:updates.newVersion'),
      })
    case 'check-failed':
      return values.error ? t('settings:updates.failedBecause', { error: values.error }) : t('settings:updates.failed')
    default:
      return status.detail
  }
}

/** What the Updates card says about the app's update state, and whether "Check now" makes sense. */
export function describeUpdates(
  status: UpdateStatusDto,
  t: TFunction,
): { text: string; canCheck: boolean; severity: 'info' | 'success' | 'warning' | 'error' } {
  const offer = status.availableVersion
    ? t('settings:updates.namedVersion', { version: status.availableVersion })
    : t('settings:updates.newVersion')
  const detail = detailText(status, t)
  switch (status.state) {
    case 'disabled':
      return { text: detail ?? t('settings:updates.off'), canCheck: false, severity: 'info' }
    case 'idle':
      return { text: t('settings:updates.idle'), canCheck: true, severity: 'info' }
    case 'checking':
      return { text: t('settings:updates.checkingNow'), canCheck: false, severity: 'info' }
    case 'up-to-date':
      return { text: t('settings:updates.upToDate'), canCheck: true, severity: 'success' }
    case 'available':
      return { text: t('settings:updates.available', { offer }), canCheck: false, severity: 'info' }
    case 'downloading':
      return { text: t('settings:updates.downloading', { offer, percent: status.percent ?? 0 }), canCheck: false, severity: 'info' }
    case 'downloaded':
      return { text: detail ?? t('settings:updates.downloaded', { offer }), canCheck: false, severity: 'success' }
    case 'error':
      return { text: detail ?? t('settings:updates.failed'), canCheck: true, severity: 'error' }
  }
}
