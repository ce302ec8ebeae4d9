import type { Db } from '../db/open-db'
import { createSettingsRepo } from '../db/settings-repo'

// A rename that must not replace anything is link(old, new) then unlink(old): a kill between the two leaves both
// names, indistinguishable from a hard link a user made. So the rename is announced first: an intent in the
// database (in the key-value settings table, under its own prefix, which the settings service ignores), then
// the two calls, then the new path and the end of the intent in one transaction. Start-up finishes what an
// intent names (reconcile in file-store.ts). A database that cannot take the intent fails the rename before
// anything happened.

const PREFIX = 'rename-intent:'

export interface RenameIntent {
  fileId: string
  /** '/'-separated, relative to the served folder */
  from: string
  to: string
}

export interface RenameIntents {
  announce(intent: RenameIntent): void
  /** synchronous, to run inside the transaction that records the new path */
  clear(fileId: string): void
  list(): RenameIntent[]
}

export function createRenameIntents(db: Db): RenameIntents {
  const settings = createSettingsRepo(db)
  return {
    announce: (intent) => settings.set(PREFIX + intent.fileId, { from: intent.from, to: intent.to }),
    clear: (fileId) => settings.delete(PREFIX + fileId),
    list: () =>
      [...settings.withPrefix(PREFIX)].flatMap(([key, value]) => {
        const { from, to } = (value ?? {}) as { from?: unknown; to?: unknown }
        if (typeof from !== 'string' || typeof to !== 'string') return []
        return [{ fileId: key.slice(PREFIX.length), from, to }]
      }),
  }
}
