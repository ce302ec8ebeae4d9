import type { Db } from './open-db'

export type VersionReason = 'put-file' | 'overwrite' | 'restore' | 'conflict'

export interface VersionRow {
  id: number
  fileId: string
  version: number
  relPath: string
  /** relative to the data directory */
  storePath: string
  size: number
  createdAt: number
  reason: VersionReason
}

export interface VersionRepo {
  insert(row: Omit<VersionRow, 'id'>): number
  byId(id: number): VersionRow | undefined
  /** newest first */
  listForFile(fileId: string): VersionRow[]
  delete(id: number): void
  allStorePaths(): string[]
  deleteByStorePath(storePath: string): void
}

interface RawVersionRow {
  id: number
  file_id: string
  version: number
  rel_path: string
  store_path: string
  size: number
  created_at: number
  reason: VersionReason
}

function toRow(raw: RawVersionRow): VersionRow {
  return {
    id: raw.id,
    fileId: raw.file_id,
    version: raw.version,
    relPath: raw.rel_path,
    storePath: raw.store_path,
    size: raw.size,
    createdAt: raw.created_at,
    reason: raw.reason,
  }
}

export function createVersionRepo(db: Db): VersionRepo {
  const insert = db.prepare(
    `INSERT INTO versions (file_id, version, rel_path, store_path, size, created_at, reason)
     VALUES (@fileId, @version, @relPath, @storePath, @size, @createdAt, @reason)`,
  )
  const byId = db.prepare<[number], RawVersionRow>('SELECT * FROM versions WHERE id = ?')
  const list = db.prepare<[string], RawVersionRow>('SELECT * FROM versions WHERE file_id = ? ORDER BY id DESC')
  const del = db.prepare('DELETE FROM versions WHERE id = ?')
  const storePaths = db.prepare<[], { store_path: string }>('SELECT store_path FROM versions')
  const delByStorePath = db.prepare('DELETE FROM versions WHERE store_path = ?')
  return {
    insert: (row) => Number(insert.run(row).lastInsertRowid),
    byId: (id) => {
      const raw = byId.get(id)
      return raw ? toRow(raw) : undefined
    },
    listForFile: (fileId) => list.all(fileId).map(toRow),
    delete: (id) => void del.run(id),
    allStorePaths: () => storePaths.all().map((row) => row.store_path),
    deleteByStorePath: (storePath) => void delByStorePath.run(storePath),
  }
}
