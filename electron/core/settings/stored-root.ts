import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DB_FILE_NAME, type OpenDbOptions } from '../db/open-db'
import { readSettingBeforeOpen } from '../db/read-setting'

/**
 * The folder `serve` served last time on this data folder, if it still exists. Read-only: looking must not
 * create or migrate a database. A database that exists but cannot be opened or read (a wrong build of the SQLite
 * addon, a damaged file) is an error, never "no folder": hiding it would silently serve another folder.
 */
export function storedRoot(dataDir: string, options: OpenDbOptions = {}): string | null {
  const file = join(dataDir, DB_FILE_NAME)
  if (!existsSync(file)) return null
  try {
    const root = readSettingBeforeOpen(file, 'root', options)
    return typeof root === 'string' && root && statSync(root, { throwIfNoEntry: false })?.isDirectory() ? root : null
  } catch (error) {
    throw new Error(`Cannot read the served folder from ${file}: ${(error as Error).message}`, { cause: error })
  }
}
