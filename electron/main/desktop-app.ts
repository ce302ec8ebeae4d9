import type { App, BrowserWindow, Dialog, IpcMain, Protocol, Session, Shell } from 'electron'
import { basename } from 'node:path'
import type { ApiImplementation } from '../contract/channels'
import type { OpenResult } from '../contract/dto'
import { listen, openDesk, type Desk } from '../core/desk'
import { consoleLog, type Log } from '../core/deps'
import { defaultServedFolder, ensureWelcomeFolder } from '../core/files/welcome-folder'
import { tuneHeapForFileServing } from '../core/server/heap-tuning'
import { storedRoot } from '../core/settings/stored-root'
import type { UpdateSource } from '../core/updates/updates-api'
import { APP_SCHEME, CONSOLE_URL, createAppProtocolHandler, isConsoleUrl } from './app-protocol'
import { bindDroppedDocuments } from './dropped-documents'
import { crashDumpSummary, crashMessage, recoverFromCrashes, type CrashNotice } from './crash-recovery'
import { openCertificatePins, probeCertificateFingerprint, type CertificatePins } from './editor-session'
import { openEditorView } from './editor-view'
import { bindContractOverIpc, forwardEvents } from './ipc-binding'
import { bindNativePickers } from './native-pickers'
import { openDocumentFromSystem, type OpenFromSystem } from './open-from-system'
import { createSecureWindow, type BrowserWindowConstructor } from './secure-window'
import { denyPermissions, guardWebContents } from './security-guards'
import { createMainI18n, electronSystemLanguages, type MainI18n } from './main-i18n'
import { keepWindowState, loadWindowState, type WindowState } from './window-state'

// The desktop app, composed from Electron objects passed in by index.ts (the only file that imports 'electron'),
// so every wire here can be unit-tested with fakes. It owns the console window (made again whenever it is asked
// for after it was closed) and the editor windows, and opens documents the system hands over.

export interface ElectronParts {
  /** getLocale and getPreferredSystemLanguages feed the 'system' language (absent: English) */
  app: Pick<App, 'getPath' | 'getVersion' | 'on' | 'quit' | 'focus'> & Partial<Pick<App, 'getLocale' | 'getPreferredSystemLanguages'>>
  BrowserWindow: BrowserWindowConstructor
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  protocol: Pick<Protocol, 'handle'>
  session: { defaultSession: Session; fromPartition(partition: string): Session }
  dialog: Pick<Dialog, 'showSaveDialog' | 'showErrorBox' | 'showMessageBox' | 'showOpenDialog'>
  shell: Pick<Shell, 'openExternal'>
  /** the displays' work areas, to put the console window back where it was; absent: the default place */
  screen?: { getAllDisplays(): { workArea: { x: number; y: number; width: number; height: number } }[] }
}

export interface DesktopPaths {
  /** out/renderer */
  rendererDir: string
  /** out/preload/index.cjs */
  preload: string
  /** resources/ */
  resourcesDir: string
  /** the Electron build of the SQLite addon (native-addon.ts); default: node_modules' build, as in the tests */
  sqliteAddon?: string
  /** out/main/request-log-worker.js: the traffic log is written from that thread; absent: on the main thread */
  requestLogWorker?: string
  /** where the console window's size and place are kept (window-state.ts); absent: not kept */
  windowStateFile?: string
  /** Electron's crash dumps folder, summarized in the diagnostics report */
  crashDumpsDir?: string
  /** pinned certificates of editors trusted without a CA (editor-session.ts); absent: none are trusted in windows */
  certificatePinsFile?: string
}

export interface OpenDocumentWindow {
  sessionId: string
  name: string
}

