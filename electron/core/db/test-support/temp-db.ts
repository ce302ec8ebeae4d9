import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { openDb, type Db } from '../open-db'

// Test-only: a fresh database file in its own temp folder for every test, closed and removed after it, so the
// repository tests never share rows.

export interface TempDb {
  /** the running test's database (migrated, as the desk opens it) */
  readonly db: Db
  /** the folder that holds it, db.sqlite, removed after the test */
  readonly dir: string
}

/** Registers the hooks in the calling describe block; `prefix` names the temp folder (e.g. 'wopi-desk-sessions-'). */
export function useTempDb(prefix: string): TempDb {
  let current: { db: Db; dir: string } | undefined
  const running = () => {
    if (!current) throw new Error('The temp database exists only while a test runs: use it inside it(), not at load time.')
    return current
  }
  beforeEach(async () => {
    const dir = await mkdtemp(join(tmpdir(), prefix))
    current = { dir, db: openDb(join(dir, 'db.sqlite')) }
  })
  afterEach(async () => {
    if (!current) return
    const { db, dir } = current
    current = undefined
    db.close()
    await rm(dir, { recursive: true, force: true })
  })
  return {
    get db() {
      return running().db
    },
    get dir() {
      return running().dir
    },
  }
}
