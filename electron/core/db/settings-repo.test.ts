import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDb, type Db } from './open-db'
import { createSettingsRepo } from './settings-repo'

describe('settings repository', () => {
  let dir: string
  let db: Db
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wopi-desk-settings-'))
    db = openDb(join(dir, 'db.sqlite'))
  })
  afterEach(async () => {
    db.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('settings: withPrefix returns only the keys under the prefix, skipping values that are not JSON', () => {
    const settings = createSettingsRepo(db)
    settings.set('rename-intent:a', { from: 'x', to: 'y' })
    settings.set('rename-intent:b', 1)
    settings.set('rename-intentz', 'outside')
    settings.set('root', '/served')
    createSettingsRepo(db).set('rename-intent:c', 'kept')
    db.prepare("UPDATE settings SET value = 'not json' WHERE key = 'rename-intent:c'").run()
    expect(settings.withPrefix('rename-intent:')).toEqual(
      new Map<string, unknown>([
        ['rename-intent:a', { from: 'x', to: 'y' }],
        ['rename-intent:b', 1],
      ]),
    )
  })
})
