import { describe, expect, it } from 'vitest'
import { buildAppMenu, menuItems, type MenuActions } from './app-menu'
import { createMainI18n } from './main-i18n'

function recordingActions() {
  const calls: string[] = []
  const actions = new Proxy({} as MenuActions, {
    get:
      (_target, name) =>
      (...args: unknown[]) =>
        calls.push([String(name), ...args].join(' ')),
  })
  return { actions, calls }
}

const base = { appName: 'WOPI Desk', platform: 'linux' as NodeJS.Platform, development: false, recent: [] as string[] }

describe('the application menu', () => {
  it('has File, Edit, View, Window and Help with the accelerators people expect', () => {
    const { actions } = recordingActions()
    const template = buildAppMenu(base, actions)
    expect(template.map((item) => item.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help'])
    const items = menuItems(template)
    expect(items.find((item) => item.label === 'Open…')?.accelerator).toBe('CmdOrCtrl+O')
    expect(items.find((item) => item.label === 'New Document…')?.accelerator).toBe('CmdOrCtrl+N')
    expect(items.map((item) => item.label ?? item.role)).toEqual(
      expect.arrayContaining([
        'Served Folders…',
        'Close Window',
        'Doctor',
        'Save Diagnostics Report…',
        'Open Logs Folder',
        'About WOPI Desk',
      ]),
    )
  })

  it('offers DevTools only in development', () => {
    const { actions } = recordingActions()
    const roles = (development: boolean) => menuItems(buildAppMenu({ ...base, development }, actions)).map((item) => item.role)
    expect(roles(false)).not.toContain('toggleDevTools')
    expect(roles(false)).not.toContain('reload')
    expect(roles(true)).toContain('toggleDevTools')
  })

  it('lists recent documents, which open on click, and can clear them', () => {
    const { actions, calls } = recordingActions()
    const items = menuItems(buildAppMenu({ ...base, recent: ['/docs/b.odt', '/docs/a.docx'] }, actions))
    const recent = items.find((item) => item.label === 'Open Recent')!
    expect((recent.submenu as { label?: string }[]).map((item) => item.label)).toEqual(['&1 b.odt', '&2 a.docx', undefined, 'Clear Recent'])
    items.find((item) => item.label === '&2 a.docx')!.click!({} as never, undefined, {} as never)
    items.find((item) => item.label === 'Clear Recent')!.click!({} as never, undefined, {} as never)
    expect(calls).toEqual(['openRecent /docs/a.docx', 'clearRecent'])
    const empty = menuItems(buildAppMenu(base, actions)).find((item) => item.label === 'No recent documents')
    expect(empty?.enabled).toBe(false)
  })

  it('runs each action from its item', () => {
    const { actions, calls } = recordingActions()
    const items = menuItems(buildAppMenu(base, actions))
    for (const label of [
      'Open…',
      'New Document…',
      'Served Folders…',
      'Doctor',
      'Save Diagnostics Report…',
      'Open Logs Folder',
      'About WOPI Desk',
    ]) {
      items.find((item) => item.label === label)!.click!({} as never, undefined, {} as never)
    }
    expect(calls).toEqual([
      'openDocument',
      'newDocument',
      'chooseServedFolder',
      'showDoctor',
      'saveDiagnosticsReport',
      'openLogsFolder',
      'showAbout',
    ])
  })

  it('puts About and Quit in the app menu on macOS', () => {
    const { actions } = recordingActions()
    const template = buildAppMenu({ ...base, platform: 'darwin' }, actions)
    expect(template[0]!.label).toBe('WOPI Desk')
    expect(menuItems([template[0]!]).map((item) => item.label ?? item.role)).toEqual(expect.arrayContaining(['About WOPI Desk', 'quit']))
    expect(menuItems([template[1]!]).map((item) => item.role)).not.toContain('quit')
  })
})

describe('the application menu in German', () => {
  it('translates every label it writes, and keeps roles and accelerators', () => {
    const { actions } = recordingActions()
    const { t } = createMainI18n('de', () => [])
    const english = menuItems(buildAppMenu({ ...base, recent: ['/docs/a.odt'] }, actions))
    const german = menuItems(buildAppMenu({ ...base, recent: ['/docs/a.odt'] }, actions, t))
    expect(german.map((item) => item.label)).toEqual(
      expect.arrayContaining([
        '&Datei',
        'Öffnen…',
        'Zuletzt geöffnet',
        'Liste leeren',
        'Neues Dokument…',
        'Diagnosebericht speichern…',
        'Über WOPI Desk',
      ]),
    )
    expect(german.map((item) => [item.role, item.accelerator])).toEqual(english.map((item) => [item.role, item.accelerator]))
    // The recent document keeps its own name; only the app's words change.
    expect(german.map((item) => item.label)).toContain('&1 a.odt')
    expect(menuItems(buildAppMenu(base, actions, t)).map((item) => item.label)).toContain('Keine zuletzt geöffneten Dokumente')
  })

  it('shows the macOS app menu’s About in Chinese when Chinese is chosen', () => {
    const { actions } = recordingActions()
    const template = buildAppMenu({ ...base, platform: 'darwin' }, actions, createMainI18n('zh-Hans', () => []).t)
    expect(menuItems(template).map((item) => item.label)).toContain('关于 WOPI Desk')
  })
})
