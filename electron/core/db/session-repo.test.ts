import { describe, expect, it } from 'vitest'
import { createFileRepo } from './file-repo'
import { fileRow } from './test-support/file-row'
import { useTempDb } from './test-support/temp-db'
import { createRequestLogRepo, type RequestRecord } from './request-log-repo'
import { createSessionRepo, type SessionRow } from './session-repo'

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
  const temp = useTempDb('wopi-desk-sessions-')

  it('sessions: summaries newest first with the file name, request count and last status', () => {
    createFileRepo(temp.db).insert(fileRow('f1', 'Plan.docx'))
    const sessions = createSessionRepo(temp.db)
    sessions.insert(session('s1', 'f1', 10))
    sessions.insert(session('s2', 'gone', 20))
    createRequestLogRepo(temp.db).insertMany([request(1, 's1', 200), request(2, 's1', 409)], 100)
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
