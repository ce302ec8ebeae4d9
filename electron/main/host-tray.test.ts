import { describe, expect, it } from 'vitest'
import { buildTrayMenu, trayToolTip } from './host-tray'

describe('the tray menu', () => {
  it('shows what is served, open and locked, and offers Open Console and Quit', () => {
    const calls: string[] = []
    const template = buildTrayMenu(
      { wopiUrl: 'http://127.0.0.1:17890', openDocuments: ['report.odt'], locks: 1 },
      { openConsole: () => calls.push('console'), quit: () => calls.push('quit') },
    )
    expect(template.map((item) => item.label ?? item.type)).toEqual([
      'Serving on http://127.0.0.1:17890',
      '1 file locked by an editor',
      'separator',
      'Open documents',
      '  report.odt',
      'separator',
      'Open Console',
      'Quit (closes the documents and releases their locks)',
    ])
    template.find((item) => item.label === 'Open Console')!.click!({} as never, undefined, {} as never)
    template.at(-1)!.click!({} as never, undefined, {} as never)
    expect(calls).toEqual(['console', 'quit'])
  })

  it('says when nothing is open', () => {
    const template = buildTrayMenu(
      { wopiUrl: 'http://127.0.0.1:1', openDocuments: [], locks: 0 },
      { openConsole: () => undefined, quit: () => undefined },
    )
    expect(template.map((item) => item.label)).toContain('  No documents open')
    expect(template.at(-1)!.label).toBe('Quit WOPI Desk')
    expect(trayToolTip({ wopiUrl: 'http://127.0.0.1:1', openDocuments: [], locks: 2 })).toBe(
      'WOPI Desk is serving on http://127.0.0.1:1 — 0 documents open, 2 locks',
    )
  })
})
