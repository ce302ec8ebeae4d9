// The Electron entry point: the only file of the app that imports 'electron'. Everything it does is composed in
// desktop-app.ts from the objects passed in here.
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { privilegedSchemes } from './app-protocol'
import { startDesktopApp, type DesktopApp } from './desktop-app'
import { desktopPortsFromArgv } from './desktop-ports'
import { checkSqliteAddon, chooseSqliteAddon } from './native-addon'
import { createElectronUpdates, type AutoUpdater } from './updates'

const here = dirname(fileURLToPath(import.meta.url))

// Must happen before ready: the console's own scheme is a secure, standard origin (not file://).
protocol.registerSchemesAsPrivileged(privilegedSchemes)
app.setName('WOPI Desk')

/** Documents passed on the command line or by a file association. */
function documentsIn(argv: readonly string[]): string[] {
  return argv.slice(1).filter((arg) => !arg.startsWith('-') && existsSync(arg) && !arg.endsWith('.js') && resolve(arg) !== resolve(here, '..', '..'))
}

if (!app.requestSingleInstanceLock()) {
  // One WOPI host per data folder: a second launch hands its documents to the first and quits.
  app.quit()
} else {
  let desktop: DesktopApp | null = null
  const pending: string[] = documentsIn(process.argv)

  app.on('second-instance', (_event, argv) => {
    if (desktop && !desktop.window.isDestroyed()) {
      if (desktop.window.isMinimized()) desktop.window.restore()
      desktop.window.focus()
      for (const path of documentsIn(argv)) void desktop.openPath(resolve(path))
    }
  })
  app.on('open-file', (event, path) => {
    event.preventDefault()
    if (desktop) void desktop.openPath(path)
    else pending.push(path)
  })
  app.on('window-all-closed', () => app.quit())
  app.on('will-quit', (event) => {
    if (!desktop) return
    event.preventDefault()
    const closing = desktop
    desktop = null
    void closing.close().finally(() => app.exit(0))
  })

  void app
    .whenReady()
    .then(async () => {
      const location = { packaged: app.isPackaged, appRoot: join(here, '..', '..'), resourcesPath: process.resourcesPath }
      const abi = Number(process.versions.modules)
      const addon = checkSqliteAddon(chooseSqliteAddon(location, { abi, platform: process.platform, arch: process.arch }), location, abi)
      if (!addon.ok) throw new Error(addon.message)
      const updates = createElectronUpdates({
        version: app.getVersion(),
        packaged: app.isPackaged,
        feedConfigured: app.isPackaged && existsSync(join(process.resourcesPath, 'app-update.yml')),
        loadUpdater: async () => {
          const updater = await import('electron-updater')
          return (updater.autoUpdater ?? (updater.default as typeof updater).autoUpdater) as unknown as AutoUpdater
        },
      })
      desktop = await startDesktopApp(
        { app, BrowserWindow, ipcMain, protocol, session, dialog, shell },
        {
          rendererDir: join(here, '..', 'renderer'),
          preload: join(here, '..', 'preload', 'index.cjs'),
          resourcesDir: app.isPackaged ? join(process.resourcesPath, 'resources') : join(here, '..', '..', 'resources'),
          sqliteAddon: addon.path,
        },
        { electron: process.versions.electron, chrome: process.versions.chrome },
        desktopPortsFromArgv(process.argv),
        { updates },
      )
      for (const path of pending.splice(0)) await desktop.openPath(resolve(path))
      // One check per start when a feed is configured; the Settings page shows the outcome and can check again.
      if (updates.status().state === 'idle') void updates.check()
    })
    .catch((error: unknown) => {
      const message = (error as Error)?.message ?? String(error)
      // One line on the terminal too: `npm start` users read it there, and a dialog may not be seen under CI.
      process.stderr.write(`WOPI Desk could not start: ${message}\n`)
      dialog.showErrorBox('WOPI Desk could not start', message)
      app.exit(1)
    })
}
