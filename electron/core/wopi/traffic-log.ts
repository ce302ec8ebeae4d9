import type { ActivityFilter } from '../../contract/dto'
import type { RequestLogRepo, RequestRecord } from '../db/request-log-repo'
import { inThreadRequestLogWriter, type RequestLogWriter, type StoreOutcome } from '../db/request-log-writer'
import type { Clock, Log } from '../deps'
import { createExchangeRing } from './exchange-ring'
import type { CapturedExchange, ExchangeView } from './traffic-view'

// Every WOPI request the host serves, for the Activity page and support: a bounded ring in SQLite plus live
// listeners. Writes are batched (one transaction every few hundred ms) so logging never puts an fsync on
// the request path, and a serving host writes them from a worker thread (request-log-worker-client.ts);
// listeners get each record at once. Headers and answers of the latest requests stay in memory
// (exchange-ring.ts), formatted only when someone opens one.

export const DEFAULT_TRAFFIC_CAPACITY = 5000
const MIN_BUSY_PAUSE_MS = 500
const MAX_BUSY_PAUSE_MS = 30_000
/** Rows per batch: small enough that a batch holds the database's write lock for about a millisecond. */
const MAX_BATCH_ROWS = 128
/** How long a reader (the Activity page, a test) waits for the batches on their way to the database. */
const SETTLE_TIMEOUT_MS = 3000

export type RequestListener = (record: RequestRecord) => void

export interface TrafficLog {
  /** assigns the id, notifies listeners, queues the row; `captured` is kept for exchange() while it is recent */
  record(entry: Omit<RequestRecord, 'id'>, captured?: CapturedExchange): RequestRecord
  /** headers and answer excerpt of a recent request, formatted now; null when it is no longer kept */
  exchange(id: number): ExchangeView | null
  /** returns an unsubscribe that removes exactly this listener */
  onRequest(listener: RequestListener): () => void
  recent(filter?: ActivityFilter): RequestRecord[]
  /** stores what waits now (once, even while the database was found busy) */
  flush(): void
  close(): void
}

export function createTrafficLog(deps: {
  repo: RequestLogRepo
  /** where batches are written; default: on this thread through `repo` */
  writer?: RequestLogWriter
  clock: Clock
  log: Log
  capacity?: number
  flushMs?: number
  /** how many recent exchanges keep their headers and answer (exchange-ring.ts) */
  exchangeRingSize?: number
}): TrafficLog {
  const capacity = deps.capacity ?? DEFAULT_TRAFFIC_CAPACITY
  const writer = deps.writer ?? inThreadRequestLogWriter(deps.repo)
  const exchanges = createExchangeRing(deps.exchangeRingSize)
  const listeners = new Set<RequestListener>()
  let pending: RequestRecord[] = []
  let nextId = deps.repo.maxId() + 1
  let timer: NodeJS.Timeout | null = null
  let closed = false

  // While another program holds the database, writing the log is retried with a growing pause instead of
  // making each request wait for the lock (issue 13 item 10); the rows wait in memory, at most `capacity`.
  let busyPauseMs = 0
  let retryAt = 0

  function schedule(delayMs: number): void {
    if (timer) return
    timer = setTimeout(() => flush(false), delayMs)
    timer.unref()
  }

  function keep(batch: RequestRecord[]): void {
    pending = batch.concat(pending)
    if (pending.length > capacity) pending = pending.slice(pending.length - capacity)
  }

  function stored(batch: RequestRecord[], outcome: StoreOutcome): void {
    if (outcome.kind === 'stored') {
      if (busyPauseMs > 0) deps.log.info('the request log is stored again: the database is free', { count: batch.length })
      busyPauseMs = 0
      return
    }
    if (outcome.kind === 'busy') {
      if (busyPauseMs === 0)
        deps.log.warn('the database is held by another program: request log entries wait in memory', { count: batch.length })
      keep(batch)
      // Batches sent together come back busy together: the pause grows once per try, not once per batch.
      const now = performance.now()
      if (now >= retryAt) {
        busyPauseMs = Math.min(Math.max(busyPauseMs * 2, MIN_BUSY_PAUSE_MS), MAX_BUSY_PAUSE_MS)
        retryAt = now + busyPauseMs
      }
      return schedule(retryAt - now)
    }
    // Another process wrote rows meanwhile (ids taken): renumber after its rows and try once more, on this thread.
    try {
      let id = Math.max(deps.repo.maxId() + 1, nextId)
      // Their captured exchanges are not carried over: under the new ids they could be taken for another request's.
      for (const record of batch) exchanges.forget(record.id)
      const renumbered = batch.map((record) => ({ ...record, id: id++ }))
      deps.repo.insertMany(renumbered, capacity)
      nextId = id
    } catch (error) {
      deps.log.warn('could not store request log entries', { count: batch.length, error: outcome.message, retry: (error as Error).message })
    }
  }

  function send(): void {
    // A batch the database refuses as busy comes back into `pending`: it waits for the next try, not this loop.
    const waiting = pending
    pending = []
    for (let start = 0; start < waiting.length; start += MAX_BATCH_ROWS) {
      const batch = waiting.slice(start, start + MAX_BATCH_ROWS)
      writer.store(batch, capacity, (outcome) => stored(batch, outcome))
    }
  }

  /** `force`: now even while the database was found busy, and wait until what was sent is stored */
  function flush(force = true): void {
    if (timer) {
      clearTimeout(timer)
      timer = null
    }
    if (pending.length > 0) {
      if (!force && busyPauseMs > 0 && performance.now() < retryAt) schedule(retryAt - performance.now())
      else send()
    }
    if (force) writer.settle(SETTLE_TIMEOUT_MS)
  }

  return {
    record(entry, captured) {
      const record: RequestRecord = { id: nextId++, ...entry }
      if (captured && !closed) exchanges.keep(record.id, captured)
      for (const listener of [...listeners]) {
        try {
          listener(record)
        } catch (error) {
          deps.log.warn('a request log listener failed', { error: (error as Error).message })
        }
      }
      if (closed) return record
      pending.push(record)
      if (pending.length >= MAX_BATCH_ROWS) flush(false)
      else schedule(deps.flushMs ?? 250)
      return record
    },
    onRequest(listener) {
      const wrapper: RequestListener = (record) => listener(record)
      listeners.add(wrapper)
      return () => {
        listeners.delete(wrapper)
      }
    },
    exchange: (id) => exchanges.view(id),
    recent(filter = {}) {
      flush()
      return deps.repo.recent(filter)
    },
    flush,
    close() {
      flush()
      closed = true
      listeners.clear()
      writer.close()
    },
  }
}
