import type { App, Session, WebContents } from 'electron'

/** Contents a window of the app has given its own navigation policy; every other contents may not navigate. */
const guarded = new WeakSet<object>()

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
  guarded.add(contents)
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

/**
 * The net under every contents the app ever makes (windows, frames' guests, DevTools, anything a future change
 * adds), installed before the first window: no webview, no new window, no navigation unless the contents was
 * given a policy by guardWebContents, and in a packaged app no DevTools.
 */
export function guardEveryWebContents(app: Pick<App, 'on'>, options: { development: boolean }): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
    contents.on('will-navigate', (event) => {
      if (!guarded.has(contents)) event.preventDefault()
    })
    if (!options.development) contents.on('devtools-opened', () => contents.closeDevTools())
  })
}
