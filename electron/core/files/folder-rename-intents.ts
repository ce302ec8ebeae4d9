import type { Db } from '../db/open-db'
import { createSettingsRepo } from '../db/settings-repo'

// A folder rename moves every file under it on disk in one rename(), then moves every row's path in one
// transaction: a kill in between would leave the files under a name no row knows, so they would get new ids at
// start-up. So the rename is announced first, with the folder's inode (which the rename keeps): start-up finds
// the folder under its new name (the rows follow it) or under its old one (nothing happened), and clears the
// intent. Its own prefix, apart from the file rename intents (keyed by file id), and the store's root in the
// value, since every place's store shares the one settings table.

const PREFIX = 'folder-rename-intent:'

export interface FolderRenameIntent {
  /** the real path of the store's root the two paths are relative to */
  root: string
  /** '/'-separated, relative to `root` */
  from: string
  to: string
  /** the folder's inode, as a decimal string */
  ino: string
}

export interface FolderRenameIntents {
  announce(intent: FolderRenameIntent): void
  /** synchronous, to run inside the transaction that records the new paths */
  clear(intent: Pick<FolderRenameIntent, 'root' | 'from'>): void
  /** the intents announced for the store at `root` */
  list(root: string): FolderRenameIntent[]
}

export function createFolderRenameIntents(db: Db): FolderRenameIntents {
  const settings = createSettingsRepo(db)
  const keyOf = (intent: Pick<FolderRenameIntent, 'root' | 'from'>) => PREFIX + JSON.stringify([intent.root, intent.from])
  return {
    announce: (intent) => settings.set(keyOf(intent), { root: intent.root, from: intent.from, to: intent.to, ino: intent.ino }),
    clear: (intent) => settings.delete(keyOf(intent)),
    list: (root) =>
      [...settings.withPrefix(PREFIX).values()].flatMap((value) => {
        const intent = (value ?? {}) as Partial<Record<keyof FolderRenameIntent, unknown>>
        const { from, to, ino } = intent
        if (intent.root !== root || typeof from !== 'string' || typeof to !== 'string' || typeof ino !== 'string') return []
        return [{ root, from, to, ino }]
      }),
  }
}
