import { writeFile } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path'
import type { App, BrowserWindow, Dialog, Menu, MenuItemConstructorOptions, Shell, Tray } from 'electron'
import { buildAppMenu, type MenuActions } from './app-menu'
import type { DesktopApp } from './desktop-app'
import { buildTrayMenu, trayToolTip, type TrayStatus } from './host-tray'
import type { RecentDocuments } from './recent-documents'

// The native parts around the desktop app: the application menu, the tray icon and the macOS dock menu, with
// the actions behind them. Electron's objects come in, so it runs against fakes in the tests.

export interface NativeShellParts {
  app: Pick<App, 'getVersion'> & { dock?: { setMenu(menu: Menu): void } }
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): Menu; setApplicationMenu(menu: Menu | null): void }
  Tray: new (icon: string) => Pick<Tray, 'setToolTip' | 'setContextMenu' | 'on' | 'destroy'>
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox' | 'showErrorBox'>
  shell: Pick<Shell, 'openPath'>
  /** the system's notifications; absent or unsupported: the tray alone says the host keeps serving */
  Notification?: { isSupported(): boolean; new (options: { title: string; body: string }): { show(): void } }
}

export interface NativeShellOptions {
  platform: NodeJS.Platform
  development: boolean
  logsDir: string
  trayIcon: string
  recent: RecentDocuments
  /** hands a document to the intake (it opens it in turn) */
  openDocument(path: string): void
  quit(): void
  versions?: { electron?: string; chrome?: string; node?: string }
  /** how often the tray's status is read again at most (WOPI traffic changes locks) */
  refreshIntervalMs?: number
}

export interface NativeShell {
  /** reads the host's status again and rebuilds the tray and the menus */
  refresh(): Promise<void>
  /** rebuilds the application and dock menus (the recent documents changed) */
  rebuildMenus(): void
  menuActions: MenuActions
  destroy(): void
}

