import type { Db } from './open-db'

/** One row of `files`: a stable random id for a path under one served root. */
export interface FileRow {
  id: string
  root: string
  relPath: string
  version: number
  size: number
  /** nanoseconds as decimal text: bigint does not fit a JS number */
  mtimeNs: string
  ino: string
  /** ISO 8601 (UTC, `Z`) handed to editors; strictly increases with `version` */
  lastModified: string
  ownerId: string
  createdAt: number
  deletedAt: number | null
}

/** What change detection compares: the file as it was last seen on disk. */
export interface DiskState {
  size: number
  mtimeNs: string
  ino: string
}

export interface FileRepo {
  byId(id: string): FileRow | undefined
  liveByPath(root: string, relPath: string): FileRow | undefined
  insert(row: FileRow): void
  /** Optimistic update: applies only if the row still has `expected` (another request may have won). */
  updateObserved(
    id: string,
    expected: DiskState & { version: number },
    next: DiskState & { version: number; lastModified: string },
  ): boolean
  setState(id: string, next: DiskState & { version: number; lastModified: string }): void
  setPath(id: string, relPath: string): void
  markDeleted(id: string, at: number): void
  undelete(id: string, relPath: string): void
  liveRelPaths(root: string): string[]
  liveUnder(root: string, prefix: string): FileRow[]
}

interface RawFileRow {
  id: string
  root: string
  rel_path: string
  version: number
  size: number
  mtime_ns: string
  ino: string
  last_modified: string
  owner_id: string
  created_at: number
  deleted_at: number | null
}

function toRow(raw: RawFileRow | undefined): FileRow | undefined {
  if (!raw) return undefined
  return {
    id: raw.id,
    root: raw.root,
    relPath: raw.rel_path,
    version: raw.version,
    size: raw.size,
    mtimeNs: raw.mtime_ns,
    ino: raw.ino,
    lastModified: raw.last_modified,
    ownerId: raw.owner_id,
    createdAt: raw.created_at,
    deletedAt: raw.deleted_at,
  }
}

// Statements are prepared once per repository: CheckFileInfo runs these on every call.
export function createFileRepo(db: Db): FileRepo {
  const byId = db.prepare<[string], RawFileRow>('SELECT * FROM files WHERE id = ?')
  const liveByPath = db.prepare<[string, string], RawFileRow>('SELECT * FROM files WHERE root = ? AND rel_path = ? AND deleted_at IS NULL')
  const insert = db.prepare(
    `INSERT INTO files (id, root, rel_path, version, size, mtime_ns, ino, last_modified, owner_id, created_at, deleted_at)
     VALUES (@id, @root, @relPath, @version, @size, @mtimeNs, @ino, @lastModified, @ownerId, @createdAt, @deletedAt)`,
  )
  const updateObserved = db.prepare(
    `UPDATE files SET version = @nextVersion, size = @nextSize, mtime_ns = @nextMtimeNs, ino = @nextIno, last_modified = @lastModified
     WHERE id = @id AND version = @version AND size = @size AND mtime_ns = @mtimeNs AND ino = @ino`,
  )
  const setState = db.prepare(
    'UPDATE files SET version = @version, size = @size, mtime_ns = @mtimeNs, ino = @ino, last_modified = @lastModified WHERE id = @id',
  )
  const setPath = db.prepare('UPDATE files SET rel_path = ? WHERE id = ?')
  const markDeleted = db.prepare('UPDATE files SET deleted_at = ? WHERE id = ?')
  const undelete = db.prepare('UPDATE files SET deleted_at = NULL, rel_path = ? WHERE id = ?')
  const liveRelPaths = db.prepare<[string], { rel_path: string }>('SELECT rel_path FROM files WHERE root = ? AND deleted_at IS NULL')
  const liveUnder = db.prepare<[string, string, string], RawFileRow>(
    "SELECT * FROM files WHERE root = ? AND deleted_at IS NULL AND (? = '' OR rel_path LIKE ? ESCAPE '\\')",
  )

  return {
    byId: (id) => toRow(byId.get(id)),
    liveByPath: (root, relPath) => toRow(liveByPath.get(root, relPath)),
    insert: (row) => void insert.run(row),
    updateObserved: (id, expected, next) =>
      updateObserved.run({
        id,
        version: expected.version,
        size: expected.size,
        mtimeNs: expected.mtimeNs,
        ino: expected.ino,
        nextVersion: next.version,
        nextSize: next.size,
        nextMtimeNs: next.mtimeNs,
        nextIno: next.ino,
        lastModified: next.lastModified,
      }).changes === 1,
    setState: (id, next) => void setState.run({ id, ...next }),
    setPath: (id, relPath) => void setPath.run(relPath, id),
    markDeleted: (id, at) => void markDeleted.run(at, id),
    undelete: (id, relPath) => void undelete.run(relPath, id),
    liveRelPaths: (root) => liveRelPaths.all(root).map((r) => r.rel_path),
    liveUnder: (root, prefix) => {
      const like = prefix.replace(/[\\%_]/g, (c) => '\\' + c) + '/%'
      return liveUnder.all(root, prefix, like).map((r) => toRow(r)!)
    },
  }
}
