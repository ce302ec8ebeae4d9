import Database from 'better-sqlite3'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DB_FILE_NAME, type OpenDbOptions } from '../db/open-db'

/**
 * The folder `serve` served last time on this data folder, if it still exists. Read-only: looking must not
 * create or migrate a database. A database that exists but cannot be opened or read (a wrong build of the SQLite
 * addon, a damaged file) is an error, never "no folder": hiding it would silently serve another folder.
 */
export function storedRoot(dataDir: string, options: OpenDbOptions = {}): string | null {
  const file = join(dataDir, DB_FILE_NAME)
  if (!existsSync(file)) return null
  let db: Database.Database | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) })
    // A database created but not yet migrated has no settings table: nothing was chosen yet.
    const hasSettings = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'").get()
    if (!hasSettings) return null
    const row = db.prepare("SELECT value FROM settings WHERE key = 'root'").get() as { value: string } | undefined
    const root = row ? (JSON.parse(row.value) as unknown) : null
    return typeof root === 'string' && root && statSync(root, { throwIfNoEntry: false })?.isDirectory() ? root : null
  } catch (error) {
    throw new Error(`Cannot read the served folder from ${file}: ${(error as Error).message}`, { cause: error })
  } finally {
    db?.close()
  }
}
