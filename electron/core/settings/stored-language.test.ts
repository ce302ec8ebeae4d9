import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DB_FILE_NAME, openDb } from '../db/open-db'
import { createSettingsRepo } from '../db/settings-repo'
import { storedLanguage } from './stored-language'

describe('storedLanguage', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wopi-desk-stored-language-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('is null on a data folder without a database, and creates none', () => {
    expect(storedLanguage(dir)).toBeNull()
    expect(existsSync(join(dir, DB_FILE_NAME))).toBe(false)
  })

  it('returns the language saved in Settings', () => {
    const db = openDb(join(dir, DB_FILE_NAME))
    createSettingsRepo(db).set('language', 'de')
    db.close()
    expect(storedLanguage(dir)).toBe('de')
  })

  it('is null, not an error, when the database cannot be read: the text then follows the system', async () => {
    await writeFile(join(dir, DB_FILE_NAME), 'this is not a SQLite database, but it is long enough to have a header....')
    expect(storedLanguage(dir)).toBeNull()
  })
})
