import Database from 'better-sqlite3'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DB_FILE_NAME } from '../db/open-db'

/**
 * The folder `serve` served last time on this data folder, if it still exists. Read-only: looking must not
 * create or migrate a database.
 */
export function storedRoot(dataDir: string): string | null {
  const file = join(dataDir, DB_FILE_NAME)
  if (!existsSync(file)) return null
  let db: Database.Database | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    const row = db.prepare("SELECT value FROM settings WHERE key = 'root'").get() as { value: string } | undefined
    const root = row ? (JSON.parse(row.value) as unknown) : null
    return typeof root === 'string' && root && statSync(root, { throwIfNoEntry: false })?.isDirectory() ? root : null
  } catch {
    return null
  } finally {
    db?.close()
  }
}
