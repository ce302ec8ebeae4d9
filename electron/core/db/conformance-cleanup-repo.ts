import type { Db } from './open-db'

/**
 * What a conformance run against the desk leaves in the database: the rows of the files it created in its own
 * folder, their trash entries and locks. The runner removes the folder and then forgets these.
 */
export interface ConformanceCleanupRepo {
  /** every file ever recorded under the '/'-terminated folder prefix, live or deleted */
  fileIdsUnder(prefix: string): string[]
  trashOf(fileId: string): { id: number; storePath: string }[]
  deleteTrashEntry(id: number): void
  deleteLock(fileId: string): void
  /** marks a live file deleted; a file deleted already keeps its time */
  markDeleted(fileId: string, at: number): void
}

export function createConformanceCleanupRepo(db: Db): ConformanceCleanupRepo {
  const filesUnder = db.prepare<[number, string], { id: string }>('SELECT id FROM files WHERE substr(rel_path, 1, ?) = ?')
  const trashOf = db.prepare<[string], { id: number; store_path: string }>('SELECT id, store_path FROM trash WHERE file_id = ?')
  const deleteTrash = db.prepare('DELETE FROM trash WHERE id = ?')
  const deleteLock = db.prepare('DELETE FROM locks WHERE file_id = ?')
  const markDeleted = db.prepare('UPDATE files SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL')
  return {
    fileIdsUnder: (prefix) => filesUnder.all(prefix.length, prefix).map((row) => row.id),
    trashOf: (fileId) => trashOf.all(fileId).map((row) => ({ id: row.id, storePath: row.store_path })),
    deleteTrashEntry: (id) => void deleteTrash.run(id),
    deleteLock: (fileId) => void deleteLock.run(fileId),
    markDeleted: (fileId, at) => void markDeleted.run(at, fileId),
  }
}
