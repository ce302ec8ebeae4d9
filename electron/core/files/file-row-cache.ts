import { performance } from 'node:perf_hooks'
import type { FileRepo, FileRow } from '../db/file-repo'

// CheckFileInfo looks its file row up on every call, and a SQLite read in WAL mode costs several syscalls. Rows
// are kept in memory for a moment and forgotten on every write made through this repository. Writes by other
// processes (the `token` command adding ids, or bumping a version it saw change on disk) are caught anyway:
// change detection updates a row only if it still has the state it was read with, and re-reads otherwise.
// The short lifetime bounds staleness for anything else.

const ROW_TTL_MS = 2000
const MAX_ROWS = 4096

export function withRowCache(repo: FileRepo): FileRepo {
  const rows = new Map<string, { row: FileRow; at: number }>()
  const forget = (id: string) => {
    rows.delete(id)
  }
  return {
    byId(id) {
      const now = performance.now()
      const hit = rows.get(id)
      if (hit && now - hit.at < ROW_TTL_MS) return hit.row
      const row = repo.byId(id)
      if (!row) {
        rows.delete(id)
        return undefined
      }
      rows.set(id, { row, at: now })
      if (rows.size > MAX_ROWS) rows.delete(rows.keys().next().value!)
      return row
    },
    liveByPath: (root, relPath) => repo.liveByPath(root, relPath),
    insert(row) {
      forget(row.id)
      repo.insert(row)
    },
    // Every write forgets the row, so the next read goes to the database (also after a rolled-back transaction).
    updateObserved(id, expected, next) {
      forget(id)
      try {
        return repo.updateObserved(id, expected, next)
      } finally {
        forget(id)
      }
    },
    setState(id, next) {
      forget(id)
      repo.setState(id, next)
    },
    setPath(id, relPath) {
      forget(id)
      repo.setPath(id, relPath)
    },
    markDeleted(id, at) {
      forget(id)
      repo.markDeleted(id, at)
    },
    undelete(id, relPath) {
      forget(id)
      repo.undelete(id, relPath)
    },
    liveRelPaths: (root) => repo.liveRelPaths(root),
    liveUnder: (root, prefix) => repo.liveUnder(root, prefix),
  }
}