export function installNativeShell(parts: NativeShellParts, desktop: DesktopApp, options: NativeShellOptions): NativeShell {
  const { api } = desktop
  const owner = (): BrowserWindow | null => (desktop.window.isDestroyed() ? null : desktop.window)
  const withOwner = <T>(show: (window: BrowserWindow) => Promise<T>, alone: () => Promise<T>): Promise<T> => {
    const window = owner()
    return window ? show(window) : alone()
  }
  const { t } = desktop.i18n
  const fail = (titleKey: string) => (error: unknown) => parts.dialog.showErrorBox(t(titleKey), (error as Error).message ?? String(error))

  const menuActions: MenuActions = {
    openDocument() {
      const dialogOptions = {
        title: t('shell.openTitle'),
        properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[],
      }
      void withOwner(
        (window) => parts.dialog.showOpenDialog(window, dialogOptions),
        () => parts.dialog.showOpenDialog(dialogOptions),
      )
        .then((answer) => {
          if (!answer.canceled) for (const path of answer.filePaths) options.openDocument(path)
        })
        .catch(fail('shell.failOpenDialog'))
    },
    openRecent(path) {
      options.openDocument(path)
    },
    clearRecent() {
      options.recent.clear()
    },
    newDocument() {
      const root = desktop.desk.host.files.root
      const dialogOptions = { title: t('shell.newTitle'), defaultPath: join(root, 'Untitled.odt'), buttonLabel: t('shell.create') }
      void withOwner(
        (window) => parts.dialog.showSaveDialog(window, dialogOptions),
        () => parts.dialog.showSaveDialog(dialogOptions),
      )
        .then(async (answer) => {
          if (answer.canceled || !answer.filePath) return
          const inside = relative(root, answer.filePath)
          if (!inside || inside.startsWith('..') || isAbsolute(inside)) {
            parts.dialog.showErrorBox('WOPI Desk', t('shell.newOutside', { root }))
            return
          }
          const dir = dirname(inside)
          await api['files:new-document']({ dir: dir === '.' ? '' : dir.split(sep).join('/'), name: basename(inside) })
        })
        .catch(fail('shell.failNewDocument'))
    },
    chooseServedFolder() {
      // The Settings page owns the served folders (and their Browse… picker).
      desktop.showConsole('#/settings')
    },
    showDoctor() {
      desktop.showConsole('#/doctor')
    },
    saveDiagnosticsReport() {
      void (async () => {
        const report = await api['doctor:report']()
        const dialogOptions = { title: t('shell.saveReportTitle'), defaultPath: report.fileName, buttonLabel: t('shell.save') }
        const answer = await withOwner(
          (window) => parts.dialog.showSaveDialog(window, dialogOptions),
          () => parts.dialog.showSaveDialog(dialogOptions),
        )
        if (!answer.canceled && answer.filePath) await writeFile(answer.filePath, report.text)
      })().catch(fail('shell.failSaveReport'))
    },
    openLogsFolder() {
      void parts.shell.openPath(options.logsDir).then((problem) => {
        if (problem) parts.dialog.showErrorBox(t('shell.failOpenLogs'), `${options.logsDir}: ${problem}`)
      })
    },
    showAbout() {
      const versions = options.versions ?? {}
      const detail = [
        t('shell.aboutServing', { root: desktop.desk.host.files.root }),
        t('shell.aboutLogs', { dir: options.logsDir }),
        [
          versions.electron && `Electron ${versions.electron}`,
          versions.chrome && `Chromium ${versions.chrome}`,
          versions.node && `Node ${versions.node}`,
        ]
          .filter(Boolean)
          .join(', '),
      ]
        .filter(Boolean)
        .join('\n')
      const box = {
        type: 'info' as const,
        title: t('shell.aboutTitle'),
        message: `WOPI Desk ${parts.app.getVersion()}`,
        detail,
        buttons: [t('shell.ok')],
      }
      void withOwner(
        (window) => parts.dialog.showMessageBox(window, box),
        () => parts.dialog.showMessageBox(box),
      ).catch(() => undefined)
    },
  }

  const rebuildMenus = () => {
    parts.Menu.setApplicationMenu(
      parts.Menu.buildFromTemplate(
        buildAppMenu(
          { appName: 'WOPI Desk', platform: options.platform, development: options.development, recent: options.recent.list() },
          menuActions,
          t,
        ),
      ),
    )
    parts.app.dock?.setMenu(
      parts.Menu.buildFromTemplate([
        ...options.recent
          .list()
          .slice(0, 5)
          .map((path) => ({ label: basename(path), click: () => options.openDocument(path) })),
        { type: 'separator' },
        { label: t('tray.openConsole'), click: () => void desktop.showConsole() },
      ]),
    )
  }

  const tray = new parts.Tray(options.trayIcon)
  tray.on('click', () => void desktop.showConsole())
  let destroyed = false
  const refresh = async () => {
    if (destroyed) return
    const [settings, locks, host] = await Promise.all([api['settings:get'](), api['files:locks'](), api['host:status']()])
    const status: TrayStatus = {
      wopiUrl: settings.effectiveWopiBase,
      openDocuments: desktop.openDocuments().map((document) => document.name),
      locks: locks.length,
      paused: host.paused,
    }
    if (destroyed) return
    desktop.i18n.follow(settings.language)
    tray.setToolTip(trayToolTip(status, t))
    tray.setContextMenu(
      parts.Menu.buildFromTemplate(
        buildTrayMenu(
          status,
          {
            openConsole: () => void desktop.showConsole(),
            pause: () => void api['host:pause']().catch(() => undefined),
            resume: () => void api['host:resume']().catch(() => undefined),
            quit: options.quit,
          },
          t,
        ),
      ),
    )
    rebuildMenus()
  }
  // WOPI traffic (locks come and go with it) refreshes the tray at most once per interval.
  let timer: NodeJS.Timeout | null = null
  const refreshSoon = () => {
    if (timer || destroyed) return
    timer = setTimeout(() => {
      timer = null
      refresh().catch(() => undefined)
    }, options.refreshIntervalMs ?? 2_000)
  }
  const unsubscribe = desktop.desk.events.subscribeAll((event) => {
    if (event === 'activity:request') refreshSoon()
    // A pause from the tray or any console shows at once, not at the next WOPI request.
    if (event === 'host:changed') void refresh().catch(() => undefined)
  })
  desktop.onDocumentsChanged(() => void refresh().catch(() => undefined))
  // A new language in Settings shows in the menus and the tray at once.
  desktop.onSettingsChanged(() => void refresh().catch(() => undefined))
  // Closing the console while documents are open keeps serving them: say so once, and where to quit.
  let toldAboutServing = false
  desktop.onConsoleClosed(() => {
    const open = desktop.openDocuments().length
    if (!open || toldAboutServing || destroyed || !parts.Notification?.isSupported()) return
    toldAboutServing = true
    new parts.Notification({
      title: t('shell.keepsServingTitle'),
      body: t(options.platform === 'darwin' ? 'shell.keepsServingMenuBar' : 'shell.keepsServingTray', { count: open }),
    }).show()
  })
  rebuildMenus()

  return {
    refresh,
    rebuildMenus,
    menuActions,
    destroy() {
      destroyed = true
      if (timer) clearTimeout(timer)
      unsubscribe()
      tray.destroy()
    },
  }
}
