import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openRecentDocuments, RECENT_FILE, RECENT_LIMIT } from './recent-documents'

const dir = mkdtempSync(join(tmpdir(), 'wopi-desk-recent-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function fakeSystem() {
  const calls: string[] = []
  return {
    calls,
    system: { addRecentDocument: (path: string) => calls.push(`add ${path}`), clearRecentDocuments: () => calls.push('clear') },
  }
}

describe('recent documents', () => {
  it('keeps the newest first without duplicates, tells the system, and survives a restart', () => {
    const file = join(dir, 'a-' + RECENT_FILE)
    const { calls, system } = fakeSystem()
    let changes = 0
    const recent = openRecentDocuments(file, system, () => changes++)
    recent.add('/d/a.odt')
    recent.add('/d/b.odt')
    recent.add('/d/a.odt')
    expect(recent.list()).toEqual(['/d/a.odt', '/d/b.odt'])
    expect(calls).toEqual(['add /d/a.odt', 'add /d/b.odt', 'add /d/a.odt'])
    expect(changes).toBe(3)
    expect(openRecentDocuments(file, system).list()).toEqual(['/d/a.odt', '/d/b.odt'])
  })

  it('keeps at most the limit, and clears with the system', () => {
    const file = join(dir, 'b-' + RECENT_FILE)
    const { calls, system } = fakeSystem()
    const recent = openRecentDocuments(file, system)
    for (let i = 0; i < RECENT_LIMIT + 5; i++) recent.add(`/d/${i}.odt`)
    expect(recent.list()).toHaveLength(RECENT_LIMIT)
    expect(recent.list()[0]).toBe(`/d/${RECENT_LIMIT + 4}.odt`)
    recent.remove('/d/14.odt')
    expect(recent.list()).not.toContain('/d/14.odt')
    recent.clear()
    expect(recent.list()).toEqual([])
    expect(calls.at(-1)).toBe('clear')
  })

  it('starts empty from a damaged file', () => {
    const file = join(dir, 'c-' + RECENT_FILE)
    writeFileSync(file, '{"not":"a list"}')
    expect(openRecentDocuments(file, fakeSystem().system).list()).toEqual([])
    writeFileSync(file, '[1, "", "/ok.odt"]')
    expect(openRecentDocuments(file, fakeSystem().system).list()).toEqual(['/ok.odt'])
  })
})
