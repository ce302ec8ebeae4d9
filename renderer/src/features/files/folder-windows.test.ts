import { describe, expect, it } from 'vitest'
import type { FileEntryDto, FileListing } from '../../../../electron/contract/dto'
import {
  createFolderWindows,
  defaultDirection,
  listingKeyId,
  nextSort,
  wantedRange,
  windowsCovering,
  type ListingKey,
} from './folder-windows'

// A fake host at the edge: a folder of `total` files named by their position, whose answers the test releases.
function fakeHost(initialTotal: number) {
  let total = initialTotal
  const calls: { key: ListingKey; offset: number; limit: number; resolve: () => void; reject: (error: Error) => void }[] = []
  const entry = (index: number, key: ListingKey): FileEntryDto => ({
    path: `${key.dir ? key.dir + '/' : ''}${key.sort}-${key.direction}-${index}.txt`,
    name: `${key.sort}-${key.direction}-${index}.txt`,
    kind: 'file',
    ext: 'txt',
    size: index,
    modifiedAt: index,
    lock: null,
  })
  const fetchWindow = (key: ListingKey, offset: number, limit: number) =>
    new Promise<FileListing>((resolve, reject) => {
      calls.push({
        key,
        offset,
        limit,
        resolve: () => {
          const entries: FileEntryDto[] = []
          for (let index = offset; index < Math.min(total, offset + limit); index++) entries.push(entry(index, key))
          resolve({ root: '/srv/docs', dir: key.dir, entries, offset, total, truncated: false })
        },
        reject,
      })
    })
  return {
    fetchWindow,
    calls,
    setTotal: (value: number) => void (total = value),
    pending: () => calls.filter((call) => !(call as { done?: boolean }).done),
    /** answers every request so far, then lets the cache react (it asks for more in the same turn) */
    async answerAll() {
      for (let round = 0; round < 50; round++) {
        const open = calls.filter((call) => !(call as { done?: boolean }).done)
        if (open.length === 0) return
        for (const call of open) {
          ;(call as { done?: boolean }).done = true
          call.resolve()
        }
        await flush()
      }
    },
    async answer(offset: number) {
      const call = calls.find((candidate) => candidate.offset === offset && !(candidate as { done?: boolean }).done)
      if (!call)
        throw new Error(
          `no pending request at offset ${offset}; pending: ${calls.filter((c) => !(c as { done?: boolean }).done).map((c) => c.offset)}`,
        )
      ;(call as { done?: boolean }).done = true
      call.resolve()
      await flush()
    },
    async fail(offset: number, message: string) {
      const call = calls.find((candidate) => candidate.offset === offset && !(candidate as { done?: boolean }).done)!
      ;(call as { done?: boolean }).done = true
      call.reject(new Error(message))
      await flush()
    },
  }
}

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0))
const byName: ListingKey = { dir: 'Big', query: '', sort: 'name', direction: 'asc' }

describe('windowsCovering', () => {
  it('lists the windows holding a range, nearest to its middle first, clamped to the folder', () => {
    expect(windowsCovering({ start: 0, end: 20 }, 100_000, 500)).toEqual([0])
    expect(windowsCovering({ start: 490, end: 510 }, 100_000, 500)).toEqual([0, 1])
    expect(windowsCovering({ start: 400, end: 1600 }, 100_000, 500)).toEqual([1, 2, 0, 3])
    expect(windowsCovering({ start: 99_990, end: 100_200 }, 100_000, 500)).toEqual([199])
    expect(windowsCovering({ start: 0, end: 10 }, 0, 500)).toEqual([])
  })

  it('widens the visible rows by a quarter window each side', () => {
    expect(wantedRange({ start: 0, end: 20 }, 500)).toEqual({ start: 0, end: 145 })
    expect(wantedRange({ start: 1000, end: 1020 }, 500)).toEqual({ start: 875, end: 1145 })
  })
})

describe('sorting by header clicks', () => {
  it('flips the same column and starts another at its natural direction', () => {
    expect(nextSort({ sort: 'name', direction: 'asc' }, 'name')).toEqual({ sort: 'name', direction: 'desc' })
    expect(nextSort({ sort: 'name', direction: 'desc' }, 'modified')).toEqual({ sort: 'modified', direction: 'desc' })
    expect(nextSort({ sort: 'modified', direction: 'desc' }, 'modified')).toEqual({ sort: 'modified', direction: 'asc' })
    expect(defaultDirection('size')).toBe('desc')
    expect(defaultDirection('name')).toBe('asc')
  })

  it('keys listings by folder, search and order', () => {
    expect(listingKeyId(byName)).not.toBe(listingKeyId({ ...byName, direction: 'desc' }))
    expect(listingKeyId(byName)).not.toBe(listingKeyId({ ...byName, query: 'x' }))
    expect(listingKeyId(byName)).toBe(listingKeyId({ ...byName }))
  })
})

