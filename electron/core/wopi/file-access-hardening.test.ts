import { execFileSync } from 'node:child_process'
import { chmod, mkdtemp, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeUtf7Header } from './utf7-header'
import { accessFromUrl, checkFileInfo, getContents, lockFile, putContents, startTestHost, wopi, type TestHost } from './test-kit'

// Regression tests for issue 13, items 3, 6, 7 and 8: what the WOPI host opens, renames and unlinks stays
// inside the served folder at the moment it does so; read-only documents stay read-only; nothing but a regular
// file is opened for reading; names up to 255 bytes work end to end.

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)),
  ])

describe('file access hardening', () => {
  let host: TestHost
  let outside: string
  beforeEach(async () => {
    host = await startTestHost({ files: { 'sub/c.txt': 'inside', 'f.txt': 'plain', 'Plan.docx': 'plan' } })
    outside = await mkdtemp(join(tmpdir(), 'wopi-desk-outside-'))
    await writeFile(join(outside, 'c.txt'), 'OUTSIDE SECRET')
  })
  afterEach(async () => {
    await host.close()
    await rm(outside, { recursive: true, force: true })
  })

  describe('item 3: a folder swapped for a symbolic link', () => {
    async function swapSub(): Promise<void> {
      await rename(join(host.root, 'sub'), join(host.root, 'sub_real'))
      await symlink(outside, join(host.root, 'sub'))
    }

    it('never serves or overwrites the outside file, even right after CheckFileInfo cached the folder', async () => {
      const access = await host.token('sub/c.txt')
      expect((await lockFile(access, 'L1')).status).toBe(200)
      await checkFileInfo(access)
      await swapSub()
      const read = await getContents(access)
      expect(read.text()).not.toContain('OUTSIDE')
      const info = await wopi(access)
      if (info.status === 200) expect(info.json()['Size']).not.toBe('OUTSIDE SECRET'.length)
      const put = await putContents(access, 'written by the editor', { 'X-WOPI-Lock': 'L1' })
      expect(put.status).not.toBe(200)
      expect(await readFile(join(outside, 'c.txt'), 'utf8')).toBe('OUTSIDE SECRET')
      const renamed = await wopi(access, { override: 'RENAME_FILE', headers: { 'X-WOPI-Lock': 'L1', 'X-WOPI-RequestedName': 'moved' } })
      expect(renamed.status).not.toBe(200)
      const deleted = await wopi(access, { override: 'DELETE' })
      expect(deleted.status).not.toBe(200)
      expect(await readFile(join(outside, 'c.txt'), 'utf8')).toBe('OUTSIDE SECRET')
      expect(await readFile(join(host.root, 'sub_real', 'c.txt'), 'utf8')).toBe('inside')
    })

    it('does not create files outside through PutRelativeFile', async () => {
      const access = await host.token('sub/c.txt')
      await checkFileInfo(access)
      await swapSub()
      const created = await wopi(access, {
        override: 'PUT_RELATIVE',
        headers: { 'X-WOPI-SuggestedTarget': encodeUtf7Header('new.txt') },
        body: 'x',
      })
      expect(created.status).not.toBe(200)
      await expect(stat(join(outside, 'new.txt'))).rejects.toMatchObject({ code: 'ENOENT' })
    })
  })

  describe('item 6: read-only files', () => {
    it('says UserCanWrite false for a file without write bits and refuses Lock and PutFile', async () => {
      await chmod(join(host.root, 'Plan.docx'), 0o444)
      const access = await host.token('Plan.docx')
      const info = await checkFileInfo(access)
      expect(info['UserCanWrite']).toBe(false)
      expect(info['ReadOnly']).toBe(true)
      expect((await lockFile(access, 'L1')).status).not.toBe(200)
      expect((await putContents(access, 'replaced', { 'X-WOPI-Lock': 'L1' })).status).not.toBe(200)
      expect(await readFile(join(host.root, 'Plan.docx'), 'utf8')).toBe('plan')
    })

    it('does not let PutRelativeFile overwrite a read-only sibling nor hand out a write token for it', async () => {
      await chmod(join(host.root, 'f.txt'), 0o444)
      const access = await host.token('Plan.docx')
      const created = await wopi(access, {
        override: 'PUT_RELATIVE',
        headers: { 'X-WOPI-RelativeTarget': encodeUtf7Header('f.txt'), 'X-WOPI-OverwriteRelativeTarget': 'true' },
        body: 'clobbered',
      })
      expect(created.status).toBe(409)
      expect(await readFile(join(host.root, 'f.txt'), 'utf8')).toBe('plain')
      expect(created.text()).not.toContain('access_token')
    })
  })

  describe('item 7: FIFOs, sockets and devices', () => {
    let server: Server | undefined
    afterEach(() => server?.close())

    it('answers GET_LOCK, Lock and GetFile at once when an owner file or the document is a FIFO', async () => {
      execFileSync('mkfifo', [join(host.root, '~$f.txt')])
      execFileSync('mkfifo', [join(host.root, '.~lock.f.txt#')])
      const access = await host.token('f.txt', { write: false })
      const getLock = await withTimeout(wopi(access, { override: 'GET_LOCK' }), 3000, 'GET_LOCK')
      // A special file in an owner file's place is not a desktop lock; nobody can have written one.
      expect(getLock.status).toBe(200)
      const write = await host.token('f.txt')
      expect((await withTimeout(lockFile(write, 'L1'), 3000, 'Lock')).status).toBe(200)
      // The document itself replaced by a FIFO after its id was issued.
      await rm(join(host.root, 'f.txt'))
      execFileSync('mkfifo', [join(host.root, 'f.txt')])
      const read = await withTimeout(getContents(access), 3000, 'GetFile')
      expect(read.status).toBe(404)
      const info = await withTimeout(wopi(access), 3000, 'CheckFileInfo')
      expect(info.status).toBe(404)
    })

    it("treats a socket or a device in a document's place as no document", async () => {
      await rm(join(host.root, 'f.txt'))
      const access = await host.token('Plan.docx', { write: false })
      server = createServer()
      await new Promise<void>((resolve) => server!.listen(join(host.root, 'f.txt'), resolve))
      await expect(host.token('f.txt')).rejects.toThrow()
      await rm(join(host.root, 'Plan.docx'))
      await symlink('/dev/zero', join(host.root, 'Plan.docx')).catch(() => undefined)
      const read = await withTimeout(getContents(access), 3000, 'GetFile')
      expect(read.status).toBe(404)
    })
  })

  describe('item 8: names of 248 to 255 bytes', () => {
    const longName = `${'n'.repeat(250)}.docx` // 255 bytes

    it('locks, saves and reads a document whose LibreOffice owner-file name would be too long', async () => {
      await host.put(longName, 'long')
      const access = await host.token(longName)
      const info = await checkFileInfo(access)
      expect((await wopi(access, { override: 'GET_LOCK' })).status).toBe(200)
      expect((await lockFile(access, 'L1')).status).toBe(200)
      expect((await putContents(access, 'saved', { 'X-WOPI-Lock': 'L1' })).status).toBe(200)
      expect((await getContents(access)).text()).toBe('saved')
      // FileNameMaxLength counts the stem: a name that long is accepted by RenameFile.
      const max = Number(info['FileNameMaxLength'])
      const renamed = await wopi(access, {
        override: 'RENAME_FILE',
        headers: { 'X-WOPI-Lock': 'L1', 'X-WOPI-RequestedName': encodeUtf7Header('r'.repeat(max)) },
      })
      expect(renamed.status).toBe(200)
      expect((await lockFile(access, 'L1')).status).toBe(200)
      // The limit counts characters: as many two-byte characters are accepted too, cut to fit 255 bytes.
      const accented = await wopi(access, {
        override: 'RENAME_FILE',
        headers: { 'X-WOPI-Lock': 'L1', 'X-WOPI-RequestedName': encodeUtf7Header('é'.repeat(max)) },
      })
      expect(accented.status).toBe(200)
      const name = `${String(accented.json()['Name'])}.docx`
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255)
      expect(await readFile(join(host.root, name), 'utf8')).toBe('saved')
      expect((await lockFile(access, 'L1')).status).toBe(200)
    })

    it('PutRelativeFile creates only names the host can lock afterwards', async () => {
      const access = await host.token('Plan.docx')
      const created = await wopi(access, {
        override: 'PUT_RELATIVE',
        headers: { 'X-WOPI-SuggestedTarget': encodeUtf7Header(`${'s'.repeat(300)}.docx`) },
        body: 'new',
      })
      expect(created.status).toBe(200)
      const made = accessFromUrl(String(created.json()['Url']))
      expect((await lockFile(made, 'L2')).status).toBe(200)
      expect((await putContents(made, 'again', { 'X-WOPI-Lock': 'L2' })).status).toBe(200)
    })
  })
})
