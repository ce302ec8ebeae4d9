import type { App, BrowserWindow, Dialog, IpcMain, Protocol, Session, Shell } from 'electron'
import { isAbsolute, relative, sep } from 'node:path'
import type { ApiImplementation } from '../contract/channels'
import type { OpenResult } from '../contract/dto'
import { listen, openDesk, type Desk } from '../core/desk'
import { consoleLog } from '../core/deps'
import { defaultServedFolder, ensureWelcomeFolder } from '../core/files/welcome-folder'
import { tuneHeapForFileServing } from '../core/server/heap-tuning'
import { storedRoot } from '../core/settings/stored-root'
import type { UpdateSource } from '../core/updates/updates-api'
import { APP_SCHEME, CONSOLE_URL, createAppProtocolHandler, isConsoleUrl } from './app-protocol'
import { openEditorView } from './editor-view'
import { bindContractOverIpc, forwardEvents } from './ipc-binding'
import { createSecureWindow, type BrowserWindowConstructor } from './secure-window'
import { denyPermissions, guardWebContents } from './security-guards'

// The desktop app, composed from Electron objects passed in by index.ts (the only file that imports 'electron'),
// so every wire here can be unit-tested with fakes.

export interface ElectronParts {
  app: Pick<App, 'getPath' | 'getVersion' | 'on' | 'quit' | 'focus'>
  BrowserWindow: BrowserWindowConstructor
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  protocol: Pick<Protocol, 'handle'>
  session: { defaultSession: Session; fromPartition(partition: string): Session }
  dialog: Pick<Dialog, 'showSaveDialog' | 'showErrorBox'>
  shell: Pick<Shell, 'openExternal'>
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
}

export interface DesktopApp {
  desk: Desk
  window: BrowserWindow
  /** opens a document given on the command line or by the OS (file association), if it is in the served folder */
  openPath(absolutePath: string): Promise<OpenResult | null>
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

export async function startDesktopApp(
  electron: ElectronParts,
  paths: DesktopPaths,
  versions: { electron?: string; chrome?: string } = {},
  ports: DesktopPorts = {},
  extras: { updates?: UpdateSource } = {},
): Promise<DesktopApp> {
  tuneHeapForFileServing()
  const dataDir = electron.app.getPath('userData')
  const log = consoleLog()
  const home = electron.app.getPath('home')
  const sqlite = paths.sqliteAddon ? { nativeBinding: paths.sqliteAddon } : {}
  let root = storedRoot(dataDir, sqlite)
  if (!root) {
    root = defaultServedFolder(home)
    await ensureWelcomeFolder(root)
  }

  const desk = await openDesk({
    ...sqlite,
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
  await listen(desk, { wopi: true, editor: ports.editor !== undefined ? { port: ports.editor } : {}, scheduler: true }).catch(async (error: unknown) => {
    await desk.close()
    throw error
  })

  electron.protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererDir, { readIcon: async (appId) => desk.catalog.readIcon(appId) }))
  denyPermissions(electron.session.defaultSession)

  const window = createSecureWindow(electron.BrowserWindow, { title: 'WOPI Desk', width: 1280, height: 820, preload: paths.preload })
  guardWebContents(window.webContents, {
    allowNavigation: isConsoleUrl,
    openExternally: (url) => void electron.shell.openExternal(url),
  })

  // In the desktop app a document opens in its own sandboxed editor window instead of a browser tab.
  const showInEditorView = (result: OpenResult): OpenResult => {
    openEditorView({
      BrowserWindow: electron.BrowserWindow,
      session: electron.session,
      dialog: electron.dialog,
      shell: electron.shell,
      result,
      editorOrigin: new URL(result.actionUrl).origin,
      parent: window,
      onClosed: (sessionId) => desk.sessions.close(sessionId),
      log,
    })
    return result
  }
  const api: ApiImplementation = {
    ...desk.api,
    'files:open': async (request) => showInEditorView(await desk.api['files:open'](request)),
    'files:new-document': async (request) => showInEditorView(await desk.api['files:new-document'](request)),
  }
  const unbind = bindContractOverIpc(electron.ipcMain, api, () => (window.isDestroyed() ? null : window.webContents), log)
  forwardEvents(desk.events, window.webContents)
  await window.loadURL(CONSOLE_URL)

  let closed = false
  return {
    desk,
    window,
    async openPath(absolutePath) {
      const served = desk.host.files.root
      const inside = relative(served, absolutePath)
      if (!served || !inside || inside.startsWith('..') || isAbsolute(inside)) {
        electron.dialog.showErrorBox('WOPI Desk', `${absolutePath} is not in the served folder (${served}). Move it there, or choose that folder on the Settings page.`)
        return null
      }
      return api['files:open']({ path: inside.split(sep).join('/') })
    },
    async close() {
      if (closed) return
      closed = true
      unbind()
      await desk.close()
    },
  }
}
