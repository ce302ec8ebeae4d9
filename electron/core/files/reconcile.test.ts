import { link, lstat, mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../wopi/test-kit'
import { consistencyProblems } from './fault-injection/consistency'
import { createFolderRenameIntents } from './folder-rename-intents'

// Issue 13, item 1: start-up after a crash finishes or undoes what it finds. Each state below is what a kill at
// one exact point leaves behind (the random kills of the fault-injection suite may or may not hit it).

describe('start-up reconcile', () => {
  let host: TestHost
  beforeEach(async () => {
    host = await startTestHost({ files: { 'sub/a.txt': 'old a', 'b.txt': 'b' } })
  })
  afterEach(async () => {
    await host.close()
  })

  it('finishes a save whose record was committed before the kill hit its rename', async () => {
    const row = await host.desk.files.ensureFile('sub/a.txt')
    const temp = join(host.root, 'sub', '.~wopidesk-crash01.tmp')
    await writeFile(temp, 'new a')
    const stats = await lstat(temp, { bigint: true })
    host.desk.db
      .prepare('UPDATE files SET size = ?, ino = ?, mtime_ns = ?, version = version + 1 WHERE id = ?')
      .run(Number(stats.size), stats.ino.toString(), stats.mtimeNs.toString(), row.id)
    await host.restart()
    expect(await readFile(join(host.root, 'sub', 'a.txt'), 'utf8')).toBe('new a')
    await expect(lstat(temp)).rejects.toMatchObject({ code: 'ENOENT' })
    expect(await consistencyProblems(host.desk)).toEqual([])
  })

  it('removes a kept version whose save never committed, and drops a version row whose file is gone', async () => {
    const row = await host.desk.files.ensureFile('b.txt')
    await mkdir(join(host.dataDir, 'versions', row.id), { recursive: true })
    await writeFile(join(host.dataDir, 'versions', row.id, 'v1-orphan.txt'), 'b')
    host.desk.db
      .prepare(
        "INSERT INTO versions (file_id, version, rel_path, store_path, size, created_at, reason) VALUES (?, 1, 'b.txt', ?, 1, 0, 'put-file')",
      )
      .run(row.id, `versions/${row.id}/v0-missing.txt`)
    await host.restart()
    expect(host.desk.files.listVersions(row.id)).toEqual([])
    expect(await consistencyProblems(host.desk)).toEqual([])
  })

  it('puts back a file moved to the trash whose record was never written', async () => {
    const row = await host.desk.files.ensureFile('b.txt')
    const folder = join(host.dataDir, 'trash', `${row.id}-a-b_c123`)
    await mkdir(folder, { recursive: true })
    await rename(join(host.root, 'b.txt'), join(folder, 'b.txt'))
    await host.restart()
    expect(await readFile(join(host.root, 'b.txt'), 'utf8')).toBe('b')
    expect(host.desk.files.get(row.id)).toBeDefined()
    expect(host.desk.files.listTrash()).toEqual([])
    expect(await consistencyProblems(host.desk)).toEqual([])
  })

  it('finishes a restore whose move happened but whose record did not', async () => {
    const row = await host.desk.files.ensureFile('b.txt')
    const entry = await host.desk.files.withNamespace(() => host.desk.files.trash(row.id))
    // The restore's move happened (under a free name), its record did not.
    const stored = join(host.dataDir, ...entry.storePath.split('/'))
    await link(stored, join(host.root, 'b (1).txt'))
    await import('node:fs/promises').then((fs) => fs.rm(join(stored, '..'), { recursive: true }))
    await host.restart()
    expect(host.desk.files.listTrash()).toEqual([])
    expect(host.desk.files.get(row.id)?.relPath).toBe('b (1).txt')
    expect(await consistencyProblems(host.desk)).toEqual([])
  })

  it('undoes a delete killed between its link into the trash and its unlink', async () => {
    const row = await host.desk.files.ensureFile('b.txt')
    const folder = join(host.dataDir, 'trash', `${row.id}-a-b_c123`)
    await mkdir(folder, { recursive: true })
    await link(join(host.root, 'b.txt'), join(folder, 'b.txt'))
    await host.restart()
    expect(host.desk.files.get(row.id)).toBeDefined()
    expect(host.desk.files.listTrash()).toEqual([])
    expect(await consistencyProblems(host.desk)).toEqual([])
    expect(await readdir(join(host.dataDir, 'trash'))).toEqual([])
  })

  it('finishes a restore killed between its link into the folder and its unlink from the trash', async () => {
    const row = await host.desk.files.ensureFile('b.txt')
    const entry = await host.desk.files.withNamespace(() => host.desk.files.trash(row.id))
    await link(join(host.dataDir, ...entry.storePath.split('/')), join(host.root, 'b.txt'))
    await host.restart()
    expect(host.desk.files.get(row.id)?.relPath).toBe('b.txt')
    expect(host.desk.files.listTrash()).toEqual([])
    expect(await consistencyProblems(host.desk)).toEqual([])
  })

  it('finishes a rename killed between its link and its unlink, and drops one that never started', async () => {
    const row = await host.desk.files.ensureFile('sub/a.txt')
    const other = await host.desk.files.ensureFile('b.txt')
    const announce = host.desk.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)')
    announce.run(`rename-intent:${row.id}`, JSON.stringify({ from: 'sub/a.txt', to: 'sub/new.txt' }))
    announce.run(`rename-intent:${other.id}`, JSON.stringify({ from: 'b.txt', to: 'c.txt' }))
    await link(join(host.root, 'sub', 'a.txt'), join(host.root, 'sub', 'new.txt'))
    await host.restart()
    expect(host.desk.files.get(row.id)?.relPath).toBe('sub/new.txt')
    await expect(lstat(join(host.root, 'sub', 'a.txt'))).rejects.toMatchObject({ code: 'ENOENT' })
    expect(host.desk.files.get(other.id)?.relPath).toBe('b.txt')
    expect(host.desk.db.prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'rename-intent:%'").get()).toEqual({ n: 0 })
    expect(await consistencyProblems(host.desk)).toEqual([])
  })

  it('finds a file whose rename happened on disk but not in the database', async () => {
    const row = await host.desk.files.ensureFile('sub/a.txt')
    await rename(join(host.root, 'sub', 'a.txt'), join(host.root, 'sub', 'renamed.txt'))
    await host.restart()
    expect(host.desk.files.get(row.id)?.relPath).toBe('sub/renamed.txt')
    expect(await consistencyProblems(host.desk)).toEqual([])
  })

  describe('a folder rename killed', () => {
    const folderIntents = () => createFolderRenameIntents(host.desk.db)
    const announceSubToRenamed = async () => {
      const intent = {
        root: host.desk.files.root,
        from: 'sub',
        to: 'renamed',
        ino: (await lstat(join(host.root, 'sub'), { bigint: true })).ino.toString(),
      }
      folderIntents().announce(intent)
      return intent
    }

    it('after its announcement, before the disk rename: nothing happened, the intent goes', async () => {
      const row = await host.desk.files.ensureFile('sub/a.txt')
      await announceSubToRenamed()
      await host.restart()
      expect(host.desk.files.get(row.id)?.relPath).toBe('sub/a.txt')
      expect(folderIntents().list(host.desk.files.root)).toEqual([])
      expect(await consistencyProblems(host.desk)).toEqual([])
    })

    it('after the disk rename, before its record: the files keep their ids under the new name', async () => {
      const row = await host.desk.files.ensureFile('sub/a.txt')
      await announceSubToRenamed()
      await rename(join(host.root, 'sub'), join(host.root, 'renamed'))
      await host.restart()
      expect(host.desk.files.get(row.id)?.relPath).toBe('renamed/a.txt')
      expect((await host.desk.files.ensureFile('renamed/a.txt')).id).toBe(row.id)
      expect(folderIntents().list(host.desk.files.root)).toEqual([])
      expect(await consistencyProblems(host.desk)).toEqual([])
    })

    it('after its record, before the intent was cleared: the intent goes, the record stays', async () => {
      const row = await host.desk.files.ensureFile('sub/a.txt')
      await announceSubToRenamed()
      await rename(join(host.root, 'sub'), join(host.root, 'renamed'))
      host.desk.db.prepare("UPDATE files SET rel_path = 'renamed/a.txt' WHERE id = ?").run(row.id)
      await host.restart()
      expect(host.desk.files.get(row.id)?.relPath).toBe('renamed/a.txt')
      expect(folderIntents().list(host.desk.files.root)).toEqual([])
      expect(await consistencyProblems(host.desk)).toEqual([])
    })

    it('leaves a folder someone else put under the new name alone', async () => {
      const row = await host.desk.files.ensureFile('sub/a.txt')
      await announceSubToRenamed()
      await mkdir(join(host.root, 'renamed'))
      await host.restart()
      expect(host.desk.files.get(row.id)?.relPath).toBe('sub/a.txt')
      expect(folderIntents().list(host.desk.files.root)).toEqual([])
    })

    it('a finished folder rename leaves no intent behind', async () => {
      const row = await host.desk.files.ensureFile('sub/a.txt')
      await host.desk.files.withNamespace(() => host.desk.files.renameFolder('sub', 'renamed'))
      expect(host.desk.files.get(row.id)?.relPath).toBe('renamed/a.txt')
      expect(folderIntents().list(host.desk.files.root)).toEqual([])
    })
  })
})
