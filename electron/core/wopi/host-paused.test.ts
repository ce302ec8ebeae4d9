import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IssuedAccess } from '../host'
import { HOST_PAUSED_MESSAGE, PAUSED_RETRY_AFTER_SECONDS } from './host-paused'
import { getContents, lockFile, putContents, startTestHost, wopi, type TestHost } from './test-kit'

describe('a paused host (issue 14: Pause host)', () => {
  let host: TestHost
  let access: IssuedAccess
  beforeEach(async () => {
    host = await startTestHost({ files: { 'report.docx': 'before' } })
    access = await host.token('report.docx')
  })
  afterEach(async () => {
    await host.close()
  })

  it('answers CheckFileInfo, GetFile, PutFile and Lock with 503 and Retry-After, and changes nothing', async () => {
    expect((await lockFile(access, 'editor-lock')).status).toBe(200)
    host.desk.pause()
    expect(host.desk.paused).toBe(true)

    const answers = [
      await wopi(access),
      await getContents(access),
      await putContents(access, 'after', { 'X-WOPI-Lock': 'editor-lock' }),
      await lockFile(access, 'another-lock'),
      await wopi(access, { override: 'UNLOCK', headers: { 'X-WOPI-Lock': 'editor-lock' } }),
    ]
    for (const answer of answers) {
      expect(answer.status).toBe(503)
      expect(answer.headers['retry-after']).toBe(String(PAUSED_RETRY_AFTER_SECONDS))
      expect(answer.json()).toMatchObject({ error: 'paused', message: HOST_PAUSED_MESSAGE })
    }
    expect(HOST_PAUSED_MESSAGE).toMatch(/paused on this computer.*Resume/)
    expect(await readFile(join(host.root, 'report.docx'), 'utf8')).toBe('before')
    expect(host.desk.locks.current(access.fileId)?.lockId).toBe('editor-lock')
    // The traffic log shows the refusals, so support can see editors knocked while paused.
    const logged = host.desk.requestLog.recent({ limit: 10 })
    expect(logged.filter((row) => row.status === 503).map((row) => row.operation)).toEqual(
      expect.arrayContaining(['CheckFileInfo', 'GetFile', 'PutFile', 'Lock', 'Unlock']),
    )
  })

  it('serves again after resume, with the lock and the token it had', async () => {
    expect((await lockFile(access, 'editor-lock')).status).toBe(200)
    host.desk.pause()
    expect((await wopi(access)).status).toBe(503)
    host.desk.resume()
    expect(host.desk.paused).toBe(false)
    expect((await wopi(access)).status).toBe(200)
    expect((await putContents(access, 'after', { 'X-WOPI-Lock': 'editor-lock' })).status).toBe(200)
    expect(await readFile(join(host.root, 'report.docx'), 'utf8')).toBe('after')
    expect((await getContents(access)).text()).toBe('after')
  })

  it('keeps an editor’s lock through a pause longer than a lock lives: the paused time is given back', async () => {
    expect((await lockFile(access, 'editor-lock')).status).toBe(200)
    host.desk.pause()
    host.clock.advance(45 * 60_000)
    await host.desk.sweep()
    host.desk.resume()
    expect(host.desk.locks.current(access.fileId)?.lockId).toBe('editor-lock')
    expect((await putContents(access, 'after the pause', { 'X-WOPI-Lock': 'editor-lock' })).status).toBe(200)
    // Not forever: without a refresh after the pause, it expires as any lock does.
    host.clock.advance(31 * 60_000)
    expect(host.desk.locks.current(access.fileId)).toBeNull()
  })
})
