import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FileRow } from '../db/file-repo'
import { openDb, type Db } from '../db/open-db'
import { createVersionRepo } from '../db/version-repo'
import { silentLog, systemClock, systemRandom } from '../deps'
import { createVersionKeeper } from './versions'

// /dev/shm is a tmpfs on Linux: a data folder there is on another filesystem than the document, so the
// keeper must copy instead of hard-linking. Elsewhere both land on the same filesystem and the link is used.
const otherFs = existsSync('/dev/shm') ? '/dev/shm' : tmpdir()

describe('version keeper', () => {
  let docs: string
  let data: string
  let db: Db
  beforeEach(async () => {
    docs = await mkdtemp(join(tmpdir(), 'wopi-desk-docs-'))
    data = await mkdtemp(join(otherFs, 'wopi-desk-data-'))
    db = openDb(join(data, 'test.db'))
  })
  afterEach(async () => {
    db.close()
    await rm(docs, { recursive: true, force: true })
    await rm(data, { recursive: true, force: true })
  })

  it('keeps the bytes, copying when the data folder is on another filesystem', async () => {
    const doc = join(docs, 'Plan.docx')
    await writeFile(doc, 'original bytes')
    const keeper = createVersionKeeper({
      repo: createVersionRepo(db),
      dataDir: data,
      clock: systemClock,
      random: systemRandom,
      retention: () => 5,
      log: silentLog,
    })
    const row = { id: 'file-1', relPath: 'Plan.docx', version: 7 } as FileRow
    const kept = await keeper.keep(row, doc, 14, 'put-file')
    expect(kept).toMatchObject({ fileId: 'file-1', version: 7, size: 14, reason: 'put-file' })
    const keptPath = keeper.pathOf(kept!)
    expect(keptPath.endsWith('.docx')).toBe(true)
    expect(await readFile(keptPath, 'utf8')).toBe('original bytes')
    const sameFs = (await stat(docs)).dev === (await stat(data)).dev
    expect((await stat(keptPath)).ino === (await stat(doc)).ino).toBe(sameFs)
    // The kept bytes do not follow later writes to the document when they are a copy.
    if (!sameFs) {
      await writeFile(doc, 'changed in place')
      expect(await readFile(keptPath, 'utf8')).toBe('original bytes')
    }
    expect(keeper.list('file-1').map((v) => v.id)).toEqual([kept!.id])
  })
})
