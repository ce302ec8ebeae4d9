import { mkdir, readFile, readdir, realpath, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LOCK_TTL_MS } from './locks'
import { checkFileInfo, lockFile, putContents, startTestHost, unlockFile, wopi, type TestHost } from './test-kit'
import type { IssuedAccess } from '../host'

const refresh = (access: IssuedAccess, lockId: string) => wopi(access, { override: 'REFRESH_LOCK', headers: { 'X-WOPI-Lock': lockId } })
const relock = (access: IssuedAccess, oldLock: string, newLock: string) =>
  wopi(access, { override: 'LOCK', headers: { 'X-WOPI-Lock': newLock, 'X-WOPI-OldLock': oldLock } })
const getLock = (access: IssuedAccess) => wopi(access, { override: 'GET_LOCK' })

describe('locks', () => {
  let host: TestHost
  let access: IssuedAccess
  beforeEach(async () => {
    host = await startTestHost({ files: { 'Plan.docx': 'plan', 'notes.txt': 'text' } })
    access = await host.token('Plan.docx')
  })
  afterEach(async () => {
    await host.close()
  })

  it('runs the validator SuccessfulLockSequence and LockMismatchAfterUnlockAndRelockRequest', async () => {
    expect((await lockFile(access, 'LockString')).status).toBe(200)
    expect((await refresh(access, 'LockString')).status).toBe(200)
    expect((await relock(access, 'LockString', 'NewLockString')).status).toBe(200)
    const stale = await unlockFile(access, 'LockString')
    expect(stale.status).toBe(409)
    expect(stale.header('x-wopi-lock')).toBe('NewLockString')
    expect((await getLock(access)).header('x-wopi-lock')).toBe('NewLockString')
    expect((await unlockFile(access, 'NewLockString')).status).toBe(200)
    const unlocked = await getLock(access)
    expect(unlocked.status).toBe(200)
    expect(unlocked.headers).toHaveProperty('x-wopi-lock', '')
  })

  it('treats Lock with the same id as a refresh and another id as a 409 with the current lock', async () => {
    expect((await lockFile(access, 'LockString')).status).toBe(200)
    expect((await lockFile(access, 'LockString')).status).toBe(200)
    const other = await lockFile(access, 'IncorrectLockString')
    expect(other.status).toBe(409)
    expect(other.header('x-wopi-lock')).toBe('LockString')
    expect(other.header('x-wopi-lockfailurereason')).toBeTruthy()
    for (const response of [
      await refresh(access, 'Incorrect'),
      await unlockFile(access, 'Incorrect'),
      await relock(access, 'Incorrect', 'New'),
    ]) {
      expect(response.status).toBe(409)
      expect(response.header('x-wopi-lock')).toBe('LockString')
    }
  })

  it('names the editor holding the lock in X-WOPI-LockFailureReason, for every lock-aware operation', async () => {
    expect((await lockFile(access, 'cool-lock-7f3a', { 'User-Agent': 'COOLWSD HTTP Agent 24.04' })).status).toBe(200)
    for (const response of [
      await lockFile(access, 'another'),
      await refresh(access, 'another'),
      await unlockFile(access, 'another'),
      await putContents(access, 'x', { 'X-WOPI-Lock': 'another' }),
    ]) {
      expect(response.status).toBe(409)
      expect(response.header('x-wopi-lock')).toBe('cool-lock-7f3a')
      expect(response.header('x-wopi-lockfailurereason')).toBe('the file is locked by Collabora under another lock id')
    }
  })

  it('answers 409 with an empty X-WOPI-Lock to Unlock, RefreshLock and UnlockAndRelock on an unlocked file', async () => {
    for (const response of [
      await unlockFile(access, 'LockString'),
      await refresh(access, 'LockString'),
      await relock(access, 'LockString', 'B'),
    ]) {
      expect(response.status).toBe(409)
      expect(response.headers).toHaveProperty('x-wopi-lock', '')
    }
  })

  it('answers a missing X-WOPI-Lock with 400 when unlocked and 409 + the current lock when locked', async () => {
    for (const override of ['LOCK', 'REFRESH_LOCK', 'UNLOCK']) {
      expect((await wopi(access, { override })).status, override).toBe(400)
      expect((await wopi(access, { override, headers: { 'X-WOPI-Lock': '' } })).status, override).toBe(400)
    }
    await lockFile(access, 'held')
    for (const override of ['LOCK', 'REFRESH_LOCK', 'UNLOCK']) {
      const response = await wopi(access, { override })
      expect(response.status, override).toBe(409)
      expect(response.header('x-wopi-lock')).toBe('held')
    }
  })

  it('stores lock ids verbatim up to 1024 characters (Office JSON locks too) and refuses longer ones', async () => {
    const officeLock = '{"S":"0136ad16-9725-43c3-9ea0-5e01d2dbc162","E":2,"M":"DE997C5AC4E6","P":"6058AF1E-A36F-4691-9003-B8E2C7F50937"}'
    expect((await lockFile(access, officeLock)).status).toBe(200)
    expect((await getLock(access)).header('x-wopi-lock')).toBe(officeLock)
    expect((await unlockFile(access, officeLock)).status).toBe(200)
    const longest = '1234567890'.repeat(102) + '1234'
    expect(longest).toHaveLength(1024)
    expect((await lockFile(access, longest)).status).toBe(200)
    expect((await getLock(access)).header('x-wopi-lock')).toBe(longest)
    expect((await unlockFile(access, longest)).status).toBe(200)
    expect((await lockFile(access, longest + '5')).status).toBe(400)
    expect((await getLock(access)).headers).toHaveProperty('x-wopi-lock', '')
  })

  it('answers X-WOPI-ItemVersion equal to CheckFileInfo Version on Lock and Unlock', async () => {
    const info = await checkFileInfo(access)
    expect((await lockFile(access, 'L')).header('x-wopi-itemversion')).toBe(info['Version'])
    expect((await unlockFile(access, 'L')).header('x-wopi-itemversion')).toBe(info['Version'])
  })

  it('gives exactly one of 20 concurrent Lock requests with different ids the lock', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => lockFile(access, `session-${i}`)))
    const winners = responses.filter((r) => r.status === 200)
    expect(winners).toHaveLength(1)
    const winner = `session-${responses.indexOf(winners[0]!)}`
    for (const loser of responses.filter((r) => r.status !== 200)) {
      expect(loser.status).toBe(409)
      expect(loser.header('x-wopi-lock')).toBe(winner)
    }
    expect((await getLock(access)).header('x-wopi-lock')).toBe(winner)
  })

  it('lets a lock expire after 30 minutes unless refreshed', async () => {
    await lockFile(access, 'A')
    host.clock.advance(LOCK_TTL_MS - 1000)
    expect((await refresh(access, 'A')).status).toBe(200)
    host.clock.advance(LOCK_TTL_MS - 1000)
    expect((await lockFile(access, 'B')).status).toBe(409)
    host.clock.advance(2000)
    // Expired is exactly "unlocked".
    expect((await unlockFile(access, 'A')).headers).toHaveProperty('x-wopi-lock', '')
    expect((await lockFile(access, 'B')).status).toBe(200)
  })

  it('needs a token with write permission (401), while GetLock works for readers', async () => {
    const reader = await host.token('Plan.docx', { write: false })
    expect((await lockFile(reader, 'R')).status).toBe(401)
    expect((await getLock(reader)).status).toBe(200)
  })

  describe('desktop programs sharing the folder', () => {
    it('refuses Lock while LibreOffice has the document open, naming the user', async () => {
      await writeFile(
        join(host.root, '.~lock.Plan.docx#'),
        'Erin Example,erin,erin-pc,01.03.2025 10:15,file:///home/erin/.config/libreoffice/4;',
      )
      const response = await lockFile(access, 'editor')
      expect(response.status).toBe(409)
      expect(response.headers).toHaveProperty('x-wopi-lock', '')
      expect(response.header('x-wopi-lockfailurereason')).toMatch(/LibreOffice by erin/)
      const probe = await getLock(access)
      expect(probe.status).toBe(409)
      expect(probe.headers).toHaveProperty('x-wopi-lock', '')
    })

    it('refuses Lock while Microsoft Office has it open (owner file with shortened name)', async () => {
      const owner = Buffer.alloc(162)
      owner[0] = 3
      owner.write('Fay', 1, 'latin1')
      await writeFile(join(host.root, '~$an.docx'), owner)
      const response = await lockFile(access, 'editor')
      expect(response.status).toBe(409)
      expect(response.header('x-wopi-lockfailurereason')).toMatch(/Microsoft Office by Fay/)
    })

    it('writes its own LibreOffice owner file while locked, refreshes past it, and removes it on unlock', async () => {
      await lockFile(access, 'editor', { 'X-COOL-WOPI-ExtendedData': 'x' })
      const ownerPath = join(host.root, '.~lock.Plan.docx#')
      expect(await readFile(ownerPath, 'utf8')).toMatch(/^WOPI Desk \(Collabora\),WOPI Desk \(Collabora\),/)
      expect((await lockFile(access, 'editor')).status).toBe(200)
      expect((await refresh(access, 'editor')).status).toBe(200)
      expect((await putContents(access, 'saved', { 'X-WOPI-Lock': 'editor' })).status).toBe(200)
      expect((await unlockFile(access, 'editor')).status).toBe(200)
      expect(await readdir(host.root)).not.toContain('.~lock.Plan.docx#')
    })

    it('records the owner file with the lock, and forgets it when it cannot be written (the lock still holds)', async () => {
      await lockFile(access, 'editor')
      expect(host.desk.locks.active().map((lock) => lock.ownerFile)).toEqual([join(await realpath(host.root), '.~lock.Plan.docx#')])
      expect((await unlockFile(access, 'editor')).status).toBe(200)
      // A folder by the owner file's name: nobody's lock, but no file can be written there.
      await mkdir(join(host.root, '.~lock.Plan.docx#'))
      expect((await lockFile(access, 'editor')).status).toBe(200)
      expect(host.desk.locks.active().map((lock) => lock.ownerFile)).toEqual([null])
      expect((await unlockFile(access, 'editor')).status).toBe(200)
      expect(await readdir(host.root)).toContain('.~lock.Plan.docx#')
    })

    it('writes no owner file for documents LibreOffice does not open', async () => {
      const text = await host.token('notes.txt')
      await lockFile(text, 'x')
      expect((await readdir(host.root)).filter((n) => n.startsWith('.~lock'))).toEqual([])
    })

    it('removes the owner file of an expired lock in the sweep', async () => {
      await lockFile(access, 'editor')
      expect(await readdir(host.root)).toContain('.~lock.Plan.docx#')
      host.clock.advance(LOCK_TTL_MS + 1)
      await host.desk.sweep()
      expect(await readdir(host.root)).not.toContain('.~lock.Plan.docx#')
      expect(host.desk.locks.active()).toEqual([])
    })

    it('keeps an owner file that a desktop program replaced ours with', async () => {
      await lockFile(access, 'editor')
      const ownerPath = join(host.root, '.~lock.Plan.docx#')
      await writeFile(ownerPath, ',gus,gus-pc,01.03.2025 10:15,;')
      expect((await refresh(access, 'editor')).status).toBe(200)
      expect((await unlockFile(access, 'editor')).status).toBe(200)
      expect(await readFile(ownerPath, 'utf8')).toMatch(/gus/)
      expect((await lockFile(access, 'again')).status).toBe(409)
    })
  })
})
