import { describe, expect, it, vi } from 'vitest'
import type { RequestLogRepo, RequestRecord } from '../db/request-log-repo'
import type { RequestLogWriter, StoreOutcome } from '../db/request-log-writer'
import { requestEntry } from '../db/test-support/request-record'
import { silentLog, systemClock } from '../deps'
import { createTrafficLog } from './traffic-log'
import { captureHeaders } from './traffic-view'

// The traffic log keeps the headers and answer of recent requests beside their rows, under the same ids.

const entry = (operation: string) => requestEntry({ operation })

function memoryRepo(failFirstInsert: boolean, otherRows: number): RequestLogRepo & { rows: RequestRecord[] } {
  const rows: RequestRecord[] = []
  let failing = failFirstInsert
  return {
    rows,
    maxId: () => rows.reduce((max, row) => Math.max(max, row.id), 0),
    insertMany(records) {
      if (failing) {
        failing = false
        // Another process stored rows meanwhile and took these ids.
        for (let i = 1; i <= otherRows; i++) rows.push({ ...entry('Other'), id: i })
        throw new Error('UNIQUE constraint failed: requests.id')
      }
      rows.push(...records)
    },
    recent: () => [...rows].reverse(),
  }
}

const captured = (correlation: string) => ({
  requestHeaders: captureHeaders({ 'x-wopi-correlationid': correlation }),
  responseHeaders: captureHeaders({ 'content-type': 'application/json' }),
  answer: { BaseFileName: 'a.txt' },
})

describe('traffic log exchanges', () => {
  it('shows the headers and answer of a recorded request by its id', () => {
    const log = createTrafficLog({ repo: memoryRepo(false, 0), clock: systemClock, log: silentLog })
    const record = log.record(entry('CheckFileInfo'), captured('corr-1'))
    log.flush()
    expect(log.exchange(record.id)).toMatchObject({
      requestHeaders: { 'x-wopi-correlationid': 'corr-1' },
      responseBody: expect.stringContaining('"BaseFileName": "a.txt"'),
    })
    expect(log.exchange(record.id + 1)).toBeNull()
  })

  it('forgets the exchanges of rows stored under new ids, so no id shows another request', () => {
    const repo = memoryRepo(true, 2)
    const log = createTrafficLog({ repo, clock: systemClock, log: silentLog })
    const first = log.record(entry('CheckFileInfo'), captured('corr-1'))
    log.flush()
    const stored = repo.rows.find((row) => row.operation === 'CheckFileInfo')!
    expect(stored.id).toBe(3)
    expect(log.exchange(first.id)).toBeNull()
    expect(log.exchange(stored.id)).toBeNull()
  })

  it('pauses once when the batches sent together come back busy together, then sends them all again', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    try {
      const calls: { rows: number; settled: (outcome: StoreOutcome) => void }[] = []
      const writer: RequestLogWriter = {
        store: (batch, _capacity, settled) => void calls.push({ rows: batch.length, settled }),
        settle: () => true,
        close: () => {},
      }
      const log = createTrafficLog({ repo: memoryRepo(false, 0), writer, clock: systemClock, log: silentLog })
      for (let i = 0; i < 3 * 128; i++) log.record(entry('CheckFileInfo'))
      expect(calls.map((call) => call.rows)).toEqual([128, 128, 128])
      for (const call of calls.splice(0)) call.settled({ kind: 'busy' })

      // One pause of 500 ms for the three, not 500 + 1000 + 2000.
      vi.advanceTimersByTime(499)
      expect(calls).toHaveLength(0)
      vi.advanceTimersByTime(2)
      expect(calls.map((call) => call.rows)).toEqual([128, 128, 128])
    } finally {
      vi.useRealTimers()
    }
  })
})
