import type { ActivityFilter, RequestDto } from '../../contract/dto'
import type { Db } from './open-db'

/** One served WOPI request as stored; tokens and proof header values never reach this shape. */
export interface RequestRecord extends RequestDto {
  /** further redacted facts (request path without token, user agent, client version...) */
  details: Record<string, unknown> | null
}

export interface RequestLogRepo {
  maxId(): number
  /** inserts with the ids already assigned, then trims the ring to `capacity` rows */
  insertMany(records: RequestRecord[], capacity: number): void
  recent(filter: ActivityFilter): RequestRecord[]
}

interface RawRequestRow {
  id: number
  ts: number
  operation: string
  method: string
  file_id: string | null
  file_name: string | null
  user_id: string | null
  session_id: string | null
  wopi_session: string | null
  correlation_id: string | null
  client: string | null
  status: number
  duration_ms: number
  lock_id: string | null
  old_lock_id: string | null
  proof: string | null
  error: string | null
  details: string | null
}

function toRecord(raw: RawRequestRow): RequestRecord {
  let details: Record<string, unknown> | null = null
  if (raw.details) {
    try {
      details = JSON.parse(raw.details) as Record<string, unknown>
    } catch {
      details = null
    }
  }
  return {
    id: raw.id,
    ts: raw.ts,
    operation: raw.operation,
    method: raw.method,
    fileId: raw.file_id,
    fileName: raw.file_name,
    userId: raw.user_id,
    sessionId: raw.session_id,
    wopiSessionId: raw.wopi_session,
    correlationId: raw.correlation_id,
    client: raw.client,
    status: raw.status,
    durationMs: raw.duration_ms,
    lockId: raw.lock_id,
    oldLockId: raw.old_lock_id,
    proof: raw.proof,
    error: raw.error,
    details,
  }
}

/** One stored request with its redacted details, or null once the ring dropped it. */
export function requestById(db: Db, id: number): RequestRecord | null {
  const row = db.prepare<[number], RawRequestRow>('SELECT * FROM requests WHERE id = ?').get(id)
  return row ? toRecord(row) : null
}

export function createRequestLogRepo(db: Db): RequestLogRepo {
  const maxId = db.prepare<[], { id: number | null }>('SELECT MAX(id) AS id FROM requests')
  const COLUMNS = `(id, ts, operation, method, file_id, file_name, user_id, session_id, wopi_session, correlation_id,
       client, status, duration_ms, lock_id, old_lock_id, proof, error, details)`
  const ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
  // The log is written in batches; one statement per 32 rows costs far less than one per row.
  const BATCH = 32
  const insertOne = db.prepare(`INSERT INTO requests ${COLUMNS} VALUES ${ROW}`)
  const insertBatch = db.prepare(`INSERT INTO requests ${COLUMNS} VALUES ${Array(BATCH).fill(ROW).join(', ')}`)
  const values = (r: RequestRecord): unknown[] => [
    r.id,
    r.ts,
    r.operation,
    r.method,
    r.fileId,
    r.fileName,
    r.userId,
    r.sessionId,
    r.wopiSessionId,
    r.correlationId,
    r.client,
    r.status,
    r.durationMs,
    r.lockId,
    r.oldLockId,
    r.proof,
    r.error,
    r.details ? JSON.stringify(r.details) : null,
  ]
  const trim = db.prepare('DELETE FROM requests WHERE id <= (SELECT MAX(id) FROM requests) - ?')
  const insertMany = db.transaction((records: RequestRecord[], capacity: number) => {
    let i = 0
    for (; i + BATCH <= records.length; i += BATCH) insertBatch.run(records.slice(i, i + BATCH).flatMap(values))
    for (; i < records.length; i++) insertOne.run(values(records[i]!))
    trim.run(capacity)
  })

  return {
    maxId: () => maxId.get()?.id ?? 0,
    insertMany: (records, capacity) => {
      if (records.length === 0) return
      // The log is a diagnostic ring, not user data: its batches commit without their own fsync of the WAL
      // (synchronous=NORMAL keeps the database consistent; a power cut may lose the last rows). With FULL, every
      // batch stopped the event loop, and so every listener, for one fsync: the host's rate swung with the disk.
      // The connection's next fsynced commit or checkpoint makes these rows durable too.
      // The opposite of durable.ts's durably(), and restored the same way.
      const previous = db.pragma('synchronous', { simple: true }) as number
      db.pragma('synchronous = NORMAL')
      try {
        insertMany.immediate(records, capacity)
      } finally {
        db.pragma(`synchronous = ${Number(previous)}`)
      }
    },
    recent: (filter) => {
      const where: string[] = []
      const params: Record<string, unknown> = {}
      if (filter.operation) {
        where.push('operation = @operation')
        params['operation'] = filter.operation
      }
      if (filter.fileId) {
        where.push('file_id = @fileId')
        params['fileId'] = filter.fileId
      }
      if (filter.sessionId) {
        where.push('session_id = @sessionId')
        params['sessionId'] = filter.sessionId
      }
      if (filter.status === 'ok') where.push('status < 400')
      if (filter.status === 'error') where.push('status >= 400')
      if (filter.since !== undefined) {
        where.push('ts >= @since')
        params['since'] = filter.since
      }
      if (filter.until !== undefined) {
        where.push('ts <= @until')
        params['until'] = filter.until
      }
      params['limit'] = filter.limit ?? 200
      const sql = `SELECT * FROM requests ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT @limit`
      return db.prepare<[Record<string, unknown>], RawRequestRow>(sql).all(params).map(toRecord)
    },
  }
}
