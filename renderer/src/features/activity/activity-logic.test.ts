import { describe, expect, it } from 'vitest'
import type { RequestDto } from '../../../../electron/contract/dto'
import {
  defaultView,
  exportFileName,
  exportFilter,
  filterRequests,
  latencyStats,
  lockIdLabel,
  mergeRequests,
  percentile,
  sessionTimeline,
  statusTone,
} from './activity-logic'

function request(id: number, ts: number, extra: Partial<RequestDto> = {}): RequestDto {
  return {
    id,
    ts,
    operation: 'CheckFileInfo',
    method: 'GET',
    fileId: 'f1',
    fileName: 'Budget.xlsx',
    userId: 'u',
    sessionId: 's1',
    wopiSessionId: null,
    correlationId: null,
    client: 'Collabora Online',
    status: 200,
    durationMs: 10,
    lockId: null,
    oldLockId: null,
    proof: null,
    error: null,
    ...extra,
  }
}

describe('mergeRequests', () => {
  it('adds each request once, in time order', () => {
    const first = mergeRequests([], [request(2, 20), request(1, 10)])
    expect(first.map((r) => r.id)).toEqual([1, 2])
    const again = mergeRequests(first, [request(2, 20), request(3, 30), request(3, 30)])
    expect(again.map((r) => r.id)).toEqual([1, 2, 3])
  })

  it('returns the same list when nothing is new', () => {
    const list = [request(1, 10)]
    expect(mergeRequests(list, [request(1, 10)])).toBe(list)
  })

  it('keeps only the newest when over the cap', () => {
    const list = Array.from({ length: 5 }, (_value, index) => request(index, index * 10))
    expect(mergeRequests(list, [request(9, 100)], 3).map((r) => r.id)).toEqual([3, 4, 9])
  })
})

describe('filterRequests', () => {
  const now = 1_700_000_000_000
  const list = [
    request(1, now - 2 * 3_600_000, { operation: 'GetFile' }),
    request(2, now - 10 * 60_000, { operation: 'Lock', status: 409, fileName: 'Report.docx' }),
    request(3, now - 60_000, { operation: 'PutFile', status: 500 }),
    request(4, now - 1000, { operation: 'PutFile' }),
  ]

  it('filters by operation, status, file and time range together', () => {
    expect(filterRequests(list, defaultView, now).map((r) => r.id)).toEqual([1, 2, 3, 4])
    expect(filterRequests(list, { ...defaultView, operation: 'PutFile' }, now).map((r) => r.id)).toEqual([3, 4])
    expect(filterRequests(list, { ...defaultView, status: 'errors' }, now).map((r) => r.id)).toEqual([2, 3])
    expect(filterRequests(list, { ...defaultView, status: 'ok' }, now).map((r) => r.id)).toEqual([1, 4])
    expect(filterRequests(list, { ...defaultView, file: 'report' }, now).map((r) => r.id)).toEqual([2])
    expect(filterRequests(list, { ...defaultView, range: '15m' }, now).map((r) => r.id)).toEqual([2, 3, 4])
  })

  it('leaves conformance traffic out unless asked, also from Errors', () => {
    const withTests = [...list, request(5, now - 500, { status: 404, conformance: true })]
    expect(filterRequests(withTests, { ...defaultView, status: 'errors' }, now).map((r) => r.id)).toEqual([2, 3])
    expect(filterRequests(withTests, { ...defaultView, status: 'errors', conformance: true }, now).map((r) => r.id)).toEqual([2, 3, 5])
  })

  it('shows a JSON lock id by its first text value', () => {
    expect(lockIdLabel('{"S":"a1b2-c3","F":4,"E":2}')).toBe('a1b2-c3')
    expect(lockIdLabel('plain-lock')).toBe('plain-lock')
    expect(lockIdLabel('{not json')).toBe('{not json')
  })

  it('builds the export filter the server understands', () => {
    expect(exportFilter(defaultView, now)).toEqual({ limit: 10_000 })
    expect(exportFilter({ operation: 'Lock', status: 'errors', file: 'x', range: '1h', conformance: false }, now)).toEqual({
      limit: 10_000,
      operation: 'Lock',
      status: 'error',
      since: now - 3_600_000,
      until: now,
    })
  })
})

describe('latency', () => {
  it('computes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_value, index) => index + 1)
    expect(percentile(values, 50)).toBe(50)
    expect(percentile(values, 95)).toBe(95)
    expect(percentile([7], 95)).toBe(7)
    expect(percentile([], 50)).toBeNaN()
  })

  it('summarizes each operation, busiest first', () => {
    const list = [
      request(1, 1, { operation: 'PutFile', durationMs: 100 }),
      request(2, 2, { operation: 'PutFile', durationMs: 300, status: 500 }),
      request(3, 3, { operation: 'PutFile', durationMs: 200 }),
      request(4, 4, { operation: 'GetFile', durationMs: 40 }),
    ]
    expect(latencyStats(list)).toEqual([
      { operation: 'PutFile', count: 3, errors: 1, median: 200, p95: 300, max: 300 },
      { operation: 'GetFile', count: 1, errors: 0, median: 40, p95: 40, max: 40 },
    ])
  })
})

describe('status tone and timeline', () => {
  it('grades statuses', () => {
    expect(statusTone(200)).toBe('success')
    expect(statusTone(409)).toBe('warning')
    expect(statusTone(423)).toBe('warning')
    expect(statusTone(404)).toBe('error')
    expect(statusTone(500)).toBe('error')
  })

  it('orders a session and measures offsets and gaps', () => {
    const steps = sessionTimeline([request(3, 1500), request(1, 1000), request(2, 1200)])
    expect(steps.map((step) => [step.request.id, step.offsetMs, step.gapMs])).toEqual([
      [1, 0, 0],
      [2, 200, 200],
      [3, 500, 300],
    ])
  })

  it('names export files safely', () => {
    const now = Date.UTC(2025, 0, 2, 3, 4, 5)
    expect(exportFileName('range', now)).toBe('wopi-desk-activity-2025-01-02T03-04-05.json')
    expect(exportFileName('session', now, 'sess/../1')).toBe('wopi-desk-session-sess1-2025-01-02T03-04-05.json')
  })
})
