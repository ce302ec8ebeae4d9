import { isDatabaseBusy } from './open-db'
import type { RequestLogRepo, RequestRecord } from './request-log-repo'

/** What became of one batch of request log rows. */
export type StoreOutcome = { kind: 'stored' } | { kind: 'busy' } | { kind: 'failed'; message: string }

/**
 * Where the traffic log's batches are written: on the serving thread (in-thread) or by a worker thread with
 * its own connection (request-log-worker-client.ts). Outcomes come back through `settled`, at once for the
 * former and later for the latter; `settle` waits for every outcome not delivered yet.
 */
export interface RequestLogWriter {
  store(batch: RequestRecord[], capacity: number, settled: (outcome: StoreOutcome) => void): void
  /** delivers the outcome of every batch handed over, waiting at most `timeoutMs`; false when some are late */
  settle(timeoutMs: number): boolean
  close(): void
}

/** One batch written on this thread; the worker reports through the same function, so both answer alike. */
export function storeNow(repo: RequestLogRepo, batch: RequestRecord[], capacity: number): StoreOutcome {
  try {
    repo.insertMany(batch, capacity)
    return { kind: 'stored' }
  } catch (error) {
    if (isDatabaseBusy(error)) return { kind: 'busy' }
    return { kind: 'failed', message: (error as Error)?.message ?? String(error) }
  }
}

/** Writes on the calling thread: commands, tests, and the host when no worker could be started. */
export function inThreadRequestLogWriter(repo: RequestLogRepo): RequestLogWriter {
  return {
    store: (batch, capacity, settled) => settled(storeNow(repo, batch, capacity)),
    settle: () => true,
    close: () => {},
  }
}
