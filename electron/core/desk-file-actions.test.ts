import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDesk, type Desk } from './desk'
import { testDeskOptions } from './desk-test-options'
import { lockFile } from './wopi/test-kit'

// The Files page's own actions through the contract: rename, delete to the trash, upload, new folder. Each refuses
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
    await expect(api['files:rename']('plan.txt', 'plan 2.txt')).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/close it there/) })
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
})
