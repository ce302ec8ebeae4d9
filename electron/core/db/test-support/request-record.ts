import type { RequestRecord } from '../request-log-repo'

// Test-only: one served request as the traffic log records it, before it has an id; tests change what they are about.
export function requestEntry(overrides: Partial<Omit<RequestRecord, 'id'>> = {}): Omit<RequestRecord, 'id'> {
  return {
    ts: 1,
    operation: 'CheckFileInfo',
    method: 'GET',
    fileId: 'f',
    fileName: 'a.txt',
    userId: null,
    sessionId: null,
    wopiSessionId: null,
    correlationId: null,
    client: null,
    status: 200,
    durationMs: 1,
    lockId: null,
    oldLockId: null,
    proof: 'none',
    error: null,
    details: { path: '/wopi/files/f' },
    ...overrides,
  }
}
