import type { ActivityFilter } from '../../contract/dto'
import type { RequestLogRepo, RequestRecord } from '../db/request-log-repo'
import type { Clock, Log } from '../deps'

// Every WOPI request the host serves, for the Activity page and support: a bounded ring in SQLite plus live
// listeners. Writes are batched (one transaction every few hundred ms) so logging never puts an fsync on
// the request path; listeners get each record at once.

export const DEFAULT_TRAFFIC_CAPACITY = 5000

export type RequestListener = (record: RequestRecord) => void

export interface TrafficLog {
  /** assigns the id, notifies listeners, queues the row */
  record(entry: Omit<RequestRecord, 'id'>): RequestRecord
  /** returns an unsubscribe that removes exactly this listener */
  onRequest(listener: RequestListener): () => void
  recent(filter?: ActivityFilter): RequestRecord[]
  flush(): void
  close(): void
}

export function createTrafficLog(deps: { repo: RequestLogRepo; clock: Clock; log: Log; capacity?: number; flushMs?: number }): TrafficLog {
  const capacity = deps.capacity ?? DEFAULT_TRAFFIC_CAPACITY
  const listeners = new Set<RequestListener>()
  let pending: RequestRecord[] = []
  let nextId = deps.repo.maxId() + 1
  let timer: NodeJS.Timeout | null = null
  let closed = false

  function flush(): void {
    if (timer) {
      clearTimeout(timer)
      timer = null
    }
    if (pending.length === 0) return
    const batch = pending
    pending = []
    try {
      deps.repo.insertMany(batch, capacity)
    } catch (error) {
      // Another process wrote rows meanwhile (ids taken): renumber after its rows and try once more.
      try {
        let id = deps.repo.maxId() + 1
        const renumbered = batch.map((record) => ({ ...record, id: id++ }))
        deps.repo.insertMany(renumbered, capacity)
        nextId = id
      } catch {
        deps.log.warn('could not store request log entries', { count: batch.length, error: (error as Error).message })
      }
    }
  }

  return {
    record(entry) {
      const record: RequestRecord = { id: nextId++, ...entry }
      for (const listener of [...listeners]) {
        try {
          listener(record)
        } catch (error) {
          deps.log.warn('a request log listener failed', { error: (error as Error).message })
        }
      }
      if (closed) return record
      pending.push(record)
      if (pending.length >= 500) flush()
      else if (!timer) {
        timer = setTimeout(flush, deps.flushMs ?? 250)
        timer.unref()
      }
      return record
    },
    onRequest(listener) {
      const wrapper: RequestListener = (record) => listener(record)
      listeners.add(wrapper)
      return () => {
        listeners.delete(wrapper)
      }
    },
    recent(filter = {}) {
      flush()
      return deps.repo.recent(filter)
    },
    flush,
    close() {
      flush()
      closed = true
      listeners.clear()
    },
  }
}
