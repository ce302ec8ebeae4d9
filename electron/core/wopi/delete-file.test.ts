import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IssuedAccess } from '../host'
import { lockFile, startTestHost, unlockFile, wopi, type TestHost } from './test-kit'

describe('DeleteFile', () => {
  let host: TestHost
  let access: IssuedAccess
  beforeEach(async () => {
    host = await startTestHost({ files: { 'old.docx': 'keep me' } })
    access = await host.token('old.docx')
  })
  afterEach(async () => {
    await host.close()
  })

  it('moves the file to the trash (never unlinks) and answers 404 afterwards; the trash restores it', async () => {
    expect((await wopi(access, { override: 'DELETE' })).status).toBe(200)
    expect(await readdir(host.root)).toEqual([])
    const [entry] = host.desk.files.listTrash()
    expect(entry).toMatchObject({ fileId: access.fileId, relPath: 'old.docx', size: 7 })
    expect(await readFile(join(host.dataDir, entry!.storePath), 'utf8')).toBe('keep me')
    expect((await wopi(access)).status).toBe(404)
    expect((await wopi(access, { override: 'DELETE' })).status).toBe(404)
    await host.desk.files.restoreFromTrash(entry!.id)
    expect(await readFile(join(host.root, 'old.docx'), 'utf8')).toBe('keep me')
    expect((await wopi(access)).status).toBe(200)
  })

  it('refuses a locked file with 409 and the current lock', async () => {
    await lockFile(access, 'LockString')
    const response = await wopi(access, { override: 'DELETE' })
    expect(response.status).toBe(409)
    expect(response.header('x-wopi-lock')).toBe('LockString')
    await unlockFile(access, 'LockString')
    expect((await wopi(access, { override: 'DELETE' })).status).toBe(200)
  })

  it('refuses while a desktop program has it open, and for a read-only token', async () => {
    await writeFile(join(host.root, '~$old.docx'), Buffer.alloc(0))
    const open = await wopi(access, { override: 'DELETE' })
    expect(open.status).toBe(409)
    expect(open.headers).toHaveProperty('x-wopi-lock', '')
    const reader = await host.token('old.docx', { write: false })
    expect((await wopi(reader, { override: 'DELETE' })).status).toBe(401)
    expect(await readFile(join(host.root, 'old.docx'), 'utf8')).toBe('keep me')
  })
})
