import type { Db } from './open-db'

/**
 * One row of `sessions`: "this file was opened with that app and action". The token itself is never stored;
 * `tokenHash` is the SHA-256 the tokens table keys on, so the Activity page can join a session to its traffic.
 */
export interface SessionRow {
  id: string
  fileId: string
  appId: string | null
  action: string
  tokenHash: string
  /** editor URL without any token (the token only ever travels in the host page's form POST) */
  actionUrl: string
  userId: string
  canWrite: boolean
  createdAt: number
  /** the token's expiry: the session cannot outlive it */
  expiresAt: number
  closedAt: number | null
}

/** A session as the Activity page lists it: names joined in, and how much traffic it had. */
export interface SessionSummaryRow {
  id: string
  fileId: string
  /** null once the file's row is gone */
  relPath: string | null
  /** the display name, else the discovered one; null once the app is gone */
  appName: string | null
  action: string
  createdAt: number
  closedAt: number | null
  requests: number
  /** the status of the session's newest request */
  lastStatus: number | null
}

export interface SessionRepo {
  insert(row: SessionRow): void
  get(id: string): SessionRow | undefined
  /** sets closed_at once; false when the session was already closed or is unknown */
  close(id: string, at: number): boolean
  /** true when a token issued with this session id was issued for this file (PutRelativeFile copies, the original) */
  sessionHasFile(sessionId: string, fileId: string): boolean
  /** sessions neither closed nor expired at `now`, with their files */
  openSessions(now: number): { sessionId: string; fileId: string }[]
  /** newest first */
  recentSummaries(limit: number): SessionSummaryRow[]
}

interface RawSummaryRow {
  id: string
  file_id: string
  rel_path: string | null
  app_name: string | null
  action: string
  created_at: number
  closed_at: number | null
  requests: number
  last_status: number | null
}

interface RawSessionRow {
  id: string
  file_id: string
  app_id: string | null
  action: string
  token_hash: string
  action_url: string
  user_id: string
  can_write: number
  created_at: number
  expires_at: number
  closed_at: number | null
}

function toRow(raw: RawSessionRow): SessionRow {
  return {
    id: raw.id,
    fileId: raw.file_id,
    appId: raw.app_id,
    action: raw.action,
    tokenHash: raw.token_hash,
    actionUrl: raw.action_url,
    userId: raw.user_id,
    canWrite: raw.can_write === 1,
    createdAt: raw.created_at,
    expiresAt: raw.expires_at,
    closedAt: raw.closed_at,
  }
}

export function createSessionRepo(db: Db): SessionRepo {
  const insert = db.prepare(
    `INSERT INTO sessions (id, file_id, app_id, action, token_hash, action_url, user_id, can_write, created_at, expires_at, closed_at)
     VALUES (@id, @fileId, @appId, @action, @tokenHash, @actionUrl, @userId, @canWrite, @createdAt, @expiresAt, @closedAt)`,
  )
  const get = db.prepare<[string], RawSessionRow>('SELECT * FROM sessions WHERE id = ?')
  const close = db.prepare('UPDATE sessions SET closed_at = ? WHERE id = ? AND closed_at IS NULL')
  const openSessions = db.prepare<[number], { id: string; file_id: string }>(
    'SELECT id, file_id FROM sessions WHERE closed_at IS NULL AND expires_at > ?',
  )
  const hasFile = db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM tokens WHERE session_id = ? AND file_id = ? LIMIT 1')
  const summaries = db.prepare<[number], RawSummaryRow>(`
    SELECT s.id, s.file_id, f.rel_path, COALESCE(a.display_name, a.discovered_name) AS app_name, s.action, s.created_at, s.closed_at,
           (SELECT COUNT(*) FROM requests r WHERE r.session_id = s.id) AS requests,
           (SELECT r.status FROM requests r WHERE r.session_id = s.id ORDER BY r.id DESC LIMIT 1) AS last_status
    FROM sessions s
    LEFT JOIN files f ON f.id = s.file_id
    LEFT JOIN apps a ON a.id = s.app_id
    ORDER BY s.created_at DESC
    LIMIT ?`)
  return {
    insert: (row) => void insert.run({ ...row, canWrite: row.canWrite ? 1 : 0 }),
    get: (id) => {
      const raw = get.get(id)
      return raw ? toRow(raw) : undefined
    },
    close: (id, at) => close.run(at, id).changes > 0,
    sessionHasFile: (sessionId, fileId) => hasFile.get(sessionId, fileId) !== undefined,
    openSessions: (now) => openSessions.all(now).map((row) => ({ sessionId: row.id, fileId: row.file_id })),
    recentSummaries: (limit) =>
      summaries.all(limit).map((raw) => ({
        id: raw.id,
        fileId: raw.file_id,
        relPath: raw.rel_path,
        appName: raw.app_name,
        action: raw.action,
        createdAt: raw.created_at,
        closedAt: raw.closed_at,
        requests: raw.requests,
        lastStatus: raw.last_status,
      })),
  }
}
