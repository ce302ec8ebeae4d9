import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IssuedAccess } from '../host'
import { checkFileInfo, getContents, lockFile, startTestHost, unlockFile, wopi, type TestHost } from './test-kit'
import { encodeUtf7Header } from './utf7-header'

const rename = (access: IssuedAccess, name: string, headers: Record<string, string> = {}) =>
  wopi(access, { override: 'RENAME_FILE', headers: { 'X-WOPI-RequestedName': name, ...headers } })

describe('RenameFile', () => {
  let host: TestHost
  let access: IssuedAccess
  beforeEach(async () => {
    host = await startTestHost({ files: { 'docs/Draft.docx': 'draft', 'docs/Taken.docx': 'taken', 'docs/notes.txt': 'n' } })
    access = await host.token('docs/Draft.docx')
  })
  afterEach(async () => {
    await host.close()
  })

  it('renames, keeps the extension and the id, and answers the name without extension', async () => {
    const response = await rename(access, encodeUtf7Header('madeup_renamed'))
    expect(response.status).toBe(200)
    expect(response.json()).toEqual({ Name: 'madeup_renamed' })
    expect((await readdir(join(host.root, 'docs'))).sort()).toEqual(['Taken.docx', 'madeup_renamed.docx', 'notes.txt'])
    expect(await checkFileInfo(access)).toMatchObject({ BaseFileName: 'madeup_renamed.docx', FileExtension: '.docx' })
    expect((await getContents(access)).text()).toBe('draft')
    expect((await host.desk.files.ensureFile('docs/madeup_renamed.docx')).id).toBe(access.fileId)
  })

  it('handles non-ASCII names end to end', async () => {
    const response = await rename(access, encodeUtf7Header('Überblick 2025 – 报告'))
    expect(response.json()).toEqual({ Name: 'Überblick 2025 – 报告' })
    expect(await readFile(join(host.root, 'docs', 'Überblick 2025 – 报告.docx'), 'utf8')).toBe('draft')
    expect((await checkFileInfo(access))['BaseFileName']).toBe('Überblick 2025 – 报告.docx')
  })

  it('never overwrites: a taken name (also by case) becomes the first free derived name', async () => {
    expect((await rename(access, 'Taken')).json()).toEqual({ Name: 'Taken (1)' })
    expect(await readFile(join(host.root, 'docs', 'Taken.docx'), 'utf8')).toBe('taken')
    const second = await host.token('docs/notes.txt')
    // Only the case of its own name changes: that is not a collision.
    expect((await rename(second, 'NOTES')).json()).toEqual({ Name: 'NOTES' })
    expect(await readdir(join(host.root, 'docs'))).toContain('NOTES.txt')
  })

  it('refuses invalid names with 400 and X-WOPI-InvalidFileNameError, changing nothing', async () => {
    for (const name of ['', 'a/b', 'bad:name', 'CON', 'x'.repeat(251), '.hidden', 'broken+']) {
      const response = await rename(access, name)
      expect(response.status, JSON.stringify(name)).toBe(400)
      expect(response.header('x-wopi-invalidfilenameerror'), name).toBeTruthy()
    }
    expect((await wopi(access, { override: 'RENAME_FILE' })).status).toBe(400)
    expect(await readFile(join(host.root, 'docs', 'Draft.docx'), 'utf8')).toBe('draft')
  })

  it('needs the matching lock on a locked file (409 + current lock otherwise) and moves its owner file along', async () => {
    await lockFile(access, 'LockString')
    expect(await readdir(join(host.root, 'docs'))).toContain('.~lock.Draft.docx#')
    const wrong = await rename(access, 'Renamed', { 'X-WOPI-Lock': 'IncorrectLockString' })
    expect(wrong.status).toBe(409)
    expect(wrong.header('x-wopi-lock')).toBe('LockString')
    expect((await rename(access, 'Renamed')).status).toBe(409)
    const right = await rename(access, 'Renamed', { 'X-WOPI-Lock': 'LockString' })
    expect(right.json()).toEqual({ Name: 'Renamed' })
    const names = await readdir(join(host.root, 'docs'))
    expect(names).toContain('.~lock.Renamed.docx#')
    expect(names).not.toContain('.~lock.Draft.docx#')
    expect((await unlockFile(access, 'LockString')).status).toBe(200)
    expect((await readdir(join(host.root, 'docs'))).filter((n) => n.startsWith('.~lock'))).toEqual([])
  })

  it('lets LibreOffice Online rename the file it locked without X-WOPI-Lock, and nobody else', async () => {
    const lool = { 'User-Agent': 'LOOLWSD WOPI Agent master..' }
    await lockFile(access, 'lool-lock1', lool)
    // The lock holder's own editor, as a real LibreOffice Online sends it: no X-WOPI-Lock.
    const own = await rename(access, 'Renamed by the editor', lool)
    expect(own.status, own.text()).toBe(200)
    expect(await readdir(join(host.root, 'docs'))).toContain('Renamed by the editor.docx')
    // A wrong lock id from the same editor, another program, or another user is still a lock mismatch.
    expect((await rename(access, 'Wrong', { ...lool, 'X-WOPI-Lock': 'other' })).status).toBe(409)
    expect((await rename(access, 'Other program')).status).toBe(409)
    const otherUser = await host.token('docs/Renamed by the editor.docx', { write: true, user: 'someone else' })
    expect((await rename(otherUser, 'Other user', lool)).status).toBe(409)
    expect((await readdir(join(host.root, 'docs'))).filter((name) => name.endsWith('.docx')).sort()).toEqual([
      'Renamed by the editor.docx',
      'Taken.docx',
    ])
  })

  it('refuses to rename a document a desktop program has open, and a read-only token', async () => {
    await writeFile(join(host.root, 'docs', '.~lock.Draft.docx#'), ',hal,pc,01.01.2025 09:00,;')
    expect((await rename(access, 'Other')).status).toBe(409)
    const reader = await host.token('docs/notes.txt', { write: false })
    expect((await rename(reader, 'x')).status).toBe(401)
  })
})
