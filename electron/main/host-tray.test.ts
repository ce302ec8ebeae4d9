import { describe, expect, it } from 'vitest'
import { buildTrayMenu, trayToolTip } from './host-tray'
import { createMainI18n } from './main-i18n'

describe('the tray menu', () => {
  it('shows what is served, open and locked, and offers Open Console and Quit', () => {
    const calls: string[] = []
    const template = buildTrayMenu(
      { wopiUrl: 'http://127.0.0.1:17890', openDocuments: ['report.odt'], locks: 1, paused: false },
      {
        openConsole: () => calls.push('console'),
        pause: () => calls.push('pause'),
        resume: () => calls.push('resume'),
        quit: () => calls.push('quit'),
      },
    )
    expect(template.map((item) => item.label ?? item.type)).toEqual([
      'Serving on http://127.0.0.1:17890',
      '1 file locked by an editor',
      'separator',
      'Open documents',
      '  report.odt',
      'separator',
      'Open Console',
      'Pause host',
      'Quit (closes the documents and releases their locks)',
    ])
    template.find((item) => item.label === 'Open Console')!.click!({} as never, undefined, {} as never)
    template.find((item) => item.label === 'Pause host')!.click!({} as never, undefined, {} as never)
    template.at(-1)!.click!({} as never, undefined, {} as never)
    expect(calls).toEqual(['console', 'pause', 'quit'])
  })

  it('says when nothing is open', () => {
    const template = buildTrayMenu(
      { wopiUrl: 'http://127.0.0.1:1', openDocuments: [], locks: 0, paused: false },
      { openConsole: () => undefined, pause: () => undefined, resume: () => undefined, quit: () => undefined },
    )
    expect(template.map((item) => item.label)).toContain('  No documents open')
    expect(template.at(-1)!.label).toBe('Quit WOPI Desk')
    expect(trayToolTip({ wopiUrl: 'http://127.0.0.1:1', openDocuments: [], locks: 2, paused: false })).toBe(
      'WOPI Desk is serving on http://127.0.0.1:1 — 0 documents open, 2 locks',
    )
  })

  it('offers Resume host while paused, and its tooltip says editors wait', () => {
    const calls: string[] = []
    const status = { wopiUrl: 'http://127.0.0.1:17890', openDocuments: ['report.odt'], locks: 1, paused: true }
    const template = buildTrayMenu(status, {
      openConsole: () => undefined,
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
      quit: () => undefined,
    })
    const labels = template.map((item) => item.label)
    expect(labels[0]).toBe('Paused on http://127.0.0.1:17890')
    expect(labels).not.toContain('Pause host')
    template.find((item) => item.label === 'Resume host')!.click!({} as never, undefined, {} as never)
    expect(calls).toEqual(['resume'])
    expect(trayToolTip(status)).toBe(
      'WOPI Desk is paused (editors wait until you resume it) on http://127.0.0.1:17890 — 1 document open, 1 lock',
    )
  })
})

describe('the tray in German', () => {
  const { t } = createMainI18n('de', () => [])
  const actions = { openConsole: () => undefined, pause: () => undefined, resume: () => undefined, quit: () => undefined }

  it('says what is served, open and locked, with German plurals', () => {
    const template = buildTrayMenu({ wopiUrl: 'http://127.0.0.1:1', openDocuments: ['a.odt', 'b.odt'], locks: 2, paused: true }, actions, t)
    expect(template.map((item) => item.label ?? item.type)).toEqual([
      'Angehalten unter http://127.0.0.1:1',
      '2 Dateien von Editoren gesperrt',
      'separator',
      'Geöffnete Dokumente',
      '  a.odt',
      '  b.odt',
      'separator',
      'Konsole öffnen',
      'Host fortsetzen',
      'Beenden (schließt die Dokumente und gibt ihre Sperren frei)',
    ])
    expect(trayToolTip({ wopiUrl: 'http://127.0.0.1:1', openDocuments: [], locks: 1, paused: false }, t)).toBe(
      'WOPI Desk stellt bereit unter http://127.0.0.1:1 — 0 Dokumente geöffnet, 1 Sperre',
    )
  })
})
