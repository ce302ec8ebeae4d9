import type { Db } from './open-db'

export interface TrashRow {
  id: number
  fileId: string
  relPath: string
  /** relative to the data directory */
  storePath: string
  size: number
  deletedAt: number
}

export interface TrashRepo {
  insert(row: Omit<TrashRow, 'id'>): number
  byId(id: number): TrashRow | undefined
  /** newest first */
  list(): TrashRow[]
  delete(id: number): void
}

interface RawTrashRow {
  id: number
  file_id: string
  rel_path: string
  store_path: string
  size: number
  deleted_at: number
}

function toRow(raw: RawTrashRow): TrashRow {
  return { id: raw.id, fileId: raw.file_id, relPath: raw.rel_path, storePath: raw.store_path, size: raw.size, deletedAt: raw.deleted_at }
}

export function createTrashRepo(db: Db): TrashRepo {
  const insert = db.prepare(
    'INSERT INTO trash (file_id, rel_path, store_path, size, deleted_at) VALUES (@fileId, @relPath, @storePath, @size, @deletedAt)',
  )
  const byId = db.prepare<[number], RawTrashRow>('SELECT * FROM trash WHERE id = ?')
  const list = db.prepare<[], RawTrashRow>('SELECT * FROM trash ORDER BY id DESC')
  const del = db.prepare('DELETE FROM trash WHERE id = ?')
  return {
    insert: (row) => Number(insert.run(row).lastInsertRowid),
    byId: (id) => {
      const raw = byId.get(id)
      return raw ? toRow(raw) : undefined
    },
    list: () => list.all().map(toRow),
    delete: (id) => void del.run(id),
  }
}
