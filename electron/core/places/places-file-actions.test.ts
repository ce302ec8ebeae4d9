import { existsSync, symlinkSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDesk, type Desk } from '../desk'
import { testDeskOptions } from '../desk-test-options'
import { lockFile, putContents, unlockFile } from '../wopi/test-kit'

// The Files page's actions in a place other than the served folder (issue 14): the same rename, delete, upload,
// new folder and folder rename/delete, each confined to its place; a single-file place refuses them all. Versions
// are listed and restored by a path relative to the place too.

describe('file actions in a place', () => {
  let base: string
  let root: string
  let projects: string
  let desk: Desk | null = null
  let place: string
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'wopi-desk-place-actions-'))
    root = join(base, 'Documents')
    projects = join(base, 'Projects')
    await mkdir(root, { recursive: true })
    await writeFile(join(root, 'notes.md'), '# notes\n')
    await mkdir(join(projects, 'Plans', '2026'), { recursive: true })
    await writeFile(join(projects, 'plan.md'), '# plan')
    await writeFile(join(projects, 'budget.csv'), 'a,b\n')
    await writeFile(join(projects, 'Plans', '2026', 'q1.md'), 'q1')
    desk = await createDesk(testDeskOptions(base))
    place = (await desk.api['places:add']({ path: projects, kind: 'folder' })).id
  })
  afterEach(async () => {
    await desk?.close()
    desk = null
    await rm(base, { recursive: true, force: true })
  })

  it('renames a file in the place, keeping its id, refusing a taken name and a locked file', async () => {
    const api = desk!.api
    const before = await desk!.host.files.ensureFile(join(projects, 'plan.md'))
    const renamed = await api['files:rename']('plan.md', 'roadmap.md', { place })
    expect(renamed).toMatchObject({ path: 'roadmap.md', name: 'roadmap.md', kind: 'file' })
    expect(existsSync(join(projects, 'roadmap.md'))).toBe(true)
    expect(existsSync(join(root, 'roadmap.md'))).toBe(false)
    expect((await desk!.host.files.ensureFile(join(projects, 'roadmap.md'))).id).toBe(before.id)
    await expect(api['files:rename']('roadmap.md', 'budget.csv', { place })).rejects.toMatchObject({ code: 'conflict' })
    const access = await desk!.host.issueToken(join(projects, 'budget.csv'), { write: true })
    expect((await lockFile(access, 'editor-lock')).status).toBe(200)
    await expect(api['files:rename']('budget.csv', 'costs.csv', { place })).rejects.toMatchObject({ code: 'conflict' })
    expect(existsSync(join(projects, 'budget.csv'))).toBe(true)
  })

  it('deletes to the trash, which names the place and restores into it', async () => {
    const api = desk!.api
    const { trashId } = await api['files:trash']('Plans/2026/q1.md', { place })
    expect(existsSync(join(projects, 'Plans', '2026', 'q1.md'))).toBe(false)
    await rm(join(projects, 'Plans'), { recursive: true })
    const entry = (await api['trash:list']()).find((candidate) => candidate.id === trashId)
    expect(entry).toMatchObject({ path: 'Plans/2026/q1.md', place, placeName: 'Projects' })
    const restored = await api['trash:restore'](trashId)
    expect(restored.path).toBe('Plans/2026/q1.md')
    expect(await readFile(join(projects, 'Plans', '2026', 'q1.md'), 'utf8')).toBe('q1')
    expect(existsSync(join(root, 'Plans'))).toBe(false)
  })

  it('uploads without overwriting and makes folders in the place', async () => {
    const api = desk!.api
    const uploaded = await api['files:upload']({ place, dir: 'Plans', name: 'plan.md', base64: Buffer.from('up').toString('base64') })
    expect(uploaded).toMatchObject({ path: 'Plans/plan.md', size: 2 })
    const again = await api['files:upload']({ place, dir: '', name: 'plan.md', base64: Buffer.from('new').toString('base64') })
    expect(again.name).toBe('plan (1).md')
    expect(await readFile(join(projects, 'plan.md'), 'utf8')).toBe('# plan')
    const folder = await api['files:new-folder']({ place, dir: '', name: 'Archive' })
    expect(folder).toMatchObject({ path: 'Archive', kind: 'folder' })
    expect(existsSync(join(projects, 'Archive'))).toBe(true)
    expect(existsSync(join(root, 'Archive'))).toBe(false)
  })

  it('renames and deletes a folder of the place, the files below keeping their ids', async () => {
    const api = desk!.api
    const before = await desk!.host.files.ensureFile(join(projects, 'Plans', '2026', 'q1.md'))
    const renamed = await api['files:rename-folder']('Plans', 'Roadmaps', { place })
    expect(renamed).toMatchObject({ path: 'Roadmaps', kind: 'folder' })
    expect(desk!.host.files.get(before.id)?.relPath).toBe('Roadmaps/2026/q1.md')
    await expect(api['files:rename-folder']('', 'Other', { place })).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/remove the place/),
    })
    const { trashIds } = await api['files:trash-folder']('Roadmaps', { place })
    expect(trashIds).toHaveLength(1)
    expect(existsSync(join(projects, 'Roadmaps'))).toBe(false)
  })

  it('refuses a path that leaves the place, into another place or out of every one, and changes nothing', async () => {
    const api = desk!.api
    symlinkSync(root, join(projects, 'to-documents'))
    symlinkSync(base, join(projects, 'to-base'))
    await expect(api['files:rename']('../Documents/notes.md', 'x.md', { place })).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/^"\.\.\/Documents\/notes\.md" leads outside the place \/.*Projects\.$/),
    })
    await expect(api['files:trash']('to-documents/notes.md', { place })).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/outside the place/),
    })
    await expect(api['files:upload']({ place, dir: 'to-base', name: 'x.txt', base64: '' })).rejects.toMatchObject({
      code: 'invalid-argument',
    })
    await expect(api['files:rename-folder']('to-documents', 'x', { place })).rejects.toMatchObject({ code: 'invalid-argument' })
    expect(existsSync(join(root, 'notes.md'))).toBe(true)
    expect(existsSync(join(base, 'x.txt'))).toBe(false)
    expect(desk!.host.files.listTrash()).toEqual([])
  })

  /** saves `content` over a file through WOPI, as an editor does, so the content before is kept as a version */
  async function saveAsEditor(realPath: string, content: string): Promise<void> {
    const access = await desk!.host.issueToken(realPath, { write: true })
    expect((await lockFile(access, 'saving')).status).toBe(200)
    expect((await putContents(access, content, { 'X-WOPI-Lock': 'saving' })).status).toBe(200)
    expect((await unlockFile(access, 'saving')).status).toBe(200)
  }

  it('lists and restores versions of a file of the place by its path in the place, refusing while an editor holds it', async () => {
    const api = desk!.api
    await saveAsEditor(join(projects, 'Plans', '2026', 'q1.md'), 'q1, second draft')
    const versions = await api['files:versions']('Plans/2026/q1.md', { place })
    expect(versions).toHaveLength(1)
    expect(versions[0]).toMatchObject({ version: 1, name: 'q1.md', size: 'q1'.length, reason: 'put-file' })
    // The full path, as before places could be named, still finds the same file; the served folder has none of it.
    expect(await api['files:versions'](join(projects, 'Plans', '2026', 'q1.md'))).toEqual(versions)
    await expect(api['files:versions']('Plans/2026/q1.md')).rejects.toMatchObject({ code: 'not-found' })

    const access = await desk!.host.issueToken(join(projects, 'Plans', '2026', 'q1.md'), { write: true })
    expect((await lockFile(access, 'held')).status).toBe(200)
    await expect(api['files:restore-version']('Plans/2026/q1.md', versions[0]!.id, { place })).rejects.toMatchObject({
      code: 'conflict',
    })
    expect(await readFile(join(projects, 'Plans', '2026', 'q1.md'), 'utf8')).toBe('q1, second draft')
    expect((await unlockFile(access, 'held')).status).toBe(200)

    const restored = await api['files:restore-version']('Plans/2026/q1.md', versions[0]!.id, { place })
    expect(restored).toMatchObject({ path: 'Plans/2026/q1.md', name: 'q1.md', size: 'q1'.length })
    expect(await readFile(join(projects, 'Plans', '2026', 'q1.md'), 'utf8')).toBe('q1')
    // The content it replaced is kept in turn.
    expect(await api['files:versions']('Plans/2026/q1.md', { place })).toHaveLength(2)
    expect(existsSync(join(root, 'Plans'))).toBe(false)
  })

  it('refuses versions of a path that leaves the place, naming the place, and restores nothing', async () => {
    const api = desk!.api
    symlinkSync(root, join(projects, 'to-documents'))
    await saveAsEditor(join(root, 'notes.md'), '# notes, edited')
    const [kept] = await api['files:versions']('notes.md')
    expect(kept).toBeDefined()
    const leaving = {
      code: 'invalid-argument',
      message: expect.stringMatching(/^"\.\.\/Documents\/notes\.md" leads outside the place \/.*Projects\.$/),
    }
    await expect(api['files:versions']('../Documents/notes.md', { place })).rejects.toMatchObject(leaving)
    await expect(api['files:restore-version']('../Documents/notes.md', kept!.id, { place })).rejects.toMatchObject(leaving)
    const linked = {
      code: 'invalid-argument',
      message: expect.stringMatching(/^"to-documents\/notes\.md" is a link that leads outside the place /),
    }
    await expect(api['files:versions']('to-documents/notes.md', { place })).rejects.toMatchObject(linked)
    await expect(api['files:restore-version']('to-documents/notes.md', kept!.id, { place })).rejects.toMatchObject(linked)
    await expect(api['files:restore-version'](join(root, 'notes.md'), kept!.id, { place })).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/is an absolute path; give a path relative to the place \/.*Projects\.$/),
    })
    expect(await readFile(join(root, 'notes.md'), 'utf8')).toBe('# notes, edited')
    expect(await api['files:versions']('notes.md')).toEqual([kept])
  })

  it('refuses every action in a single-file place, saying why, and changes nothing', async () => {
    const api = desk!.api
    const loose = join(base, 'Loose')
    await mkdir(loose)
    await writeFile(join(loose, 'letter.txt'), 'dear')
    const single = (await api['places:add']({ path: join(loose, 'letter.txt'), kind: 'file' })).id
    const refused = { code: 'invalid-argument', message: expect.stringMatching(/served on its own/) }
    await expect(api['files:rename']('letter.txt', 'reply.txt', { place: single })).rejects.toMatchObject(refused)
    await expect(api['files:trash']('letter.txt', { place: single })).rejects.toMatchObject(refused)
    await expect(api['files:upload']({ place: single, dir: '', name: 'x.txt', base64: '' })).rejects.toMatchObject(refused)
    await expect(api['files:new-folder']({ place: single, dir: '', name: 'x' })).rejects.toMatchObject(refused)
    await expect(api['files:rename-folder']('', 'x', { place: single })).rejects.toMatchObject(refused)
    await expect(api['files:trash-folder']('', { place: single })).rejects.toMatchObject(refused)
    // Its versions are listed like any file's, and nothing else of its folder is reached.
    expect(await api['files:versions']('letter.txt', { place: single })).toEqual([])
    await writeFile(join(loose, 'other.txt'), 'other')
    await expect(api['files:versions']('other.txt', { place: single })).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/serves that one file only/),
    })
    expect(await readFile(join(loose, 'letter.txt'), 'utf8')).toBe('dear')
    expect(existsSync(join(loose, 'x.txt'))).toBe(false)
  })

  it('refuses an unknown place', async () => {
    await expect(desk!.api['files:trash']('plan.md', { place: 'folder-000000000000' })).rejects.toMatchObject({ code: 'not-found' })
    expect(existsSync(join(projects, 'plan.md'))).toBe(true)
  })

  it('creates a new document in the place, and not in a single-file place', async () => {
    await desk!.close()
    desk = await createDesk(testDeskOptions(base, { builtinEditor: { port: 0 } }))
    const api = desk.api
    const opened = await api['files:new-document']({ place, dir: 'Plans', name: 'ideas.md' })
    expect(opened.action).toBe('editnew')
    expect(existsSync(join(projects, 'Plans', 'ideas.md'))).toBe(true)
    expect(existsSync(join(root, 'Plans'))).toBe(false)
    await expect(api['files:new-document']({ place, dir: '../Documents', name: 'x.md' })).rejects.toMatchObject({
      code: 'invalid-argument',
    })
    const loose = join(base, 'Loose')
    await mkdir(loose)
    await writeFile(join(loose, 'letter.txt'), 'dear')
    const letter = (await api['places:add']({ path: join(loose, 'letter.txt'), kind: 'file' })).id
    await expect(api['files:new-document']({ place: letter, dir: '', name: 'x.md' })).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/served on its own/),
    })
    expect(existsSync(join(loose, 'x.md'))).toBe(false)
  })
})
