import type { Db } from '../db/open-db'
import { createRuntimeRepo } from '../db/runtime-repo'

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
  const runtime = createRuntimeRepo(db)
  return {
    removed: () => runtime.get(KEY) === 'true',
    markRemoved: () => runtime.set(KEY, 'true', now()),
    clear: () => runtime.delete(KEY),
  }
}
