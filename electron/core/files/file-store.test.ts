import { link, readFile, readdir, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../wopi/test-kit'
import { FileGoneError } from './file-store'
import { PathError } from './path-confinement'
import { parseWopiTime } from '../wopi/wopi-time'

const micros = (iso: string): number => parseWopiTime(iso)!.micros

const source = (text: string) => Readable.from([Buffer.from(text)])

describe('file store', () => {
  let host: TestHost
  beforeEach(async () => {
    host = await startTestHost({ files: { 'Report.docx': 'v1', 'sub/Notes.txt': 'notes' } })
  })
  afterEach(async () => {
    await host.close()
  })

  it('gives a path one stable, URL-safe id', async () => {
    const first = await host.desk.files.ensureFile('Report.docx')
    const again = await host.desk.files.ensureFile('./Report.docx')
    expect(again.id).toBe(first.id)
    expect(first.id).toMatch(/^[A-Za-z0-9_-]{22}$/)
    const other = await host.desk.files.ensureFile('sub\\Notes.txt')
    expect(other.id).not.toBe(first.id)
    expect(other.relPath).toBe('sub/Notes.txt')
  })

  it('shares one id between a symbolic link and its target inside the root', async () => {
    await symlink(join(host.root, 'Report.docx'), join(host.root, 'alias.docx'))
    const target = await host.desk.files.ensureFile('Report.docx')
    const alias = await host.desk.files.ensureFile('alias.docx')
    expect(alias.id).toBe(target.id)
  })

  it('refuses folders, lock files, temp files and paths outside the root', async () => {
    await host.put('.~lock.Report.docx#', 'x,y,z,d,;')
    await host.put('.~wopidesk-abcdef.tmp', 'partial')
    for (const input of ['sub', '', '.~lock.Report.docx#', '.~wopidesk-abcdef.tmp', '../outside.txt', '/etc/passwd', 'missing.docx']) {
      await expect(host.desk.files.ensureFile(input), input).rejects.toBeInstanceOf(PathError)
    }
  })

  it('notices changes made by another program: Version and LastModifiedTime move forward', async () => {
    const row = await host.desk.files.ensureFile('Report.docx')
    const before = (await host.desk.files.observe(row.id)).row
    expect(before.version).toBe(row.version)
    await writeFile(join(host.root, 'Report.docx'), 'changed elsewhere')
    const after = (await host.desk.files.observe(row.id)).row
    expect(after.version).toBe(before.version + 1)
    expect(micros(after.lastModified)).toBeGreaterThan(micros(before.lastModified))
    expect(after.size).toBe('changed elsewhere'.length)
    // A restored backup with an old mtime is still a change, and the time still moves forward.
    const past = new Date('2001-01-01T00:00:00Z')
    await writeFile(join(host.root, 'Report.docx'), 'backup')
    await utimes(join(host.root, 'Report.docx'), past, past)
    const restored = (await host.desk.files.observe(row.id)).row
    expect(restored.version).toBe(after.version + 1)
    expect(micros(restored.lastModified)).toBeGreaterThan(micros(after.lastModified))
    expect((await host.desk.files.observe(row.id)).row.version).toBe(restored.version)
  })

  it('keeps the previous content as a version (same inode, no copy) and bounds the count', async () => {
    host.desk.settings.update({ versionRetention: 2 })
    const row = await host.desk.files.ensureFile('Report.docx')
    const oldInode = (await stat(join(host.root, 'Report.docx'))).ino
    await host.desk.files.withFile(row.id, () =>
      host.desk.files.replaceContent(row.id, source('v2'), { maxBytes: 100, reason: 'put-file' }),
    )
    const versions = host.desk.files.listVersions(row.id)
    expect(versions).toHaveLength(1)
    const kept = join(host.dataDir, versions[0]!.storePath)
    expect(await readFile(kept, 'utf8')).toBe('v1')
    expect((await stat(kept)).ino).toBe(oldInode)
    for (const content of ['v3', 'v4', 'v5']) {
      await host.desk.files.withFile(row.id, () =>
        host.desk.files.replaceContent(row.id, source(content), { maxBytes: 100, reason: 'put-file' }),
      )
    }
    const bounded = host.desk.files.listVersions(row.id)
    expect(bounded.map((v) => v.reason)).toEqual(['put-file', 'put-file'])
    const stored = await Promise.all(bounded.map((v) => readFile(join(host.dataDir, v.storePath), 'utf8')))
    expect(stored).toEqual(['v4', 'v3'])
    expect(await readdir(join(host.dataDir, 'versions', row.id))).toHaveLength(2)
    expect(await readFile(join(host.root, 'Report.docx'), 'utf8')).toBe('v5')
  })

  it('restores a version atomically and keeps the current content as a version too', async () => {
    const row = await host.desk.files.ensureFile('Report.docx')
    await host.desk.files.withFile(row.id, () =>
      host.desk.files.replaceContent(row.id, source('v2'), { maxBytes: 100, reason: 'put-file' }),
    )
    const [v1] = host.desk.files.listVersions(row.id)
    const restored = await host.desk.files.restoreVersion(row.id, v1!.id)
    expect(await readFile(join(host.root, 'Report.docx'), 'utf8')).toBe('v1')
    expect(restored.version).toBe(3)
    expect(host.desk.files.listVersions(row.id).map((v) => v.reason)).toEqual(['restore', 'put-file'])
    await expect(host.desk.files.restoreVersion(row.id, 999)).rejects.toBeInstanceOf(FileGoneError)
  })

  it('still keeps versions when someone removed the versions folder meanwhile', async () => {
    const row = await host.desk.files.ensureFile('Report.docx')
    await host.desk.files.withFile(row.id, () =>
      host.desk.files.replaceContent(row.id, source('v2'), { maxBytes: 100, reason: 'put-file' }),
    )
    await rm(join(host.dataDir, 'versions'), { recursive: true })
    await host.desk.files.withFile(row.id, () =>
      host.desk.files.replaceContent(row.id, source('v3'), { maxBytes: 100, reason: 'put-file' }),
    )
    const [newest] = host.desk.files.listVersions(row.id)
    expect(await readFile(join(host.dataDir, newest!.storePath), 'utf8')).toBe('v2')
  })

  it('keeps no version at retention 0', async () => {
    host.desk.settings.update({ versionRetention: 0 })
    const row = await host.desk.files.ensureFile('Report.docx')
    await host.desk.files.withFile(row.id, () =>
      host.desk.files.replaceContent(row.id, source('v2'), { maxBytes: 100, reason: 'put-file' }),
    )
    expect(host.desk.files.listVersions(row.id)).toEqual([])
  })

  it('moves deleted files to the trash and restores them with the same id', async () => {
    const row = await host.desk.files.ensureFile('Report.docx')
    const entry = await host.desk.files.withNamespace(() => host.desk.files.trash(row.id))
    expect(await readdir(host.root)).toEqual(['sub'])
    expect(await readFile(join(host.dataDir, entry.storePath), 'utf8')).toBe('v1')
    expect(host.desk.files.get(row.id)).toBeUndefined()
    await expect(host.desk.files.observe(row.id)).rejects.toBeInstanceOf(FileGoneError)
    // A new file took the name meanwhile: the restored one gets a numbered name.
    await host.put('Report.docx', 'newer')
    const newer = await host.desk.files.ensureFile('Report.docx')
    expect(newer.id).not.toBe(row.id)
    const restored = await host.desk.files.restoreFromTrash(entry.id)
    expect(restored.id).toBe(row.id)
    expect(restored.relPath).toBe('Report (1).docx')
    expect(await readFile(join(host.root, 'Report (1).docx'), 'utf8')).toBe('v1')
    expect(host.desk.files.listTrash()).toEqual([])
    expect((await host.desk.files.observe(row.id)).row.relPath).toBe('Report (1).docx')
  })

  it('renames without replacing and keeps the id', async () => {
    const row = await host.desk.files.ensureFile('Report.docx')
    await host.put('Taken.docx', 'other')
    await expect(host.desk.files.withNamespace(() => host.desk.files.rename(row.id, 'Taken.docx'))).rejects.toMatchObject({
      code: 'EEXIST',
    })
    const renamed = await host.desk.files.withNamespace(() => host.desk.files.rename(row.id, 'Final.docx'))
    expect(renamed.id).toBe(row.id)
    expect(await readFile(join(host.root, 'Final.docx'), 'utf8')).toBe('v1')
    expect(await readFile(join(host.root, 'Taken.docx'), 'utf8')).toBe('other')
    const caseOnly = await host.desk.files.withNamespace(() => host.desk.files.rename(row.id, 'FINAL.docx'))
    expect(caseOnly.relPath).toBe('FINAL.docx')
    expect((await host.desk.files.ensureFile('FINAL.docx')).id).toBe(row.id)
  })

  it('finds collisions case-insensitively and numbers free names', async () => {
    expect(await host.desk.files.findEntry(host.root, 'report.DOCX')).toBe('Report.docx')
    expect(await host.desk.files.freeName(host.root, 'report', '.docx')).toBe('report (1).docx')
    await host.put('report (1).docx', 'x')
    expect(await host.desk.files.freeName(host.root, 'Report', '.docx')).toBe('Report (2).docx')
    expect(await host.desk.files.freeName(host.root, 'Fresh', '.docx')).toBe('Fresh.docx')
  })

  it('sweeps temp files left by a crash, but not fresh ones', async () => {
    const old = await host.put('sub/.~wopidesk-OLD.tmp', 'partial')
    const past = new Date(Date.now() - 3600_000)
    await utimes(old, past, past)
    await host.put('sub/.~wopidesk-NEW.tmp', 'being written')
    await host.desk.files.ensureFile('sub/Notes.txt')
    expect(await host.desk.files.sweepTempFiles()).toBe(1)
    expect((await readdir(join(host.root, 'sub'))).sort()).toEqual(['.~wopidesk-NEW.tmp', 'Notes.txt'])
  })

  it('treats a hard-linked second name as its own path', async () => {
    await link(join(host.root, 'Report.docx'), join(host.root, 'Second.docx'))
    const a = await host.desk.files.ensureFile('Report.docx')
    const b = await host.desk.files.ensureFile('Second.docx')
    expect(a.id).not.toBe(b.id)
  })
})
