import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileRepo, type FileRow } from './file-repo'
import { openDb, type Db } from './open-db'
import { createRequestLogRepo, type RequestRecord } from './request-log-repo'
import { createSessionRepo, type SessionRow } from './session-repo'

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

function session(id: string, fileId: string, createdAt: number): SessionRow {
  return {
    id,
    fileId,
    appId: null,
    action: 'edit',
    tokenHash: `hash-${id}`,
    actionUrl: 'http://editor/x',
    userId: 'u',
    canWrite: true,
    createdAt,
    expiresAt: createdAt + 1000,
    closedAt: null,
  }
}

function request(id: number, sessionId: string, status: number): RequestRecord {
  return {
    id,
    ts: id,
    operation: 'PutFile',
    method: 'POST',
    fileId: null,
    fileName: null,
    userId: null,
    sessionId,
    wopiSessionId: null,
    correlationId: null,
    client: null,
    status,
    durationMs: 1,
    lockId: null,
    oldLockId: null,
    proof: 'none',
    error: null,
    details: null,
  }
}

describe('session repository', () => {
  let dir: string
  let db: Db
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wopi-desk-sessions-'))
    db = openDb(join(dir, 'db.sqlite'))
  })
  afterEach(async () => {
    db.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('sessions: summaries newest first with the file name, request count and last status', () => {
    createFileRepo(db).insert(file('f1', 'Plan.docx'))
    const sessions = createSessionRepo(db)
    sessions.insert(session('s1', 'f1', 10))
    sessions.insert(session('s2', 'gone', 20))
    createRequestLogRepo(db).insertMany([request(1, 's1', 200), request(2, 's1', 409)], 100)
    expect(sessions.recentSummaries(10)).toEqual([
      {
        id: 's2',
        fileId: 'gone',
        relPath: null,
        appName: null,
        action: 'edit',
        createdAt: 20,
        closedAt: null,
        requests: 0,
        lastStatus: null,
      },
      {
        id: 's1',
        fileId: 'f1',
        relPath: 'Plan.docx',
        appName: null,
        action: 'edit',
        createdAt: 10,
        closedAt: null,
        requests: 2,
        lastStatus: 409,
      },
    ])
    expect(sessions.recentSummaries(1).map((row) => row.id)).toEqual(['s2'])
  })
})
