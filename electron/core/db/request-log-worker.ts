// Entry of the request log's worker thread (built as out/main/request-log-worker.js): writes the traffic log's
// batches with a connection of its own, so the SQLite work of a busy host runs beside its event loop instead of
// on it. It only inserts and trims; the schema is the serving thread's (openDb ran the migrations before).
import Database from 'better-sqlite3'
import { workerData } from 'node:worker_threads'
import { createRequestLogRepo } from './request-log-repo'
import { storeNow } from './request-log-writer'
import { CLOSE_REQUEST, type RequestLogWorkerData, type StoreReply, type StoreRequest } from './request-log-worker-protocol'

const { dbFile, nativeBinding, busyTimeoutMs, port, answered } = workerData as RequestLogWorkerData

const db = new Database(dbFile, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) })
const repo = createRequestLogRepo(db)

// After a batch found the database held by another program, the batches already queued behind it answer busy at
// once instead of each waiting the full timeout: the serving thread keeps their rows and backs off, and a queue
// that took a second to fill cannot take minutes to drain. The first batch stored waits normally again.
let waitForTheLock: boolean | null = null
function waitForTheLockNow(wait: boolean): void {
  if (wait === waitForTheLock) return
  waitForTheLock = wait
  db.pragma(`busy_timeout = ${wait ? Math.max(0, Math.floor(busyTimeoutMs)) : 0}`)
}
waitForTheLockNow(true)

port.on('message', (message: StoreRequest | typeof CLOSE_REQUEST) => {
  if (message === CLOSE_REQUEST) {
    db.close()
    port.close()
    return
  }
  const outcome = storeNow(repo, message.batch, message.capacity)
  waitForTheLockNow(outcome.kind !== 'busy')
  const reply: StoreReply = { seq: message.seq, outcome }
  // The reply is queued on the port before the number moves, so a serving thread woken by the number finds it.
  port.postMessage(reply)
  Atomics.store(answered, 0, message.seq)
  Atomics.notify(answered, 0)
})
