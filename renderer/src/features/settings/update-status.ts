import type { TFunction } from 'i18next'
import type { UpdateStatusDto } from '../../../../electron/contract/dto'

/**
 * What the Updates card says about the app's update state, and whether "Check now" makes sense. The core's own
 * `detail` (why updates are off, what failed) is shown as it comes: core messages are English.
 */
export function describeUpdates(
  status: UpdateStatusDto,
  t: TFunction,
): { text: string; canCheck: boolean; severity: 'info' | 'success' | 'warning' | 'error' } {
  const offer = status.availableVersion
    ? t('settings:updates.namedVersion', { version: status.availableVersion })
    : t('settings:updates.newVersion')
  switch (status.state) {
    case 'disabled':
      return { text: status.detail ?? t('settings:updates.off'), canCheck: false, severity: 'info' }
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
      return { text: status.detail ?? t('settings:updates.downloaded', { offer }), canCheck: false, severity: 'success' }
    case 'error':
      return { text: status.detail ?? t('settings:updates.failed'), canCheck: true, severity: 'error' }
  }
}
