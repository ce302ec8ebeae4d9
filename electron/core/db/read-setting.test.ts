import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDb, type Db } from './open-db'
import { readSettingBeforeOpen } from './read-setting'
import { createSettingsRepo } from './settings-repo'

describe('readSettingBeforeOpen', () => {
  let dir: string
  let db: Db
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wopi-desk-read-setting-'))
    db = openDb(join(dir, 'db.sqlite'))
  })
  afterEach(async () => {
    db.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('a setting read before the desk opens: migrates nothing, undefined without a settings table, throws for a damaged file', async () => {
    createSettingsRepo(db).set('root', '/served')
    expect(readSettingBeforeOpen(join(dir, 'db.sqlite'), 'root')).toBe('/served')
    expect(readSettingBeforeOpen(join(dir, 'db.sqlite'), 'missing')).toBeUndefined()

    const bare = join(dir, 'bare.sqlite')
    new Database(bare).close()
    expect(readSettingBeforeOpen(bare, 'root')).toBeUndefined()
    const check = new Database(bare, { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBe(0)
    check.close()

    expect(() => readSettingBeforeOpen(join(dir, 'absent.sqlite'), 'root')).toThrow()
    expect(existsSync(join(dir, 'absent.sqlite'))).toBe(false)
  })
})