export interface DesktopApp {
  desk: Desk
  /** the console window now (made again by showConsole after it was closed) */
  readonly window: BrowserWindow
  /** the contract as the desktop app runs it (documents open in editor windows) */
  api: ApiImplementation
  /** shows the console window, making it again when it was closed; `hash` picks a page (#/doctor) */
  showConsole(hash?: string): BrowserWindow
  /**
   * opens a document the system handed over (argv, open-file, a second launch, File > Open…) wherever it lives;
   * outside the served folders it asks first. Null when it was not opened (cancelled, or an error was shown).
   */
  openPath(absolutePath: string): Promise<OpenResult | null>
  /** documents open in editor windows */
  openDocuments(): OpenDocumentWindow[]
  /** called when an editor window opens or closes (the tray's status) */
  onDocumentsChanged(listener: () => void): void
  /** called when the console window was closed (the app may keep serving open documents) */
  onConsoleClosed(listener: () => void): void
  /** the desktop's own text (menus, tray, dialogs) in the language chosen in Settings */
  i18n: MainI18n
  /** called after Settings were saved (the language of the menus and tray may have changed) */
  onSettingsChanged(listener: () => void): void
  /** closes the editor windows (their editors unlock and flush), their sessions, then the desk */
  close(): Promise<void>
}

/**
 * The listeners' ports. Left out, the WOPI host takes the port in the settings (17890 at first) and the built-in
 * editor 17891, so editors' allow-lists stay valid across launches; tests pass 0 for free ports.
 */
export interface DesktopPorts {
  wopi?: number
  editor?: number
}

export interface DesktopExtras {
  updates?: UpdateSource
  /** the app's log (index.ts tees it into the log file); default stderr */
  log?: Log
  /** a document was opened from the system (recent documents) */
  onOpenedFromSystem?(path: string): void
  /** hands a document dropped on the console to the app's document intake; default: opens it at once */
  openDocument?(path: string): void
}

