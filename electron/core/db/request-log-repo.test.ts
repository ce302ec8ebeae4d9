import { describe, expect, it } from 'vitest'
import type { Db } from './open-db'
import { useTempDb } from './test-support/temp-db'
import { createRequestLogRepo, type RequestRecord } from './request-log-repo'

function record(id: number): RequestRecord {
  return {
    id,
    ts: 1_700_000_000_000 + id,
    operation: id % 2 ? 'CheckFileInfo' : 'PutFile',
    method: id % 2 ? 'GET' : 'POST',
    fileId: `file-${id % 3}`,
    fileName: 'Plan.docx',
    userId: 'u',
    sessionId: null,
    wopiSessionId: `s-${id}`,
    correlationId: null,
    client: 'Collabora',
    status: id % 5 ? 200 : 409,
    durationMs: id / 10,
    lockId: id % 2 ? null : `lock-${id}`,
    oldLockId: null,
    proof: 'none',
    error: id % 5 ? null : 'the file is locked',
    details: { path: `/wopi/files/file-${id % 3}?access_token=REDACTED` },
  }
}

describe('request log repository', () => {
  const temp = useTempDb('wopi-desk-requests-')

  it('stores batches of any size exactly, newest first, and trims to the capacity', () => {
    const repo = createRequestLogRepo(temp.db)
    const batch = Array.from({ length: 70 }, (_, i) => record(i + 1))
    repo.insertMany(batch, 1000)
    const stored = repo.recent({ limit: 1000 })
    expect(stored).toEqual([...batch].reverse())
    expect(repo.maxId()).toBe(70)
    repo.insertMany(
      Array.from({ length: 40 }, (_, i) => record(71 + i)),
      50,
    )
    const trimmed = repo.recent({ limit: 1000 })
    expect(trimmed).toHaveLength(50)
    expect(trimmed[0]!.id).toBe(110)
    expect(trimmed[49]!.id).toBe(61)
  })

  it('filters by operation, file, status and time', () => {
    const repo = createRequestLogRepo(temp.db)
    repo.insertMany(
      Array.from({ length: 20 }, (_, i) => record(i + 1)),
      1000,
    )
    expect(repo.recent({ operation: 'PutFile' }).every((r) => r.operation === 'PutFile')).toBe(true)
    expect(repo.recent({ fileId: 'file-1' }).map((r) => r.id)).toEqual([19, 16, 13, 10, 7, 4, 1])
    expect(repo.recent({ status: 'error' }).map((r) => r.id)).toEqual([20, 15, 10, 5])
    expect(repo.recent({ since: 1_700_000_000_018 }).map((r) => r.id)).toEqual([20, 19, 18])
    expect(repo.recent({ limit: 2 }).map((r) => r.id)).toEqual([20, 19])
  })

  it('writes its batches without an fsync of their own and gives the connection back fsyncing, even on failure', () => {
    const repo = createRequestLogRepo(temp.db)
    const settings: string[] = []
    const pragma = temp.db.pragma.bind(temp.db)
    temp.db.pragma = ((source: string, options?: Parameters<Db['pragma']>[1]) => {
      if (source.startsWith('synchronous =')) settings.push(source)
      return pragma(source, options)
    }) as Db['pragma']
    repo.insertMany([record(1)], 1000)
    expect(settings).toEqual(['synchronous = NORMAL', 'synchronous = 2'])
    expect(() => repo.insertMany([record(1)], 1000)).toThrow(/UNIQUE/)
    temp.db.pragma = pragma
    expect(pragma('synchronous', { simple: true })).toBe(2) // FULL, as openDb set it
    expect(repo.recent({}).map((r) => r.id)).toEqual([1])
  })
})
