import { existsSync, symlinkSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDesk, type Desk } from './desk'
import { testDeskOptions } from './desk-test-options'
import { lockFile, unlockFile } from './wopi/test-kit'

// The Files page's own actions through the contract: rename, delete to the trash, upload, new folder, and rename
// and delete of a whole folder. Each refuses
// while an editor holds the file, never overwrites, and bad input changes nothing.

describe('file actions from the console', () => {
  let base: string
  let root: string
  let desk: Desk | null = null
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'wopi-desk-file-actions-'))
    root = join(base, 'Documents')
    await mkdir(join(root, 'Reports'), { recursive: true })
    await writeFile(join(root, 'notes.md'), '# Notes\n')
    await writeFile(join(root, 'plan.txt'), 'plan')
    desk = await createDesk(testDeskOptions(base))
  })
  afterEach(async () => {
    await desk?.close()
    desk = null
    await rm(base, { recursive: true, force: true })
  })

  it('renames a file, refusing a taken name, a bad name and a locked file', async () => {
    const api = desk!.api
    const renamed = await api['files:rename']('notes.md', 'minutes.md')
    expect(renamed).toMatchObject({ path: 'minutes.md', name: 'minutes.md', kind: 'file', ext: 'md' })
    expect(existsSync(join(root, 'minutes.md'))).toBe(true)
    await expect(api['files:rename']('minutes.md', 'plan.txt')).rejects.toMatchObject({ code: 'conflict' })
    await expect(api['files:rename']('minutes.md', 'a/b.md')).rejects.toMatchObject({ code: 'invalid-argument' })
    const access = await desk!.host.issueToken('plan.txt', { write: true })
    expect((await lockFile(access, 'editor-lock')).status).toBe(200)
    await expect(api['files:rename']('plan.txt', 'plan 2.txt')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/close it there/),
    })
    expect(existsSync(join(root, 'plan.txt'))).toBe(true)
  })

  it('deletes to the trash (restorable), not while an editor holds the file', async () => {
    const api = desk!.api
    const access = await desk!.host.issueToken('plan.txt', { write: true })
    expect((await lockFile(access, 'editor-lock')).status).toBe(200)
    await expect(api['files:trash']('plan.txt')).rejects.toMatchObject({ code: 'conflict' })
    const { trashId } = await api['files:trash']('notes.md')
    expect(trashId).toBeGreaterThan(0)
    expect(existsSync(join(root, 'notes.md'))).toBe(false)
    expect(desk!.host.files.listTrash().map((entry) => entry.id)).toContain(trashId)
    await expect(api['files:trash']('notes.md')).rejects.toMatchObject({ code: 'not-found' })
  })

  it('uploads without overwriting, and makes folders', async () => {
    const api = desk!.api
    const uploaded = await api['files:upload']({ dir: 'Reports', name: 'q1.csv', base64: Buffer.from('a,b\n1,2\n').toString('base64') })
    expect(uploaded).toMatchObject({ path: 'Reports/q1.csv', size: 8 })
    const again = await api['files:upload']({ dir: 'Reports', name: 'q1.csv', base64: Buffer.from('new').toString('base64') })
    expect(again.name).toBe('q1 (1).csv')
    expect(await readFile(join(root, 'Reports', 'q1.csv'), 'utf8')).toBe('a,b\n1,2\n')
    await expect(api['files:upload']({ dir: '../outside', name: 'x.txt', base64: '' })).rejects.toMatchObject({ code: 'invalid-argument' })

    const folder = await api['files:new-folder']({ dir: '', name: 'Archive' })
    expect(folder).toMatchObject({ path: 'Archive', kind: 'folder' })
    await expect(api['files:new-folder']({ dir: '', name: 'archive' })).rejects.toMatchObject({ code: 'conflict' })
    await expect(api['files:new-folder']({ dir: '', name: 'CON' })).rejects.toMatchObject({ code: 'invalid-argument' })
  })

  it('renames a folder: the files below keep their ids, refusing a taken name, a bad name and a locked file', async () => {
    const api = desk!.api
    await mkdir(join(root, 'Reports', '2025'), { recursive: true })
    await writeFile(join(root, 'Reports', '2025', 'q1.md'), 'q1')
    await mkdir(join(root, 'Archive'))
    const before = await desk!.host.files.ensureFile('Reports/2025/q1.md')
    await expect(api['files:rename-folder']('Reports', 'archive')).rejects.toMatchObject({ code: 'conflict' })
    await expect(api['files:rename-folder']('Reports', 'a/b')).rejects.toMatchObject({ code: 'invalid-argument' })
    await expect(api['files:rename-folder']('', 'Root')).rejects.toMatchObject({ code: 'invalid-argument' })
    await expect(api['files:rename-folder']('notes.md', 'Notes')).rejects.toMatchObject({ code: 'invalid-argument' })
    expect(existsSync(join(root, 'Reports', '2025', 'q1.md'))).toBe(true)

    const renamed = await api['files:rename-folder']('Reports', 'Minutes')
    expect(renamed).toMatchObject({ path: 'Minutes', name: 'Minutes', kind: 'folder' })
    expect(await readFile(join(root, 'Minutes', '2025', 'q1.md'), 'utf8')).toBe('q1')
    expect(existsSync(join(root, 'Reports'))).toBe(false)
    expect(desk!.host.files.get(before.id)?.relPath).toBe('Minutes/2025/q1.md')
    expect((await desk!.host.files.ensureFile('Minutes/2025/q1.md')).id).toBe(before.id)

    const access = await desk!.host.issueToken('Minutes/2025/q1.md', { write: true })
    expect((await lockFile(access, 'editor-lock')).status).toBe(200)
    await expect(api['files:rename-folder']('Minutes', 'Reports')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/close it there/),
    })
    expect(existsSync(join(root, 'Minutes', '2025', 'q1.md'))).toBe(true)
  })

  it('deletes a folder to the trash file by file, restorable into a folder made again; nothing moves while one file is locked', async () => {
    const api = desk!.api
    await mkdir(join(root, 'Reports', '2025'), { recursive: true })
    await writeFile(join(root, 'Reports', 'summary.txt'), 'sum')
    await writeFile(join(root, 'Reports', '2025', 'q1.md'), 'q1')
    const access = await desk!.host.issueToken('Reports/2025/q1.md', { write: true })
    expect((await lockFile(access, 'editor-lock')).status).toBe(200)
    await expect(api['files:trash-folder']('Reports')).rejects.toMatchObject({ code: 'conflict' })
    expect(existsSync(join(root, 'Reports', 'summary.txt'))).toBe(true)
    expect(desk!.host.files.listTrash()).toEqual([])
    expect((await unlockFile(access, 'editor-lock')).status).toBe(200)

    const fresh = desk!.api
    const { trashIds } = await fresh['files:trash-folder']('Reports')
    expect(trashIds).toHaveLength(2)
    expect(existsSync(join(root, 'Reports'))).toBe(false)
    const trashed = await fresh['trash:list']()
    expect(trashed.map((entry) => entry.path).sort()).toEqual(['Reports/2025/q1.md', 'Reports/summary.txt'])

    const restored = await fresh['trash:restore'](trashed.find((entry) => entry.path === 'Reports/2025/q1.md')!.id)
    expect(restored.path).toBe('Reports/2025/q1.md')
    expect(await readFile(join(root, 'Reports', '2025', 'q1.md'), 'utf8')).toBe('q1')
  })

  it('refuses to delete a folder holding a link, and changes nothing', async () => {
    await mkdir(join(root, 'Reports', 'inner'), { recursive: true })
    await writeFile(join(root, 'Reports', 'inner', 'a.txt'), 'a')
    symlinkSync(join(root, 'plan.txt'), join(root, 'Reports', 'inner', 'link.txt'))
    await expect(desk!.api['files:trash-folder']('Reports')).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/not a regular file/),
    })
    expect(existsSync(join(root, 'Reports', 'inner', 'a.txt'))).toBe(true)
    expect(desk!.host.files.listTrash()).toEqual([])
  })
})
