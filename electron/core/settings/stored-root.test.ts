import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DB_FILE_NAME, openDb } from '../db/open-db'
import { createSettingsRepo } from '../db/settings-repo'
import { storedRoot } from './stored-root'

describe('storedRoot', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wopi-desk-stored-root-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  function saveRoot(root: string): void {
    const db = openDb(join(dir, DB_FILE_NAME))
    createSettingsRepo(db).set('root', root)
    db.close()
  }

  it('is null on a data folder without a database, and creates none', () => {
    expect(storedRoot(dir)).toBeNull()
    expect(existsSync(join(dir, DB_FILE_NAME))).toBe(false)
  })

  it('returns the folder saved last time while it exists', async () => {
    const served = join(dir, 'served')
    await mkdir(served)
    saveRoot(served)
    expect(storedRoot(dir)).toBe(served)
    await rm(served, { recursive: true })
    expect(storedRoot(dir)).toBeNull()
  })

  it('throws, naming the file, when the database cannot be opened instead of pretending nothing was saved', async () => {
    await writeFile(join(dir, DB_FILE_NAME), 'this is not a SQLite database, but it is long enough to have a header....')
    expect(() => storedRoot(dir)).toThrow(/Cannot read the served folder from .*wopi-desk\.db: file is not a database/)
  })

  it('throws when the SQLite addon given cannot be loaded (a build for another runtime)', async () => {
    saveRoot(dir)
    const notAnAddon = join(dir, 'better_sqlite3.node')
    await writeFile(notAnAddon, 'not a shared library')
    expect(() => storedRoot(dir, { nativeBinding: notAnAddon })).toThrow(/Cannot read the served folder/)
  })
})
