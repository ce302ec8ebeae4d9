import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DB_FILE_NAME, type OpenDbOptions } from '../db/open-db'
import { readSettingBeforeOpen } from '../db/read-setting'

/**
 * The language chosen in Settings on this data folder, for text shown before the desk opens (the port-taken box).
 * Read-only like storedRoot; unlike the served folder, an unreadable value only means "the system's language".
 */
export function storedLanguage(dataDir: string, options: OpenDbOptions = {}): string | null {
  const file = join(dataDir, DB_FILE_NAME)
  if (!existsSync(file)) return null
  try {
    const language = readSettingBeforeOpen(file, 'language', options)
    return typeof language === 'string' ? language : null
  } catch {
    return null
  }
}
