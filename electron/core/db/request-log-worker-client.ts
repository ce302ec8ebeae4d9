import { existsSync } from 'node:fs'
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads'
import type { Log } from '../deps'
import type { RequestRecord } from './request-log-repo'
import { CLOSE_REQUEST, type RequestLogWorkerData, type StoreReply, type StoreRequest } from './request-log-worker-protocol'
import type { RequestLogWriter, StoreOutcome } from './request-log-writer'

/**
 * The worker waits this long for the serving thread's own writes (a lock, a save's version): it blocks only
 * the log, so it can wait far longer than the serving thread may, and still answer `busy` when another
 * program holds the database for good (the traffic log then keeps the rows in memory and backs off).
 */
export const WORKER_BUSY_TIMEOUT_MS = 1000

export interface RequestLogWorkerOptions {
  /** the built worker entry (out/main/request-log-worker.js) */
  script: string
  dbFile: string
  nativeBinding?: string
  log: Log
  /** takes over when the worker cannot start or stops: the log is then written on the serving thread */
  fallback: RequestLogWriter
}

interface Waiting {
  batch: RequestRecord[]
  capacity: number
  settled: (outcome: StoreOutcome) => void
}

/**
 * Writes the request log from a worker thread with its own SQLite connection. Under load the log's inserts
 * were the largest piece of the serving thread's work a request does not wait for (bench/README.md).
 * Every batch stays here until its reply arrives, so a worker that fails to start or dies hands its batches
 * to the fallback instead of losing them.
 */
export function startRequestLogWorker(options: RequestLogWorkerOptions): RequestLogWriter {
  const { log, fallback } = options
  if (!existsSync(options.script)) {
    log.info('the request log is written on the serving thread: its worker is not built', { script: options.script })
    return fallback
  }
  const answered = new Int32Array(new SharedArrayBuffer(4))
  const channel = new MessageChannel()
  const waiting = new Map<number, Waiting>()
  let sent = 0
  let stopped = false
  let closing = false

  const deliver = (reply: StoreReply): void => {
    const batch = waiting.get(reply.seq)
    if (!batch) return
    waiting.delete(reply.seq)
    batch.settled(reply.outcome)
  }
  const drain = (): void => {
    for (let message = receiveMessageOnPort(channel.port1); message; message = receiveMessageOnPort(channel.port1))
      deliver(message.message as StoreReply)
  }

  function giveUp(reason: string): void {
    if (stopped) return
    stopped = true
    drain()
    if (!closing) log.warn('the request log is written on the serving thread: its worker stopped', { error: reason })
    // Batches sent in order are handed over in order; a batch the worker stored just before it stopped comes
    // back as a conflict on its ids, which the traffic log resolves by renumbering.
    for (const [seq, batch] of [...waiting].sort(([a], [b]) => a - b)) {
      waiting.delete(seq)
      fallback.store(batch.batch, batch.capacity, batch.settled)
    }
    channel.port1.close()
  }

  let worker: Worker
  try {
    const workerData: RequestLogWorkerData = {
      dbFile: options.dbFile,
      nativeBinding: options.nativeBinding ?? null,
      busyTimeoutMs: WORKER_BUSY_TIMEOUT_MS,
      port: channel.port2,
      answered,
    }
    worker = new Worker(options.script, { workerData, transferList: [channel.port2] })
  } catch (error) {
    log.warn('the request log is written on the serving thread: its worker could not start', { error: (error as Error).message })
    return fallback
  }
  // The log never keeps a process alive: commands and the host end when their own work ends.
  worker.unref()
  channel.port1.on('message', deliver)
  channel.port1.unref()
  worker.on('error', (error: Error) => giveUp(error.message))
  worker.on('exit', (code) => giveUp(`exited with code ${code}`))

  function settle(timeoutMs: number): boolean {
    drain()
    const deadline = performance.now() + timeoutMs
    while (waiting.size > 0 && !stopped) {
      const seen = Atomics.load(answered, 0)
      if (seen >= sent) {
        drain()
        // Every reply is queued before its number moves: one still missing was delivered already or never comes.
        break
      }
      const left = deadline - performance.now()
      if (left <= 0) break
      Atomics.wait(answered, 0, seen, left)
      drain()
    }
    return waiting.size === 0
  }

  return {
    store(batch, capacity, settled) {
      if (stopped) return fallback.store(batch, capacity, settled)
      const seq = ++sent
      waiting.set(seq, { batch, capacity, settled })
      channel.port1.postMessage({ seq, batch, capacity } satisfies StoreRequest)
    },
    settle,
    close() {
      if (stopped) return
      closing = true
      settle(WORKER_BUSY_TIMEOUT_MS * 2)
      channel.port1.postMessage(CLOSE_REQUEST)
    },
  }
}
