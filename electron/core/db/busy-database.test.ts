import Database from 'better-sqlite3'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DB_FILE_NAME } from './open-db'
import { checkFileInfo, lockFile, putContents, startTestHost, unlockFile, wopi, type TestHost } from '../wopi/test-kit'

// Fault injection (issue 13 item 10): another program holds wopi-desk.db's write lock (`BEGIN IMMEDIATE` in a
// sqlite3 shell, a backup tool, a second WOPI Desk stuck in a transaction). The host must keep its event loop
// free, answer editors with a status they retry (503 + Retry-After), keep answering everything that does not
// need to write, and lose none of its own records once the lock is gone.

let host: TestHost
let outside: Database.Database

beforeEach(async () => {
  host = await startTestHost({ files: { 'doc.txt': 'before\n', 'other.txt': 'other\n' } })
  outside = new Database(join(host.dataDir, DB_FILE_NAME))
})

afterEach(async () => {
  if (outside.inTransaction) outside.exec('ROLLBACK')
  outside.close()
  await host.close()
})

/** The longest the event loop went without running a 10 ms timer while `work` ran. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now()
  let stallMs = 0
  const timer = setInterval(() => {
    const now = performance.now()
    stallMs = Math.max(stallMs, now - last)
    last = now
  }, 10)
  try {
    const result = await work()
    return { result, stallMs }
  } finally {
    clearInterval(timer)
  }
}

describe('a database held by another program', () => {
  it('answers writes with 503 + Retry-After at once, keeps reads and the event loop going, and works again after', async () => {
    const access = await host.token('doc.txt')
    const reader = await host.token('other.txt', { write: false })
    expect((await lockFile(access, 'L1')).status).toBe(200)
    outside.exec('BEGIN IMMEDIATE')

    const started = performance.now()
    const { result, stallMs } = await longestStall(() =>
      Promise.all([
        wopi(access, { override: 'REFRESH_LOCK', headers: { 'X-WOPI-Lock': 'L1' } }),
        putContents(access, 'after\n', { 'X-WOPI-Lock': 'L1' }),
        unlockFile(access, 'L1'),
        checkFileInfo(reader),
        checkFileInfo(access),
      ]),
    )
    const elapsed = performance.now() - started
    const [refreshed, put, unlocked, readInfo, writerInfo] = result
    for (const refused of [refreshed, put, unlocked]) {
      expect(refused.status).toBe(503)
      expect(Number(refused.header('retry-after'))).toBeGreaterThan(0)
      expect(refused.header('x-wopi-servererror')).toContain('wopi-desk.db')
    }
    expect(readInfo['BaseFileName']).toBe('other.txt')
    expect(writerInfo['BaseFileName']).toBe('doc.txt')
    // Before: every write waited 5 s with the whole process stopped. Bounds leave room for a busy CI machine.
    expect(elapsed).toBeLessThan(4000)
    expect(stallMs).toBeLessThan(1500)

    outside.exec('ROLLBACK')
    // What the editor does with a 503: it tries again, and now it works.
    expect((await putContents(access, 'after\n', { 'X-WOPI-Lock': 'L1' })).status).toBe(200)
    expect((await unlockFile(access, 'L1')).status).toBe(200)
    expect(await readFile(join(host.root, 'doc.txt'), 'utf8')).toBe('after\n')
    const operations = host.desk.requestLog.recent({ limit: 50 }).map((entry) => `${entry.operation} ${entry.status}`)
    expect(operations).toEqual(expect.arrayContaining(['RefreshLock 503', 'PutFile 503', 'Unlock 503', 'PutFile 200', 'Unlock 200']))
  })

  it('keeps the traffic log of requests served while it was held, and stores it once the lock is gone', async () => {
    const reader = await host.token('other.txt', { write: false })
    outside.exec('BEGIN IMMEDIATE')
    const { stallMs } = await longestStall(async () => {
      for (let i = 0; i < 5; i++) await checkFileInfo(reader)
      host.desk.requestLog.flush()
      await new Promise((resolve) => setTimeout(resolve, 300))
    })
    expect(stallMs).toBeLessThan(1500)
    outside.exec('ROLLBACK')
    host.desk.requestLog.flush()
    const stored = outside.prepare("SELECT COUNT(*) AS n FROM requests WHERE operation = 'CheckFileInfo'").get() as { n: number }
    expect(stored.n).toBe(5)
  })
})
