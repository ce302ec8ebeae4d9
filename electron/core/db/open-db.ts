import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrations } from './schema'

export type Db = Database.Database

export const DB_FILE_NAME = 'wopi-desk.db'

export interface OpenDbOptions {
  /**
   * The SQLite addon to load instead of the one in node_modules (better-sqlite3's `nativeBinding`). The desktop
   * shell passes the Electron build here, because node_modules holds Node's build for the CLI and the tests.
   */
  nativeBinding?: string
}

/**
 * Opens (creating if needed) the one database of a data directory. WAL lets `serve` and short-lived CLI
 * commands (`token`, `open`) use it at the same time; busy_timeout makes a writer wait instead of failing.
 */
export function openDb(file: string, options: OpenDbOptions = {}): Db {
  mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('busy_timeout = 5000')
  db.pragma('foreign_keys = ON')
  migrate(db)
  return db
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > migrations.length) {
    throw new Error(
      `This data directory was written by a newer WOPI Desk (schema ${current}, this build knows ${migrations.length}). ` +
        'Update WOPI Desk or use another --data directory.',
    )
  }
  for (let version = current; version < migrations.length; version++) {
    // IMMEDIATE: two processes starting on a fresh directory must not both run the same migration.
    db.transaction(() => {
      const now = db.pragma('user_version', { simple: true }) as number
      if (now !== version) return
      db.exec(migrations[version]!)
      db.pragma(`user_version = ${version + 1}`)
    }).immediate()
  }
}
