import { EventEmitter } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { menuItems } from './app-menu'
import type { DesktopApp } from './desktop-app'
import { createMainI18n } from './main-i18n'
import { installNativeShell } from './native-shell'
import type { RecentDocuments } from './recent-documents'

const dir = mkdtempSync(join(tmpdir(), 'wopi-desk-native-shell-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const root = join(dir, 'served')

type Template = { label?: string; role?: string; type?: string; submenu?: Template[]; click?: () => void }

function setUp(answers: { open?: string[]; save?: string } = {}) {
  const calls: string[] = []
  const menus: Template[][] = []
  let applicationMenu: Template[] | null = null
  let dockMenu: Template[] | null = null
  const trays: { tip: string; menu: Template[]; destroyed: boolean }[] = []
  const listeners: (() => void)[] = []
  const consoleClosed: (() => void)[] = []
  const notifications: string[] = []
  const subscribers: ((event: string) => void)[] = []
  const events = { subscribeAll: (listener: (event: string) => void) => (subscribers.push(listener), () => undefined) }
  let paused = false
  let language = 'system'
  const settingsChanged: (() => void)[] = []
  const changePause = async (next: boolean) => {
    paused = next
    calls.push(next ? 'pause' : 'resume')
    for (const subscriber of subscribers) subscriber('host:changed')
    return { paused, pausedAt: null }
  }
  const desktop = {
    api: {
      'settings:get': async () => ({ effectiveWopiBase: 'http://127.0.0.1:17890', language }),
      'files:locks': async () => [{ path: 'a.odt' }],
      'host:status': async () => ({ paused, pausedAt: null }),
      'host:pause': () => changePause(true),
      'host:resume': () => changePause(false),
      'doctor:report': async () => ({ fileName: 'wopi-desk-report.txt', text: 'the report' }),
      'files:new-document': async (request: unknown) => void calls.push(`new ${JSON.stringify(request)}`),
    },
    desk: { host: { files: { root } }, events },
    window: { isDestroyed: () => true },
    showConsole: (hash?: string) => void calls.push(`console ${hash ?? ''}`),
    openDocuments: () => [{ sessionId: 's', name: 'a.odt' }],
    onDocumentsChanged: (listener: () => void) => void listeners.push(listener),
    onConsoleClosed: (listener: () => void) => void consoleClosed.push(listener),
    i18n: createMainI18n(language, () => ['en-US']),
    onSettingsChanged: (listener: () => void) => void settingsChanged.push(listener),
  } as unknown as DesktopApp
  class Notification {
    static isSupported() {
      return true
    }
    constructor(private readonly options: { title: string; body: string }) {}
    show() {
      notifications.push(`${this.options.title}: ${this.options.body}`)
    }
  }
  const recentList = ['/docs/r.odt']
  const recent: RecentDocuments = {
    list: () => recentList,
    add: () => undefined,
    remove: () => undefined,
    clear: () => void calls.push('clear recent'),
  }
  class Tray extends EventEmitter {
    state = { tip: '', menu: [] as Template[], destroyed: false }
    constructor(icon: string) {
      super()
      calls.push(`tray ${icon}`)
      trays.push(this.state)
    }
    setToolTip(tip: string) {
      this.state.tip = tip
    }
    setContextMenu(menu: Template[]) {
      this.state.menu = menu
    }
    destroy() {
      this.state.destroyed = true
    }
  }
  const shell = installNativeShell(
    {
      app: { getVersion: () => '1.2.3', dock: { setMenu: (menu: never) => void (dockMenu = menu) } },
      Menu: {
        buildFromTemplate: (template: never) => (menus.push(template), template),
        setApplicationMenu: (menu: never) => void (applicationMenu = menu),
      },
      Tray: Tray as never,
      dialog: {
        showOpenDialog: async () => ({ canceled: !answers.open, filePaths: answers.open ?? [] }),
        showSaveDialog: async () => ({ canceled: !answers.save, filePath: answers.save ?? '' }),
        showMessageBox: async (options: { message: string }) => (
          calls.push(`box ${options.message}`),
          { response: 0, checkboxChecked: false }
        ),
        showErrorBox: (title: string, message: string) => void calls.push(`error ${title}: ${message}`),
      } as never,
      shell: { openPath: async (path: string) => (calls.push(`open ${path}`), '') },
      Notification,
    },
    desktop,
    {
      platform: 'linux',
      development: false,
      logsDir: join(dir, 'logs'),
      trayIcon: '/icon.png',
      recent,
      openDocument: (path) => void calls.push(`document ${path}`),
      quit: () => void calls.push('quit'),
    },
  )
  const click = (label: string) =>
    menuItems(applicationMenu as never).find((item) => item.label === label)!.click!({} as never, undefined, {} as never)
  return {
    shell,
    calls,
    trays,
    listeners,
    consoleClosed,
    notifications,
    click,
    menus: () => ({ applicationMenu: applicationMenu!, dockMenu: dockMenu! }),
    /** what saving Settings with a language does: the setting changes, then the desktop tells its listeners */
    saveLanguage(next: string) {
      language = next
      for (const listener of settingsChanged) listener()
    },
  }
}

const settle = () => new Promise((done) => setTimeout(done, 20))

describe('the native shell', () => {
  it('sets the application menu and the dock menu with the recent documents', () => {
    const { menus, calls } = setUp()
    const { applicationMenu, dockMenu } = menus()
    expect(applicationMenu.map((item) => item.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help'])
    expect(dockMenu.map((item) => item.label ?? item.type)).toEqual(['r.odt', 'separator', 'Open Console'])
    dockMenu[0]!.click!()
    expect(calls).toContain('document /docs/r.odt')
  })

  it('shows the host’s status in the tray, and quits from it', async () => {
    const { shell, trays, calls, listeners } = setUp()
    expect(calls[0]).toBe('tray /icon.png')
    listeners[0]!()
    await settle()
    expect(trays[0]!.tip).toBe('WOPI Desk is serving on http://127.0.0.1:17890 — 1 document open, 1 lock')
    expect(trays[0]!.menu.map((item) => item.label)).toContain('  a.odt')
    trays[0]!.menu.at(-1)!.click!()
    expect(calls).toContain('quit')
    shell.destroy()
    expect(trays[0]!.destroyed).toBe(true)
  })

  it('pauses and resumes the host from the tray, and the tray follows at once', async () => {
    const { trays, calls, listeners } = setUp()
    listeners[0]!()
    await settle()
    trays[0]!.menu.find((item) => item.label === 'Pause host')!.click!()
    await settle()
    expect(calls).toContain('pause')
    expect(trays[0]!.tip).toMatch(/^WOPI Desk is paused /)
    trays[0]!.menu.find((item) => item.label === 'Resume host')!.click!()
    await settle()
    expect(calls).toContain('resume')
    expect(trays[0]!.tip).toMatch(/^WOPI Desk is serving /)
    expect(trays[0]!.menu.map((item) => item.label)).toContain('Pause host')
  })

  it('rebuilds the menus and the tray in the language saved in Settings', async () => {
    const { menus, trays, saveLanguage } = setUp()
    expect(menus().applicationMenu.map((item) => item.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help'])
    saveLanguage('de')
    await settle()
    expect(menus().applicationMenu.map((item) => item.label)).toEqual(['&Datei', '&Bearbeiten', '&Ansicht', '&Fenster', '&Hilfe'])
    expect(menus().dockMenu.at(-1)!.label).toBe('Konsole öffnen')
    expect(trays[0]!.tip).toBe('WOPI Desk stellt bereit unter http://127.0.0.1:17890 — 1 Dokument geöffnet, 1 Sperre')
    expect(trays[0]!.menu.map((item) => item.label)).toContain('Host anhalten')
    saveLanguage('system')
    await settle()
    expect(menus().applicationMenu[0]!.label).toBe('&File')
  })

  it('says in German that it keeps serving when German was saved', async () => {
    const { consoleClosed, notifications, saveLanguage } = setUp()
    saveLanguage('de')
    await settle()
    consoleClosed[0]!()
    expect(notifications).toEqual([
      'WOPI Desk stellt weiter bereit: 1 Dokument ist noch geöffnet. Beenden Sie WOPI Desk über sein Symbol im Infobereich, wenn Sie fertig sind.',
    ])
  })

  it('says once that it keeps serving when the console closes with documents open, and where to quit', () => {
    const { consoleClosed, notifications } = setUp()
    consoleClosed[0]!()
    consoleClosed[0]!()
    expect(notifications).toEqual([
      'WOPI Desk keeps serving: 1 document is still open. Quit from the WOPI Desk icon in the tray when you are done.',
    ])
  })

  it('opens the documents chosen in File > Open…', async () => {
    const { click, calls } = setUp({ open: ['/a/one.odt', '/b/two.docx'] })
    click('Open…')
    await settle()
    expect(calls.filter((call) => call.startsWith('document'))).toEqual(['document /a/one.odt', 'document /b/two.docx'])
  })

  it('makes a new document inside the served folder, and refuses a place outside it', async () => {
    const inside = setUp({ save: join(root, 'Reports', 'Q3.odt') })
    inside.click('New Document…')
    await settle()
    expect(inside.calls).toContain('new {"dir":"Reports","name":"Q3.odt"}')
    const outside = setUp({ save: join(dir, 'elsewhere.odt') })
    outside.click('New Document…')
    await settle()
    expect(outside.calls.find((call) => call.startsWith('new'))).toBeUndefined()
    expect(outside.calls).toContain(`error WOPI Desk: New documents are made in the served folder (${root}). Choose a place inside it.`)
  })

  it('saves the diagnostics report where the user chooses, and reaches the console pages and the logs folder', async () => {
    const target = join(dir, 'report.txt')
    const { click, calls } = setUp({ save: target })
    click('Save Diagnostics Report…')
    await settle()
    expect(readFileSync(target, 'utf8')).toBe('the report')
    click('Doctor')
    click('Served Folders…')
    click('Open Logs Folder')
    click('About WOPI Desk')
    await settle()
    expect(calls).toEqual(
      expect.arrayContaining(['console #/doctor', 'console #/settings', `open ${join(dir, 'logs')}`, 'box WOPI Desk 1.2.3']),
    )
  })
})
