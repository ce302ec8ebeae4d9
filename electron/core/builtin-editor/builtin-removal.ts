import type { Db } from '../db/open-db'

// Whether the admin removed the built-in editor from the catalog. Without this, the next start would import it
// again as if it were a first run (the removal would silently undo itself); with it, the editor stays out until
// the admin restores it from the Editors page.

const KEY = 'builtin-editor-removed'

export interface BuiltinRemoval {
  removed(): boolean
  markRemoved(): void
  clear(): void
}

export function createBuiltinRemoval(db: Db, now: () => number): BuiltinRemoval {
  const read = db.prepare<[string], { value: string }>('SELECT value FROM runtime WHERE key = ?')
  const write = db.prepare('INSERT INTO runtime (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
  const remove = db.prepare('DELETE FROM runtime WHERE key = ?')
  return {
    removed: () => read.get(KEY)?.value === 'true',
    markRemoved: () => void write.run(KEY, 'true', now()),
    clear: () => void remove.run(KEY),
  }
}
