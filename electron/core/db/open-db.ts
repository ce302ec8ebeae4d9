import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { ApiError } from '../../contract/envelope'
import { migrations } from './schema'

export type Db = Database.Database

export const DB_FILE_NAME = 'wopi-desk.db'

/** What a short-lived command waits for another writer: the whole process waits for this one answer. */
export const COMMAND_BUSY_TIMEOUT_MS = 5000

/**
 * What a serving host waits for another writer. better-sqlite3 waits synchronously, so every millisecond here
 * stops every listener: enough for a CLI command's short transaction, far too little to freeze the host when
 * another program holds the database (then SQLITE_BUSY comes back and editors get a 503 they retry).
 */
export const SERVING_BUSY_TIMEOUT_MS = 50

export interface OpenDbOptions {
  /** how long a write waits for another process's write lock; default COMMAND_BUSY_TIMEOUT_MS */
  busyTimeoutMs?: number
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
  let db: Db | null = null
  try {
    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    // Start-up (migrations) may wait like a command: nothing is served yet.
    db.pragma(`busy_timeout = ${COMMAND_BUSY_TIMEOUT_MS}`)
    db.pragma('foreign_keys = ON')
    migrate(db)
  } catch (error) {
    db?.close()
    throw isDamagedDatabase(error) ? damagedDatabaseError(file, error as Error) : error
  }
  const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? COMMAND_BUSY_TIMEOUT_MS))
  if (busyTimeoutMs !== COMMAND_BUSY_TIMEOUT_MS) db.pragma(`busy_timeout = ${busyTimeoutMs}`)
  return db
}

function isDamagedDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT'))
}

/** Issue 13 item 12: which file, and the way out, instead of "file is not a database". */
function damagedDatabaseError(file: string, cause: Error): ApiError {
  return new ApiError(
    'unavailable',
    `The database ${file} is damaged or is not a WOPI Desk database (${cause.message}). Move it aside (rename it, ` +
      `for example to ${basename(file)}.damaged) and start WOPI Desk again: it creates a new one. The documents in the ` +
      'served folder are not touched; the settings, versions and trash entries listed in the old database are not shown ' +
      'any more (their files stay in the data folder).',
  )
}

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT, ...): another connection holds the lock. */
export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED')
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
