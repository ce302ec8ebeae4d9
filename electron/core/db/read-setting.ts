import Database from 'better-sqlite3'
import type { OpenDbOptions } from './open-db'

/**
 * One setting read from a data folder's database file before the desk opens it (the value decides how it opens),
 * so read-only: looking must not create or migrate anything. Undefined when the database has no settings table
 * yet (created but not migrated) or no such key. Throws when the file cannot be opened or read, or the value is
 * not JSON: the caller decides what that means, it is never "not set".
 */
export function readSettingBeforeOpen(file: string, key: string, options: Pick<OpenDbOptions, 'nativeBinding'> = {}): unknown {
  const db = new Database(file, {
    readonly: true,
    fileMustExist: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  })
  try {
    const hasSettings = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'").get()
    if (!hasSettings) return undefined
    const row = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key)
    return row ? (JSON.parse(row.value) as unknown) : undefined
  } finally {
    db.close()
  }
}
