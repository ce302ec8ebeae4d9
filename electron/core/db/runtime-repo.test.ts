import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDb, type Db } from './open-db'
import { createRuntimeRepo } from './runtime-repo'

describe('runtime repository', () => {
  let dir: string
  let db: Db
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wopi-desk-runtime-'))
    db = openDb(join(dir, 'db.sqlite'))
  })
  afterEach(async () => {
    db.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('runtime: a value is set, replaced and deleted', () => {
    const runtime = createRuntimeRepo(db)
    expect(runtime.get('k')).toBeUndefined()
    runtime.set('k', 'one', 1)
    runtime.set('k', 'two', 2)
    expect(runtime.get('k')).toBe('two')
    runtime.delete('k')
    expect(runtime.get('k')).toBeUndefined()
  })
})
