import { readFile, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { lockFile, putContents, startTestHost, wopi, type TestHost } from '../wopi/test-kit'

// Issue 13, item 1: a save, delete, rename or restore whose database record cannot be written (the data disk is
// full, the database refuses) must leave everything as it was, and say so; a trigger that refuses the write
// stands in for SQLITE_FULL deterministically.

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (entry.isFile()) out.push(join(entry.parentPath, entry.name))
  }
  return out
}

describe('all or nothing when the database cannot record', () => {
  let host: TestHost
  beforeEach(async () => {
    host = await startTestHost({ files: { 'Plan.docx': 'v1', 'notes.txt': 'notes' } })
  })
  afterEach(async () => {
    await host.close()
  })

  const refuse = (table: string, event: 'INSERT' | 'UPDATE' | 'DELETE') =>
    host.desk.db.exec(
      `CREATE TRIGGER refuse_${table}_${event.toLowerCase()} BEFORE ${event} ON ${table} BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END`,
    )
  const allow = (table: string, event: string) => host.desk.db.exec(`DROP TRIGGER refuse_${table}_${event.toLowerCase()}`)

  it('PutFile that cannot record its version leaves the old bytes, no version file, and answers an error', async () => {
    const access = await host.token('Plan.docx')
    expect((await lockFile(access, 'L')).status).toBe(200)
    const before = host.desk.files.get(access.fileId)!
    refuse('versions', 'INSERT')
    const put = await putContents(access, 'v2', { 'X-WOPI-Lock': 'L' })
    expect(put.status).toBe(500)
    expect(await readFile(join(host.root, 'Plan.docx'), 'utf8')).toBe('v1')
    expect(await filesUnder(join(host.dataDir, 'versions'))).toEqual([])
    expect(host.desk.files.get(access.fileId)!.version).toBe(before.version)
    allow('versions', 'INSERT')
    // The failed save left nothing in the way of the next one.
    expect((await putContents(access, 'v2', { 'X-WOPI-Lock': 'L' })).status).toBe(200)
    expect(await readFile(join(host.root, 'Plan.docx'), 'utf8')).toBe('v2')
    expect(host.desk.files.listVersions(access.fileId)).toHaveLength(1)
  })

  it('DeleteFile that cannot record the trash entry leaves the file in place and its id live', async () => {
    const access = await host.token('notes.txt')
    refuse('trash', 'INSERT')
    const deleted = await wopi(access, { override: 'DELETE' })
    expect(deleted.status).toBe(500)
    expect(await readFile(join(host.root, 'notes.txt'), 'utf8')).toBe('notes')
    expect(await filesUnder(join(host.dataDir, 'trash'))).toEqual([])
    expect(host.desk.files.get(access.fileId)).toBeDefined()
    allow('trash', 'INSERT')
    expect((await wopi(access, { override: 'DELETE' })).status).toBe(200)
    expect(host.desk.files.listTrash()).toHaveLength(1)
  })

  it('RenameFile that cannot record the new path keeps the old name', async () => {
    const access = await host.token('notes.txt')
    refuse('files', 'UPDATE')
    const renamed = await wopi(access, { override: 'RENAME_FILE', headers: { 'X-WOPI-RequestedName': 'renamed' } })
    expect(renamed.status).toBe(500)
    allow('files', 'UPDATE')
    expect(await readFile(join(host.root, 'notes.txt'), 'utf8')).toBe('notes')
    await expect(stat(join(host.root, 'renamed.txt'))).rejects.toMatchObject({ code: 'ENOENT' })
    expect((await wopi(access)).status).toBe(200)
  })

  it('a folder rename that cannot record the new paths takes the old name back and leaves no intent', async () => {
    await host.put('Reports/q1.txt', 'q1')
    const row = await host.desk.files.ensureFile('Reports/q1.txt')
    refuse('files', 'UPDATE')
    await expect(host.desk.files.withNamespace(() => host.desk.files.renameFolder('Reports', 'Archive'))).rejects.toThrow(/disk is full/)
    allow('files', 'UPDATE')
    expect(await readFile(join(host.root, 'Reports', 'q1.txt'), 'utf8')).toBe('q1')
    await expect(stat(join(host.root, 'Archive'))).rejects.toMatchObject({ code: 'ENOENT' })
    expect(host.desk.files.get(row.id)?.relPath).toBe('Reports/q1.txt')
    expect(host.desk.db.prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'folder-rename-intent:%'").get()).toEqual({ n: 0 })
  })

  it('a restore from the trash that cannot be recorded leaves the file in the trash', async () => {
    const row = await host.desk.files.ensureFile('notes.txt')
    const entry = await host.desk.files.withNamespace(() => host.desk.files.trash(row.id))
    refuse('trash', 'DELETE')
    await expect(host.desk.files.restoreFromTrash(entry.id)).rejects.toThrow()
    await expect(stat(join(host.root, 'notes.txt'))).rejects.toMatchObject({ code: 'ENOENT' })
    expect(await filesUnder(join(host.dataDir, 'trash'))).toHaveLength(1)
    allow('trash', 'DELETE')
    await host.desk.files.restoreFromTrash(entry.id)
    expect(await readFile(join(host.root, 'notes.txt'), 'utf8')).toBe('notes')
  })
})
