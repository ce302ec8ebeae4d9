import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConformanceCleanupRepo } from './conformance-cleanup-repo'
import { createFileRepo, type FileRow } from './file-repo'
import { createLockRepo } from './lock-repo'
import { openDb, type Db } from './open-db'
import { createTrashRepo } from './trash-repo'

function file(id: string, relPath: string): FileRow {
  return {
    id,
    root: '/served',
    relPath,
    version: 1,
    size: 0,
    mtimeNs: '0',
    ino: id,
    lastModified: '2026-01-01T00:00:00.000Z',
    ownerId: 'u',
    createdAt: 1,
    deletedAt: null,
  }
}

describe('conformance clean-up repository', () => {
  let dir: string
  let db: Db
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wopi-desk-cleanup-'))
    db = openDb(join(dir, 'db.sqlite'))
  })
  afterEach(async () => {
    db.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('conformance clean-up: finds the files under a folder, their trash and locks, and retires live ones only', () => {
    const files = createFileRepo(db)
    files.insert(file('in', 'run-1/a.txt'))
    files.insert({ ...file('gone', 'run-1/b.txt'), deletedAt: 5 })
    files.insert(file('out', 'run-10/a.txt'))
    const trash = createTrashRepo(db)
    const trashId = trash.insert({ fileId: 'gone', relPath: 'run-1/b.txt', storePath: 'trash/1-x/b.txt', size: 0, deletedAt: 5 })
    createLockRepo(db).upsert({
      fileId: 'in',
      lockId: 'L',
      expiresAt: 99,
      createdAt: 1,
      refreshedAt: 1,
      userId: null,
      client: null,
      ownerFile: null,
    })

    const cleanup = createConformanceCleanupRepo(db)
    expect(cleanup.fileIdsUnder('run-1/').sort()).toEqual(['gone', 'in'])
    expect(cleanup.trashOf('gone')).toEqual([{ id: trashId, storePath: 'trash/1-x/b.txt' }])
    cleanup.deleteTrashEntry(trashId)
    cleanup.deleteLock('in')
    cleanup.markDeleted('in', 7)
    cleanup.markDeleted('gone', 7)
    expect(trash.list()).toEqual([])
    expect(createLockRepo(db).get('in')).toBeUndefined()
    expect(files.byId('in')?.deletedAt).toBe(7)
    expect(files.byId('gone')?.deletedAt).toBe(5)
    expect(files.byId('out')?.deletedAt).toBeNull()
  })
})
