import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { useTempDb } from './test-support/temp-db'
import { readSettingBeforeOpen } from './read-setting'
import { createSettingsRepo } from './settings-repo'

describe('readSettingBeforeOpen', () => {
  const temp = useTempDb('wopi-desk-read-setting-')

  it('a setting read before the desk opens: migrates nothing, undefined without a settings table, throws for a damaged file', async () => {
    createSettingsRepo(temp.db).set('root', '/served')
    expect(readSettingBeforeOpen(join(temp.dir, 'db.sqlite'), 'root')).toBe('/served')
    expect(readSettingBeforeOpen(join(temp.dir, 'db.sqlite'), 'missing')).toBeUndefined()

    const bare = join(temp.dir, 'bare.sqlite')
    new Database(bare).close()
    expect(readSettingBeforeOpen(bare, 'root')).toBeUndefined()
    const check = new Database(bare, { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBe(0)
    check.close()

    expect(() => readSettingBeforeOpen(join(temp.dir, 'absent.sqlite'), 'root')).toThrow()
    expect(existsSync(join(temp.dir, 'absent.sqlite'))).toBe(false)
  })
})
