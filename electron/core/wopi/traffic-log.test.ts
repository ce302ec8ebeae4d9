import { describe, expect, it } from 'vitest'
import type { RequestLogRepo, RequestRecord } from '../db/request-log-repo'
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
})
