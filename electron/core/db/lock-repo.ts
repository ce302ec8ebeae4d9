import type { Db } from './open-db'

export interface LockRow {
  fileId: string
  lockId: string
  expiresAt: number
  createdAt: number
  refreshedAt: number
  userId: string | null
  client: string | null
  /** absolute path of the desktop lock file we wrote for this lock, if any */
  ownerFile: string | null
}

export interface LockRepo {
  get(fileId: string): LockRow | undefined
  upsert(row: LockRow): void
  refresh(fileId: string, at: number, expiresAt: number): void
  delete(fileId: string): void
  setOwnerFile(fileId: string, ownerFile: string | null): void
  expiredBefore(now: number): LockRow[]
  all(): LockRow[]
}

interface RawLockRow {
  file_id: string
  lock_id: string
  expires_at: number
  created_at: number
  refreshed_at: number
  user_id: string | null
  client: string | null
  owner_file: string | null
}

function toRow(raw: RawLockRow): LockRow {
  return {
    fileId: raw.file_id,
    lockId: raw.lock_id,
    expiresAt: raw.expires_at,
    createdAt: raw.created_at,
    refreshedAt: raw.refreshed_at,
    userId: raw.user_id,
    client: raw.client,
    ownerFile: raw.owner_file,
  }
}

export function createLockRepo(db: Db): LockRepo {
  const get = db.prepare<[string], RawLockRow>('SELECT * FROM locks WHERE file_id = ?')
  const upsert = db.prepare(
    `INSERT INTO locks (file_id, lock_id, expires_at, created_at, refreshed_at, user_id, client, owner_file)
     VALUES (@fileId, @lockId, @expiresAt, @createdAt, @refreshedAt, @userId, @client, @ownerFile)
     ON CONFLICT(file_id) DO UPDATE SET lock_id = excluded.lock_id, expires_at = excluded.expires_at,
       created_at = excluded.created_at, refreshed_at = excluded.refreshed_at, user_id = excluded.user_id,
       client = excluded.client, owner_file = excluded.owner_file`,
  )
  const refresh = db.prepare('UPDATE locks SET refreshed_at = ?, expires_at = ? WHERE file_id = ?')
  const del = db.prepare('DELETE FROM locks WHERE file_id = ?')
  const setOwnerFile = db.prepare('UPDATE locks SET owner_file = ? WHERE file_id = ?')
  const expired = db.prepare<[number], RawLockRow>('SELECT * FROM locks WHERE expires_at <= ?')
  const all = db.prepare<[], RawLockRow>('SELECT * FROM locks ORDER BY created_at')
  return {
    get: (fileId) => {
      const raw = get.get(fileId)
      return raw ? toRow(raw) : undefined
    },
    upsert: (row) => void upsert.run(row),
    refresh: (fileId, at, expiresAt) => void refresh.run(at, expiresAt, fileId),
    delete: (fileId) => void del.run(fileId),
    setOwnerFile: (fileId, ownerFile) => void setOwnerFile.run(ownerFile, fileId),
    expiredBefore: (now) => expired.all(now).map(toRow),
    all: () => all.all().map(toRow),
  }
}
