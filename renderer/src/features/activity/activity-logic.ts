import type { ActivityFilter, RequestDto } from '../../../../electron/contract/dto'

export const ACTIVITY_CAP = 5000

/** Adds requests (from the initial load or live events) once each, oldest first, keeping at most `cap` of the newest. */
export function mergeRequests(existing: readonly RequestDto[], incoming: readonly RequestDto[], cap = ACTIVITY_CAP): RequestDto[] {
  const seen = new Set(existing.map((request) => request.id))
  const added: RequestDto[] = []
  for (const request of incoming) {
    if (seen.has(request.id)) continue
    seen.add(request.id)
    added.push(request)
  }
  if (added.length === 0) return existing as RequestDto[]
  const merged = [...existing, ...added]
  // Live events almost always arrive in order: sort only when one did not.
  const inOrder = merged.every((request, index) => index === 0 || merged[index - 1]!.ts <= request.ts)
  if (!inOrder) merged.sort((a, b) => a.ts - b.ts || a.id - b.id)
  return merged.length > cap ? merged.slice(merged.length - cap) : merged
}

export type StatusFilter = 'all' | 'ok' | 'errors'
export type TimeRange = '15m' | '1h' | '24h' | 'all'

export const timeRanges: { value: TimeRange; label: `activity:ranges.${string}`; ms: number | null }[] = [
  { value: '15m', label: 'activity:ranges.m15', ms: 15 * 60_000 },
  { value: '1h', label: 'activity:ranges.h1', ms: 3_600_000 },
  { value: '24h', label: 'activity:ranges.h24', ms: 86_400_000 },
  { value: 'all', label: 'activity:ranges.all', ms: null },
]

export interface ActivityView {
  operation: string // '' = every operation
  status: StatusFilter
  file: string
  range: TimeRange
  /** conformance runs fail requests on purpose: shown only when asked */
  conformance: boolean
}

export const defaultView: ActivityView = { operation: '', status: 'all', file: '', range: 'all', conformance: false }

export function isOk(status: number): boolean {
  return status >= 200 && status < 300
}

export function sinceOf(range: TimeRange, now: number): number | undefined {
  const ms = timeRanges.find((candidate) => candidate.value === range)?.ms
  return ms == null ? undefined : now - ms
}

export function filterRequests(requests: readonly RequestDto[], view: ActivityView, now: number): RequestDto[] {
  const since = sinceOf(view.range, now)
  const file = view.file.trim().toLowerCase()
  return requests.filter(
    (request) =>
      (view.conformance || !request.conformance) &&
      (view.operation === '' || request.operation === view.operation) &&
      (view.status === 'all' || (view.status === 'ok') === isOk(request.status)) &&
      (since === undefined || request.ts >= since) &&
      (file === '' || (request.fileName ?? '').toLowerCase().includes(file)),
  )
}

/** The export request for what the page shows. The file text filter has no server equivalent and is applied by name only on screen. */
export function exportFilter(view: ActivityView, now: number): ActivityFilter {
  const filter: ActivityFilter = { limit: 10_000 }
  if (view.operation) filter.operation = view.operation
  if (view.status === 'ok') filter.status = 'ok'
  if (view.status === 'errors') filter.status = 'error'
  const since = sinceOf(view.range, now)
  if (since !== undefined) {
    filter.since = Math.max(0, Math.floor(since))
    filter.until = Math.floor(now)
  }
  return filter
}

/** Nearest-rank percentile of ascending numbers. */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sortedAscending.length)
  return sortedAscending[Math.min(sortedAscending.length, Math.max(1, rank)) - 1]!
}

export interface LatencyStat {
  operation: string
  count: number
  errors: number
  median: number
  p95: number
  max: number
}

/** Median, p95 and max duration per operation, busiest operation first. */
export function latencyStats(requests: readonly RequestDto[]): LatencyStat[] {
  const byOperation = new Map<string, { durations: number[]; errors: number }>()
  for (const request of requests) {
    let entry = byOperation.get(request.operation)
    if (!entry) byOperation.set(request.operation, (entry = { durations: [], errors: 0 }))
    entry.durations.push(request.durationMs)
    if (!isOk(request.status)) entry.errors++
  }
  return [...byOperation]
    .map(([operation, { durations, errors }]) => {
      durations.sort((a, b) => a - b)
      return {
        operation,
        count: durations.length,
        errors,
        median: percentile(durations, 50),
        p95: percentile(durations, 95),
        max: durations.at(-1)!,
      }
    })
    .sort((a, b) => b.count - a.count || a.operation.localeCompare(b.operation))
}

export type StatusTone = 'success' | 'warning' | 'error' | 'info'

/** 2xx fine; 409/412/423 are the lock and conflict answers editors expect now and then; the rest are failures. */
export function statusTone(status: number): StatusTone {
  if (isOk(status)) return 'success'
  if (status === 409 || status === 412 || status === 423) return 'warning'
  if (status >= 300 && status < 400) return 'info'
  return 'error'
}

export interface TimelineStep {
  request: RequestDto
  /** ms since the session's first request */
  offsetMs: number
  /** ms since the previous request of the session */
  gapMs: number
}

export function sessionTimeline(requests: readonly RequestDto[]): TimelineStep[] {
  const ordered = [...requests].sort((a, b) => a.ts - b.ts || a.id - b.id)
  const start = ordered[0]?.ts ?? 0
  return ordered.map((request, index) => ({
    request,
    offsetMs: request.ts - start,
    gapMs: index === 0 ? 0 : request.ts - ordered[index - 1]!.ts,
  }))
}

export function exportFileName(kind: 'session' | 'range', now: number, sessionId?: string): string {
  const stamp = new Date(now).toISOString().replace(/[:]/g, '-').replace(/\..+$/, '')
  return kind === 'session'
    ? `wopi-desk-session-${(sessionId ?? 'unknown').replace(/[^A-Za-z0-9_-]/g, '')}-${stamp}.json`
    : `wopi-desk-activity-${stamp}.json`
}

/**
 * A lock id as a column can show it. Office and some editors send JSON locks ({"S":"…","F":…}); the column shows
 * their first text value, the detail panel the whole id.
 */
export function lockIdLabel(lockId: string): string {
  const trimmed = lockId.trim()
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as Record<string, unknown>
      const text = Object.values(parsed).find((value): value is string => typeof value === 'string' && value !== '')
      if (text) return text
    } catch {
      // not JSON after all: shown as sent
    }
  }
  return trimmed
}
