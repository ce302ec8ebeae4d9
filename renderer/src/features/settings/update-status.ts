import type { UpdateStatusDto } from '../../../../electron/contract/dto'

/** What the Updates card says about the app's update state, and whether "Check now" makes sense. */
export function describeUpdates(status: UpdateStatusDto): { text: string; canCheck: boolean; severity: 'info' | 'success' | 'warning' | 'error' } {
  const offer = status.availableVersion ? `WOPI Desk ${status.availableVersion}` : 'A new version'
  switch (status.state) {
    case 'disabled':
      return { text: status.detail ?? 'Updates are off.', canCheck: false, severity: 'info' }
    case 'idle':
      return { text: 'Not checked yet.', canCheck: true, severity: 'info' }
    case 'checking':
      return { text: 'Checking for updates…', canCheck: false, severity: 'info' }
    case 'up-to-date':
      return { text: 'This is the latest version.', canCheck: true, severity: 'success' }
    case 'available':
      return { text: `${offer} is available and downloading.`, canCheck: false, severity: 'info' }
    case 'downloading':
      return { text: `${offer} is downloading (${status.percent ?? 0} %).`, canCheck: false, severity: 'info' }
    case 'downloaded':
      return { text: status.detail ?? `${offer} is installed when the app quits.`, canCheck: false, severity: 'success' }
    case 'error':
      return { text: status.detail ?? 'The update check failed.', canCheck: true, severity: 'error' }
  }
}
