import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkFileInfo, getContents, lockFile, putContents, startTestHost, unlockFile, wopi, type TestHost } from '../wopi/test-kit'

// An editor works on a file of a second place exactly as on one of the served folder: CheckFileInfo, GetFile,
// Lock and PutFile through the same WOPI listener, the saved bytes in that place's folder, the old ones a version.

describe('WOPI on a file of a second place', () => {
  let host: TestHost
  let projects: string
  beforeEach(async () => {
    host = await startTestHost({ files: { 'root.docx': 'in the root' } })
    projects = join(dirname(host.root), 'Projects')
    await mkdir(projects, { recursive: true })
    await writeFile(join(projects, 'plan.docx'), 'first draft')
    await writeFile(join(projects, 'other.docx'), 'not this one')
  })
  afterEach(async () => {
    await host.close()
  })

  it('answers CheckFileInfo, GetFile and PutFile, and keeps the previous content as a version', async () => {
    host.desk.places.add({ path: projects, kind: 'folder' })
    const access = await host.token(join(projects, 'plan.docx'))
    const info = await checkFileInfo(access)
    expect(info).toMatchObject({
      BaseFileName: 'plan.docx',
      Size: 11,
      UserCanWrite: true,
      UserCanRename: true,
      UserCanNotWriteRelative: false,
    })
    expect((await getContents(access)).text()).toBe('first draft')
    expect((await lockFile(access, 'L1')).status).toBe(200)
    expect((await putContents(access, 'second draft', { 'X-WOPI-Lock': 'L1' })).status).toBe(200)
    expect((await unlockFile(access, 'L1')).status).toBe(200)
    expect(await readFile(join(projects, 'plan.docx'), 'utf8')).toBe('second draft')
    expect(host.desk.files.listVersions(access.fileId).map((version) => version.relPath)).toEqual(['plan.docx'])
    // The served folder's own files are untouched and still answer.
    const rootAccess = await host.token('root.docx')
    expect((await getContents(rootAccess)).text()).toBe('in the root')
  })

  it('a single-file place lets an editor reach its file only: no PutRelativeFile copy next to it', async () => {
    host.desk.places.add({ path: join(projects, 'plan.docx'), kind: 'file' })
    const access = await host.token(join(projects, 'plan.docx'))
    expect(await checkFileInfo(access)).toMatchObject({ UserCanWrite: true, UserCanRename: false, UserCanNotWriteRelative: true })
    expect((await getContents(access)).text()).toBe('first draft')
    await expect(host.token(join(projects, 'other.docx'))).rejects.toMatchObject({ kind: 'outside' })
    const copy = await wopi(access, { override: 'PUT_RELATIVE', headers: { 'X-WOPI-SuggestedTarget': '.docx' }, body: 'copy' })
    expect(copy.status).toBe(404)
    expect(await readFile(join(projects, 'other.docx'), 'utf8')).toBe('not this one')
  })

  it('once the place is removed, its tokens reach nothing', async () => {
    const place = host.desk.places.add({ path: projects, kind: 'folder' })
    const access = await host.token(join(projects, 'plan.docx'))
    expect((await getContents(access)).status).toBe(200)
    host.desk.places.remove(place.id)
    expect((await wopi(access)).status).toBe(404)
    expect((await getContents(access)).status).toBe(404)
  })
})
