import type { Db } from '../db/open-db'

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
  const set = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
  const del = db.prepare('DELETE FROM settings WHERE key = ?')
  const all = db.prepare<[string, string], { key: string; value: string }>("SELECT key, value FROM settings WHERE key >= ? AND key < ? || '\uffff'")
  return {
    announce: (intent) => void set.run(PREFIX + intent.fileId, JSON.stringify({ from: intent.from, to: intent.to })),
    clear: (fileId) => void del.run(PREFIX + fileId),
    list: () =>
      all.all(PREFIX, PREFIX).flatMap((row) => {
        try {
          const value = JSON.parse(row.value) as { from?: unknown; to?: unknown }
          if (typeof value.from !== 'string' || typeof value.to !== 'string') return []
          return [{ fileId: row.key.slice(PREFIX.length), from: value.from, to: value.to }]
        } catch {
          return []
        }
      }),
  }
}
