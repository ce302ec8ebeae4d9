import type { Session, WebContents } from 'electron'

export interface NavigationPolicy {
  /** URLs this contents may navigate to (its own page, for the editor view the editor's origin) */
  allowNavigation(url: string): boolean
  /** called for links the user clicked that leave the app; only https is handed to the OS browser */
  openExternally?(url: string): void
}

/**
 * Electron security checklist items 13 and 14: navigation and new windows are denied unless listed, and
 * <webview> can never be attached (item 12 belt and braces).
 */
export function guardWebContents(contents: WebContents, policy: NavigationPolicy): void {
  contents.on('will-navigate', (event, url) => {
    if (!policy.allowNavigation(url)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!policy.allowNavigation(url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (policy.openExternally && isHttpsUrl(url)) policy.openExternally(url)
    return { action: 'deny' }
  })
}

/** Electron security checklist item 5: permission requests and checks are denied unless listed. */
export function denyPermissions(session: Session, allowed: readonly string[] = []): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(allowed.includes(permission)))
  session.setPermissionCheckHandler((_contents, permission) => allowed.includes(permission))
}

export function isHttpsUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}
