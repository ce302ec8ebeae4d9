import type { Db } from './open-db'

/** A token as stored: only its SHA-256 is kept, never the token itself. */
export interface TokenRow {
  hash: string
  fileId: string
  userId: string
  userName: string
  canWrite: boolean
  appId: string | null
  sessionId: string | null
  expiresAt: number
  createdAt: number
}

export interface TokenRepo {
  insert(row: TokenRow): void
  byHash(hash: string): TokenRow | undefined
  deleteExpiredBefore(cutoff: number): number
  /** makes every token of the session expire at `at` (unless it expires earlier); returns how many changed */
  expireSession(sessionId: string, at: number): number
}

interface RawTokenRow {
  hash: string
  file_id: string
  user_id: string
  user_name: string
  can_write: number
  app_id: string | null
  session_id: string | null
  expires_at: number
  created_at: number
}

export function createTokenRepo(db: Db): TokenRepo {
  const insert = db.prepare(
    `INSERT INTO tokens (hash, file_id, user_id, user_name, can_write, app_id, session_id, expires_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const byHash = db.prepare<[string], RawTokenRow>('SELECT * FROM tokens WHERE hash = ?')
  const deleteExpired = db.prepare('DELETE FROM tokens WHERE expires_at < ?')
  const expireSession = db.prepare('UPDATE tokens SET expires_at = ? WHERE session_id = ? AND expires_at > ?')
  return {
    insert: (row) =>
      void insert.run(
        row.hash,
        row.fileId,
        row.userId,
        row.userName,
        row.canWrite ? 1 : 0,
        row.appId,
        row.sessionId,
        row.expiresAt,
        row.createdAt,
      ),
    byHash: (hash) => {
      const raw = byHash.get(hash)
      if (!raw) return undefined
      return {
        hash: raw.hash,
        fileId: raw.file_id,
        userId: raw.user_id,
        userName: raw.user_name,
        canWrite: raw.can_write === 1,
        appId: raw.app_id,
        sessionId: raw.session_id,
        expiresAt: raw.expires_at,
        createdAt: raw.created_at,
      }
    },
    deleteExpiredBefore: (cutoff) => deleteExpired.run(cutoff).changes,
    expireSession: (sessionId, at) => expireSession.run(at, sessionId, at).changes,
  }
}
