// The Electron entry point: the only file of the app that imports 'electron'. Everything it does is composed in
// desktop-app.ts and native-shell.ts from the objects passed in here; each concern lives in its own module.
import { app, BrowserWindow, crashReporter, dialog, ipcMain, Menu, Notification, protocol, screen, session, shell, Tray } from 'electron'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { consoleLog } from '../core/deps'
import { PortInUseError } from '../core/server/wopi-listener'
import { privilegedSchemes } from './app-protocol'
import { startDesktopApp, type DesktopApp, type DesktopPorts } from './desktop-app'
import { desktopPortsFromArgv } from './desktop-ports'
import { createDocumentIntake, documentsInArgv } from './document-intake'
import { openLogFile, teeToLogFile, type LogFile } from './log-file'
import { electronSystemLanguages, type Translate } from './main-i18n'
import { installNativeShell, type NativeShell } from './native-shell'
import { checkSqliteAddon, chooseSqliteAddon } from './native-addon'
import { askAboutTakenPort } from './port-taken'
import { openRecentDocuments, RECENT_FILE } from './recent-documents'
import { guardEveryWebContents } from './security-guards'
import { reportStartFailure, textBeforeTheDesk, ToldTheUser } from './start-failure'
import { createElectronUpdates, type AutoUpdater } from './updates'
import { WINDOW_STATE_FILE } from './window-state'

const here = dirname(fileURLToPath(import.meta.url))
const appRoot = join(here, '..', '..')
const development = !app.isPackaged

// Must happen before ready: the console's own scheme is a secure, standard origin (not file://); every renderer
// is sandboxed, and every contents the app ever makes is guarded from its creation.
protocol.registerSchemesAsPrivileged(privilegedSchemes)
app.setName('WOPI Desk')
app.enableSandbox()
guardEveryWebContents(app, { development })
// Crash dumps stay on this computer (never uploaded); the diagnostics report lists them.
crashReporter.start({ uploadToServer: false })
app.setAppLogsPath()

let logFile: LogFile | null = null
try {
  logFile = openLogFile({ dir: app.getPath('logs') })
} catch (error) {
  process.stderr.write(`WOPI Desk keeps its log on the terminal only: ${(error as Error).message}\n`)
}
const log = consoleLog(logFile ? teeToLogFile(logFile) : undefined)

if (!app.requestSingleInstanceLock()) {
  // One WOPI host per data folder: a second launch hands its argv and working directory to the first and quits.
  app.quit()
} else {
  let desktop: DesktopApp | null = null
  let nativeShell: NativeShell | null = null
  let sqliteAddon: string | null = null
  // The desk is not open when the port is found taken or the start fails: the language comes from its database file.
  const storedText = () =>
    textBeforeTheDesk({ dataDir: app.getPath('userData'), sqliteAddon, systemLanguages: () => electronSystemLanguages(app) })
  const appPaths = [appRoot]
  const intake = createDocumentIntake((path, error) =>
    log.warn('could not open a document from the system', { path, error: (error as Error).message }),
  )
  for (const path of documentsInArgv(process.argv, { cwd: process.cwd(), appPaths })) intake.add(path)
  const recent = openRecentDocuments(join(app.getPath('userData'), RECENT_FILE), app, () => nativeShell?.rebuildMenus())

  app.on('second-instance', (_event, argv, workingDirectory) => {
    // The console comes back (made again if it was closed) and the documents open; before ready they wait.
    desktop?.showConsole()
    for (const path of documentsInArgv(argv, { cwd: workingDirectory, appPaths })) intake.add(path)
  })
  app.on('open-file', (event, path) => {
    event.preventDefault()
    intake.add(path)
  })
  app.on('activate', () => desktop?.showConsole())
  // Closing the console while documents are open keeps serving (the tray says so and quits); the last window quits.
  app.on('window-all-closed', () => app.quit())
  app.on('will-quit', (event) => {
    if (!desktop) return
    event.preventDefault()
    const closing = desktop
    desktop = null
    nativeShell?.destroy()
    void closing.close().finally(() => app.exit(0))
  })

  const startWithPortChoice = async (
    start: (ports: DesktopPorts) => Promise<DesktopApp>,
    ports: DesktopPorts,
    text: () => Translate,
  ): Promise<DesktopApp> => {
    for (;;) {
      try {
        return await start(ports)
      } catch (error) {
        if (!(error instanceof PortInUseError)) throw error
        log.warn('the WOPI port is taken', { port: error.port })
        const answer = await askAboutTakenPort(dialog, error.port, undefined, text())
        if (answer.kind === 'quit') throw new ToldTheUser(`port ${error.port} is in use`)
        ports = { ...ports, wopi: answer.port }
      }
    }
  }

  void app
    .whenReady()
    .then(async () => {
      const location = { packaged: app.isPackaged, appRoot, resourcesPath: process.resourcesPath }
      const abi = Number(process.versions.modules)
      const addon = checkSqliteAddon(chooseSqliteAddon(location, { abi, platform: process.platform, arch: process.arch }), location, abi)
      if (!addon.ok) throw new Error(addon.message)
      sqliteAddon = addon.path
      const updates = createElectronUpdates({
        version: app.getVersion(),
        packaged: app.isPackaged,
        feedConfigured: app.isPackaged && existsSync(join(process.resourcesPath, 'app-update.yml')),
        loadUpdater: async () => {
          const updater = await import('electron-updater')
          return (updater.autoUpdater ?? (updater.default as typeof updater).autoUpdater) as unknown as AutoUpdater
        },
      })
      const userData = app.getPath('userData')
      const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(appRoot, 'resources')
      desktop = await startWithPortChoice(
        (ports) =>
          startDesktopApp(
            { app, BrowserWindow, ipcMain, protocol, session, dialog, shell, screen },
            {
              rendererDir: join(here, '..', 'renderer'),
              preload: join(here, '..', 'preload', 'index.cjs'),
              resourcesDir,
              sqliteAddon: addon.path,
              requestLogWorker: join(here, 'request-log-worker.js'),
              windowStateFile: join(userData, WINDOW_STATE_FILE),
              crashDumpsDir: app.getPath('crashDumps'),
              certificatePinsFile: join(userData, 'certificate-pins.json'),
            },
            { electron: process.versions.electron, chrome: process.versions.chrome },
            ports,
            { updates, log, onOpenedFromSystem: (path) => recent.add(path), openDocument: (path) => intake.add(path) },
          ),
        desktopPortsFromArgv(process.argv),
        storedText,
      )
      const opened = desktop
      nativeShell = installNativeShell({ app, Menu, Tray, dialog, shell, Notification }, opened, {
        platform: process.platform,
        development,
        logsDir: app.getPath('logs'),
        trayIcon: join(resourcesDir, 'icons', 'png', process.platform === 'darwin' ? '16x16.png' : '32x32.png'),
        recent,
        openDocument: (path) => intake.add(path),
        quit: () => app.quit(),
        versions: { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node },
      })
      void nativeShell
        .refresh()
        .catch((error: unknown) => log.warn('could not read the host status for the tray', { error: (error as Error).message }))
      // Documents handed over while the app started open now, in the order they came.
      void intake.ready((path) => opened.openPath(path))
      // One check per start when a feed is configured; the Settings page shows the outcome and can check again.
      if (updates.status().state === 'idle') void updates.check()
    })
    .catch((error: unknown) => {
      reportStartFailure(error, { stderr: process.stderr, logFile, dialog }, storedText)
      app.exit(1)
    })
}