describe('createFolderWindows', () => {
  it('asks for the first window only, then knows the size of the whole folder', async () => {
    const host = fakeHost(100_000)
    const cache = createFolderWindows({ fetchWindow: host.fetchWindow })
    cache.show(byName, { start: 0, end: 30 })
    expect(host.calls.map((call) => [call.offset, call.limit])).toEqual([[0, 500]])
    expect(cache.snapshot(byName)).toMatchObject({ total: null, loading: true, fetching: true })
    expect(cache.rowAt(byName, 0)).toBeUndefined()

    await host.answer(0)
    expect(cache.snapshot(byName)).toMatchObject({ total: 100_000, loading: false, fetching: false, root: '/srv/docs' })
    expect(cache.rowAt(byName, 0)?.name).toBe('name-asc-0.txt')
    expect(cache.rowAt(byName, 499)?.name).toBe('name-asc-499.txt')
    expect(cache.rowAt(byName, 500)).toBeUndefined() // a placeholder until its window arrives
    expect(host.calls).toHaveLength(1)
  })

  it('fetches the next window before the user reaches it', async () => {
    const host = fakeHost(100_000)
    const cache = createFolderWindows({ fetchWindow: host.fetchWindow })
    cache.show(byName, { start: 0, end: 30 })
    await host.answer(0)
    for (let start = 20; start <= 380; start += 20) cache.show(byName, { start, end: start + 30 }) // a scroll, a few rows a frame
    expect(host.pending().map((call) => call.offset)).toEqual([500])
    await host.answer(500)
    expect(cache.rowAt(byName, 700)?.name).toBe('name-asc-700.txt')
  })

  it('keeps at most two requests in flight and skips windows the user scrolled past', async () => {
    const host = fakeHost(100_000)
    const cache = createFolderWindows({ fetchWindow: host.fetchWindow, settleMs: 0 })
    cache.show(byName, { start: 0, end: 30 })
    await host.answer(0)

    // A fling through the folder: every range passes by before any answer comes back.
    for (let start = 0; start < 100_000; start += 2_000) cache.show(byName, { start, end: start + 30 })
    cache.show(byName, { start: 99_970, end: 99_999 })
    expect(cache.inFlight()).toBe(2)
    expect(host.pending()).toHaveLength(2)

    await host.answerAll()
    // Only the first two asked while flying by, then what is in view at the end: not 200 windows.
    const offsets = host.calls.map((call) => call.offset)
    expect(offsets.length).toBeLessThanOrEqual(5)
    expect(offsets).toContain(99_500)
    expect(cache.rowAt(byName, 99_999)?.name).toBe('name-asc-99999.txt')
    expect(cache.inFlight()).toBe(0)
  })

  it('waits for the view to settle after a jump, then asks only for where it landed', async () => {
    const host = fakeHost(100_000)
    const pending: (() => void)[] = []
    const cache = createFolderWindows({
      fetchWindow: host.fetchWindow,
      settleMs: 100,
      timers: { set: (run) => pending.push(run), clear: (handle) => void (pending[(handle as number) - 1] = () => undefined) },
    })
    cache.show(byName, { start: 0, end: 30 })
    await host.answer(0)
    // The scrollbar dragged to the bottom in three steps: nothing is asked while it moves.
    cache.show(byName, { start: 30_000, end: 30_030 })
    cache.show(byName, { start: 60_000, end: 60_030 })
    cache.show(byName, { start: 99_970, end: 99_999 })
    expect(host.pending()).toHaveLength(0)
    pending.at(-1)!()
    expect(host.pending().map((call) => call.offset)).toEqual([99_500])
    // Ordinary scrolling (a few rows a frame) asks at once.
    await host.answerAll()
    for (const start of [99_900, 99_800, 99_700, 99_600]) cache.show(byName, { start, end: start + 30 })
    expect(host.pending().map((call) => call.offset)).toEqual([99_000])
  })

  it('asks nothing more once disposed', async () => {
    const host = fakeHost(100_000)
    const cleared: unknown[] = []
    const cache = createFolderWindows({
      fetchWindow: host.fetchWindow,
      timers: { set: () => 'timer', clear: (handle) => void cleared.push(handle) },
    })
    cache.show(byName, { start: 0, end: 30 })
    await host.answer(0)
    cache.show(byName, { start: 50_000, end: 50_030 })
    cache.dispose()
    expect(cleared).toEqual(['timer'])
    expect(host.pending()).toHaveLength(0)
  })

  it('keeps listings per sort order, and sizes a new order from the same folder at once', async () => {
    const host = fakeHost(2_000)
    const cache = createFolderWindows({ fetchWindow: host.fetchWindow })
    cache.show(byName, { start: 0, end: 30 })
    await host.answerAll()

    const bySize: ListingKey = { ...byName, sort: 'size', direction: 'desc' }
    cache.show(bySize, { start: 0, end: 30 })
    expect(cache.snapshot(bySize)).toMatchObject({ total: 2_000, loading: true })
    expect(host.pending().map((call) => [call.key.sort, call.key.direction, call.offset])).toEqual([['size', 'desc', 0]])
    await host.answerAll()
    expect(cache.rowAt(bySize, 3)?.name).toBe('size-desc-3.txt')

    const before = host.calls.length
    cache.show(byName, { start: 0, end: 30 })
    expect(host.calls).toHaveLength(before) // cached
    expect(cache.rowAt(byName, 3)?.name).toBe('name-asc-3.txt')
  })

  it('shows the old rows after a change on disk while it fetches them again, and forgets other listings', async () => {
    const host = fakeHost(1_000)
    const cache = createFolderWindows({ fetchWindow: host.fetchWindow })
    const other: ListingKey = { ...byName, dir: 'Other' }
    cache.show(other, { start: 0, end: 10 })
    await host.answerAll()
    cache.show(byName, { start: 0, end: 30 })
    await host.answerAll()
    const asked = host.calls.length

    host.setTotal(1_001)
    cache.invalidate()
    expect(cache.rowAt(byName, 0)?.name).toBe('name-asc-0.txt') // no flash of placeholders
    expect(host.pending().map((call) => [call.key.dir, call.offset])).toEqual([['Big', 0]])
    await host.answerAll()
    expect(cache.snapshot(byName).total).toBe(1_001)
    expect(host.calls).toHaveLength(asked + 1)

    cache.show(other, { start: 0, end: 10 })
    expect(cache.snapshot(other).total).toBeNull() // forgotten: fetched anew
    expect(host.pending().map((call) => call.key.dir)).toEqual(['Other'])
  })

  it('fetches an answer that was in flight during a change again', async () => {
    const host = fakeHost(100)
    const cache = createFolderWindows({ fetchWindow: host.fetchWindow })
    cache.show(byName, { start: 0, end: 30 })
    cache.invalidate()
    expect(host.pending()).toHaveLength(1) // not twice at once
    await host.answer(0)
    expect(host.pending()).toHaveLength(1) // the first answer may predate the change
    await host.answer(0)
    expect(host.pending()).toHaveLength(0)
  })

  it('drops rows past the end when the folder shrinks', async () => {
    const host = fakeHost(1_200)
    const cache = createFolderWindows({ fetchWindow: host.fetchWindow, settleMs: 0 })
    cache.show(byName, { start: 0, end: 30 })
    await host.answerAll()
    cache.show(byName, { start: 1_150, end: 1_199 })
    await host.answerAll()
    expect(cache.rowAt(byName, 1_100)).toBeDefined()

    host.setTotal(600)
    cache.invalidate()
    await host.answerAll()
    expect(cache.snapshot(byName).total).toBe(600)
    expect(cache.rowAt(byName, 1_100)).toBeUndefined()
  })

  it('stops asking after an error until the user retries', async () => {
    const host = fakeHost(100)
    const cache = createFolderWindows({ fetchWindow: host.fetchWindow })
    cache.show(byName, { start: 0, end: 30 })
    await host.fail(0, 'Cannot reach WOPI Desk')
    expect((cache.snapshot(byName).error as Error).message).toBe('Cannot reach WOPI Desk')
    expect(cache.snapshot(byName).loading).toBe(false)
    cache.show(byName, { start: 0, end: 31 })
    expect(host.pending()).toHaveLength(0)

    cache.retry()
    expect(host.pending()).toHaveLength(1)
    await host.answerAll()
    expect(cache.snapshot(byName)).toMatchObject({ error: null, total: 100 })
  })

  it('keeps a bounded number of windows, dropping the farthest from view', async () => {
    const host = fakeHost(100_000)
    const cache = createFolderWindows({ fetchWindow: host.fetchWindow, maxWindowsPerListing: 3, settleMs: 0 })
    // Each view sits inside one window: 0, 10, 20, 30.
    for (const start of [200, 5_200, 10_200, 15_200]) {
      cache.show(byName, { start, end: start + 30 })
      await host.answerAll()
    }
    expect(cache.rowAt(byName, 15_200)).toBeDefined()
    expect(cache.rowAt(byName, 10_200)).toBeDefined()
    expect(cache.rowAt(byName, 5_200)).toBeDefined()
    expect(cache.rowAt(byName, 200)).toBeUndefined()
  })

  it('tells subscribers about every change', async () => {
    const host = fakeHost(10)
    const cache = createFolderWindows({ fetchWindow: host.fetchWindow })
    let calls = 0
    const unsubscribe = cache.subscribe(() => calls++)
    const before = cache.version()
    cache.show(byName, { start: 0, end: 9 })
    await host.answerAll()
    expect(calls).toBeGreaterThan(0)
    expect(cache.version()).toBeGreaterThan(before)
    unsubscribe()
    const seen = calls
    cache.invalidate()
    expect(calls).toBe(seen)
  })
})
