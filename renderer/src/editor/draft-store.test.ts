import { describe, expect, it } from 'vitest'
import { createDraftStore } from './draft-store'

function memoryStorage(quota = Infinity) {
  const map = new Map<string, string>()
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (value.length > quota) throw new DOMException('quota', 'QuotaExceededError')
      map.set(key, value)
    },
    removeItem: (key: string) => void map.delete(key),
  }
}

describe('draft store', () => {
  it('keeps a draft per file with its base timestamp', () => {
    const storage = memoryStorage()
    const drafts = createDraftStore(storage)
    expect(drafts.write('doc1', { text: 'typed', base: '2025-01-01T00:00:00.000Z', at: 5, fileName: 'a.txt' })).toBe(true)
    expect(drafts.read('doc1')).toEqual({ text: 'typed', base: '2025-01-01T00:00:00.000Z', at: 5, fileName: 'a.txt' })
    expect(drafts.read('doc2')).toBeNull()
    drafts.remove('doc1')
    expect(drafts.read('doc1')).toBeNull()
  })

  it('reports a refused write and survives corrupt entries and missing storage', () => {
    const storage = memoryStorage(10)
    const drafts = createDraftStore(storage)
    expect(drafts.write('doc', { text: 'far too long for the quota', base: null, at: 1, fileName: 'a' })).toBe(false)
    storage.map.set('wopi-desk-editor:draft:bad', '{not json')
    expect(drafts.read('bad')).toBeNull()
    expect(createDraftStore(null).write('x', { text: '', base: null, at: 0, fileName: '' })).toBe(false)
  })
})