export async function startDesktopApp(
  electron: ElectronParts,
  paths: DesktopPaths,
  versions: { electron?: string; chrome?: string } = {},
  ports: DesktopPorts = {},
  extras: DesktopExtras = {},
): Promise<DesktopApp> {
  tuneHeapForFileServing()
  const dataDir = electron.app.getPath('userData')
  const log = extras.log ?? consoleLog()
  const home = electron.app.getPath('home')
  const sqlite = paths.sqliteAddon ? { nativeBinding: paths.sqliteAddon } : {}
  let root = storedRoot(dataDir, sqlite)
  if (!root) {
    root = defaultServedFolder(home)
    await ensureWelcomeFolder(root)
  }

  const desk = await openDesk({
    ...sqlite,
    ...(paths.requestLogWorker ? { requestLogWorker: paths.requestLogWorker } : {}),
    dataDir,
    root,
    staticDir: paths.rendererDir,
    resourcesDir: paths.resourcesDir,
    appVersion: electron.app.getVersion(),
    electronVersion: versions.electron ?? null,
    chromeVersion: versions.chrome ?? null,
    ...(ports.wopi !== undefined ? { port: ports.wopi } : {}),
    ...(extras.updates ? { updates: extras.updates } : {}),
    log,
  })
  // No console listener: the window reaches the console over IPC.
  await listen(desk, { wopi: true, editor: ports.editor !== undefined ? { port: ports.editor } : {}, scheduler: true }).catch(
    async (error: unknown) => {
      await desk.close()
      throw error
    },
  )

  electron.protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler(paths.rendererDir, { readIcon: async (appId) => desk.catalog.readIcon(appId) }),
  )
  denyPermissions(electron.session.defaultSession)
  const getLocale = electron.app.getLocale
  const systemLanguages = () =>
    getLocale
      ? electronSystemLanguages({
          getLocale: () => getLocale.call(electron.app),
          getPreferredSystemLanguages: () => electron.app.getPreferredSystemLanguages?.() ?? [],
        })
      : []
  const i18n = createMainI18n(desk.host.settings.get().language, systemLanguages)
  const settingsListeners: (() => void)[] = []
  const pins: CertificatePins | null = paths.certificatePinsFile ? openCertificatePins(paths.certificatePinsFile) : null

  const tellAboutCrash = (notice: CrashNotice, owner: BrowserWindow) => {
    const { message, detail } = crashMessage(notice, i18n.t)
    const options = { type: 'warning' as const, title: 'WOPI Desk', message, detail, buttons: [i18n.t('shell.ok')] }
    void (owner.isDestroyed() ? electron.dialog.showMessageBox(options) : electron.dialog.showMessageBox(owner, options)).catch(
      () => undefined,
    )
  }

  let consoleWindow: BrowserWindow | null = null
  const consoleClosedListeners: (() => void)[] = []
  const consoleContents = () => (consoleWindow && !consoleWindow.isDestroyed() ? consoleWindow.webContents : null)
  let consoleLoading: Promise<void> = Promise.resolve()
  const makeConsoleWindow = (hash = ''): BrowserWindow => {
    const defaults: WindowState = { width: 1280, height: 820 }
    const state = paths.windowStateFile
      ? loadWindowState(paths.windowStateFile, electron.screen?.getAllDisplays() ?? [], defaults)
      : defaults
    const window = createSecureWindow(electron.BrowserWindow, {
      title: 'WOPI Desk',
      width: state.width,
      height: state.height,
      ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
      preload: paths.preload,
    })
    if (state.maximized) window.once('ready-to-show', () => window.maximize())
    if (paths.windowStateFile) keepWindowState(window, paths.windowStateFile)
    guardWebContents(window.webContents, {
      allowNavigation: isConsoleUrl,
      openExternally: (url) => void electron.shell.openExternal(url),
    })
    recoverFromCrashes(window.webContents, {
      what: i18n.t('crash.console'),
      reload: () => void window.loadURL(CONSOLE_URL).catch(() => undefined),
      notify: (notice) => tellAboutCrash(notice, window),
      log,
    })
    forwardEvents(desk.events, window.webContents)
    window.once('closed', () => {
      for (const listener of consoleClosedListeners) listener()
    })
    consoleWindow = window
    consoleLoading = window
      .loadURL(CONSOLE_URL + hash)
      .catch((error: unknown) => log.warn('the console did not load', { error: (error as Error).message }))
    return window
  }

  const editors = new Map<BrowserWindow, OpenDocumentWindow>()
  const documentListeners: (() => void)[] = []
  const documentsChanged = () => {
    for (const listener of documentListeners) listener()
  }

  // An editor imported with "trust this server's self-signed certificate" is trusted in its window too, pinned to
  // the certificate it presented when it was imported (or, imported before pins existed, when first opened).
  const pinFor = async (result: OpenResult): Promise<string | null> => {
    if (!pins) return null
    const origin = new URL(result.actionUrl).origin
    if (!origin.startsWith('https:')) return null
    const endpoints = await desk.api['catalog:list']()
    const endpoint = endpoints.find((candidate) => candidate.apps.some((app) => app.id === result.appId))
    if (!endpoint?.insecureTls) return null
    const known = pins.get(origin)
    if (known) return known
    const probed = await probeCertificateFingerprint(origin)
    if (probed) pins.set(origin, probed)
    return probed
  }

  // In the desktop app a document opens in its own sandboxed editor window instead of a browser tab.
  const showInEditorView = async (result: OpenResult, name: string): Promise<OpenResult> => {
    const pinnedFingerprint = await pinFor(result).catch(() => null)
    const editor = openEditorView({
      BrowserWindow: electron.BrowserWindow,
      session: electron.session,
      dialog: electron.dialog,
      shell: electron.shell,
      result,
      editorOrigin: new URL(result.actionUrl).origin,
      pinnedFingerprint,
      parent: consoleWindow,
      onClosed: (sessionId) => desk.sessions.close(sessionId),
      log,
      t: i18n.t,
    })
    editors.set(editor, { sessionId: result.sessionId, name })
    editor.once('closed', () => {
      editors.delete(editor)
      documentsChanged()
    })
    recoverFromCrashes(editor.webContents, {
      what: i18n.t('crash.editorWindow', { name }),
      reload: () => void editor.loadURL(result.hostPageUrl).catch(() => undefined),
      notify: (notice) => tellAboutCrash(notice, editor),
      log,
    })
    documentsChanged()
    return result
  }
  const api: ApiImplementation = {
    ...desk.api,
    'files:open': async (request) => showInEditorView(await desk.api['files:open'](request), basename(request.path)),
    'files:new-document': async (request) => showInEditorView(await desk.api['files:new-document'](request), request.name),
    'catalog:import': async (request, requestId) => {
      const imported = await desk.api['catalog:import'](request, requestId)
      if (request.insecureTls && pins) {
        const origin = new URL(request.url).origin
        const fingerprint = await probeCertificateFingerprint(origin).catch(() => null)
        if (fingerprint) pins.set(origin, fingerprint)
      }
      return imported
    },
    // The desk has no settings event; the desktop learns of a new language where Settings are saved.
    'settings:update': async (patch) => {
      const updated = await desk.api['settings:update'](patch)
      i18n.follow(updated.settings.language)
      for (const listener of settingsListeners) listener()
      return updated
    },
    'doctor:report': async () => {
      const report = await desk.api['doctor:report']()
      return paths.crashDumpsDir ? { ...report, text: `${report.text}\n\n${crashDumpSummary(paths.crashDumpsDir)}\n` } : report
    },
  }
  // The core decides (open, or ask first); whatever it opened shows in an editor window, also when the console
  // itself calls the channel.
  const openFromSystem: OpenFromSystem = async (request) => {
    const result = await desk.api['documents:open-from-system'](request)
    if (result.kind === 'opened') await showInEditorView(result, basename(request.path))
    return result
  }
  api['documents:open-from-system'] = openFromSystem
  const unbindContract = bindContractOverIpc(electron.ipcMain, api, consoleContents, log)
  const unbindPickers = bindNativePickers(
    electron.ipcMain,
    electron.dialog,
    () => (consoleWindow && !consoleWindow.isDestroyed() ? consoleWindow : null),
    i18n.t,
  )
  const unbindDrops = bindDroppedDocuments(electron.ipcMain, consoleContents, (path) =>
    extras.openDocument ? extras.openDocument(path) : void desktop.openPath(path),
  )
  const first = makeConsoleWindow()
  await consoleLoading

  let closed = false
  const desktop: DesktopApp = {
    desk,
    api,
    get window() {
      return consoleWindow ?? first
    },
    showConsole(hash = '') {
      if (!consoleWindow || consoleWindow.isDestroyed()) return makeConsoleWindow(hash)
      if (hash) void consoleWindow.loadURL(CONSOLE_URL + hash).catch(() => undefined)
      if (consoleWindow.isMinimized()) consoleWindow.restore()
      consoleWindow.show()
      consoleWindow.focus()
      return consoleWindow
    },
    async openPath(absolutePath) {
      try {
        const opened = await openDocumentFromSystem(
          openFromSystem,
          { showMessageBox: (options) => electron.dialog.showMessageBox(options) },
          absolutePath,
          i18n.t,
        )
        if (opened) extras.onOpenedFromSystem?.(absolutePath)
        return opened
      } catch (error) {
        electron.dialog.showErrorBox(i18n.t('shell.failOpenDocument'), `${absolutePath}: ${(error as Error).message}`)
        return null
      }
    },
    openDocuments: () => [...editors.values()],
    onDocumentsChanged(listener) {
      documentListeners.push(listener)
    },
    onConsoleClosed(listener) {
      consoleClosedListeners.push(listener)
    },
    i18n,
    onSettingsChanged(listener) {
      settingsListeners.push(listener)
    },
    async close() {
      if (closed) return
      closed = true
      // Editor windows first: each blanks its page so the editor unlocks and flushes, then its session closes.
      await Promise.all(
        [...editors.keys()].map(
          (editor) =>
            new Promise<void>((done) => {
              if (editor.isDestroyed()) return done()
              editor.once('closed', () => done())
              editor.close()
            }),
        ),
      )
      unbindContract()
      unbindPickers()
      unbindDrops()
      await desk.close()
    },
  }
  return desktop
}
