import { describe, expect, it } from 'vitest'
import { createConformanceCleanupRepo } from './conformance-cleanup-repo'
import { createFileRepo } from './file-repo'
import { createLockRepo } from './lock-repo'
import { fileRow } from './test-support/file-row'
import { useTempDb } from './test-support/temp-db'
import { createTrashRepo } from './trash-repo'

describe('conformance clean-up repository', () => {
  const temp = useTempDb('wopi-desk-cleanup-')

  it('conformance clean-up: finds the files under a folder, their trash and locks, and retires live ones only', () => {
    const files = createFileRepo(temp.db)
    files.insert(fileRow('in', 'run-1/a.txt'))
    files.insert({ ...fileRow('gone', 'run-1/b.txt'), deletedAt: 5 })
    files.insert(fileRow('out', 'run-10/a.txt'))
    const trash = createTrashRepo(temp.db)
    const trashId = trash.insert({ fileId: 'gone', relPath: 'run-1/b.txt', storePath: 'trash/1-x/b.txt', size: 0, deletedAt: 5 })
    createLockRepo(temp.db).upsert({
      fileId: 'in',
      lockId: 'L',
      expiresAt: 99,
      createdAt: 1,
      refreshedAt: 1,
      userId: null,
      client: null,
      ownerFile: null,
    })

    const cleanup = createConformanceCleanupRepo(temp.db)
    expect(cleanup.fileIdsUnder('run-1/').sort()).toEqual(['gone', 'in'])
    expect(cleanup.trashOf('gone')).toEqual([{ id: trashId, storePath: 'trash/1-x/b.txt' }])
    cleanup.deleteTrashEntry(trashId)
    cleanup.deleteLock('in')
    cleanup.markDeleted('in', 7)
    cleanup.markDeleted('gone', 7)
    expect(trash.list()).toEqual([])
    expect(createLockRepo(temp.db).get('in')).toBeUndefined()
    expect(files.byId('in')?.deletedAt).toBe(7)
    expect(files.byId('gone')?.deletedAt).toBe(5)
    expect(files.byId('out')?.deletedAt).toBeNull()
  })
})
