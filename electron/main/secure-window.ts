import type { BrowserWindow, BrowserWindowConstructorOptions, WebPreferences } from 'electron'

/**
 * Electron security checklist items 2-4, 6, 8 and 12: every window gets these preferences, written out
 * explicitly so that a changed Electron default can never weaken them (ARCHITECTURE house rule 5).
 */
export function hardenedWebPreferences(extra: Pick<WebPreferences, 'preload' | 'partition'> = {}): WebPreferences {
  return {
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // Middle-click would open links in new windows without passing the window-open handler.
    disableBlinkFeatures: 'Auxclick',
    safeDialogs: true,
    ...extra,
  }
}

export type BrowserWindowConstructor = new (options: BrowserWindowConstructorOptions) => BrowserWindow

export interface SecureWindowOptions {
  title: string
  width: number
  height: number
  /** a saved position (window-state.ts); absent: the system centres the window */
  x?: number
  y?: number
  preload?: string
  partition?: string
  parent?: BrowserWindow
  icon?: string
}

/** The one factory for every window of the app. */
export function createSecureWindow(BrowserWindowClass: BrowserWindowConstructor, options: SecureWindowOptions): BrowserWindow {
  const extra: Pick<WebPreferences, 'preload' | 'partition'> = {}
  if (options.preload) extra.preload = options.preload
  if (options.partition) extra.partition = options.partition
  const windowOptions: BrowserWindowConstructorOptions = {
    title: options.title,
    width: options.width,
    height: options.height,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    autoHideMenuBar: true,
    webPreferences: hardenedWebPreferences(extra),
  }
  if (options.x !== undefined && options.y !== undefined) Object.assign(windowOptions, { x: options.x, y: options.y })
  if (options.parent) windowOptions.parent = options.parent
  if (options.icon) windowOptions.icon = options.icon
  const window = new BrowserWindowClass(windowOptions)
  window.once('ready-to-show', () => window.show())
  return window
}
