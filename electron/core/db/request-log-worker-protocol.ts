import type { MessagePort } from 'node:worker_threads'
import type { RequestRecord } from './request-log-repo'
import type { StoreOutcome } from './request-log-writer'

// What the serving thread and the request log's worker (request-log-worker.ts) say to each other.

export interface RequestLogWorkerData {
  dbFile: string
  /** the SQLite addon build the serving thread loaded (the desktop app's Electron build) */
  nativeBinding: string | null
  busyTimeoutMs: number
  /** replies come back on this port, so the serving thread can take them synchronously while it waits */
  port: MessagePort
  /** [0] = the highest batch number answered: the serving thread sleeps on it (Atomics.wait) in settle() */
  answered: Int32Array
}

export interface StoreRequest {
  seq: number
  batch: RequestRecord[]
  capacity: number
}

export interface StoreReply {
  seq: number
  outcome: StoreOutcome
}

export const CLOSE_REQUEST = 'close'
