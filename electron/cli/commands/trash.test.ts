import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDesk } from '../../core/desk'
import { testDeskOptions } from '../../core/desk-test-options'
import { startTestHost, wopi, type TestHost } from '../../core/wopi/test-kit'
import { main } from '../index'
import { testIo } from './cli-test-io'

// Issue 13, item 2: deleted files can be listed, brought back and deleted for good from the command line.

describe('wopi-desk trash', () => {
  let host: TestHost
  beforeEach(async () => {
    host = await startTestHost({ files: { 'Plan.docx': 'plan', 'sub/Notes.txt': 'notes' } })
    for (const path of ['Plan.docx', 'sub/Notes.txt']) {
      const access = await host.token(path)
      expect((await wopi(access, { override: 'DELETE' })).status).toBe(200)
    }
    // The CLI opens the data folder itself, as it does next to a running serve.
    await host.desk.close()
  })
  afterEach(async () => {
    await host.close()
  })

  async function trash(...argv: string[]) {
    const io = testIo(host.root)
    const status = await main(['trash', ...argv, '--data', host.dataDir], io)
    return { status, io }
  }

  it('lists deleted files as JSON, restores one where it was, deletes one for good and empties', async () => {
    const listed = await trash('list', '--json')
    expect(listed.status).toBe(0)
    const entries = JSON.parse(listed.io.lines.join('\n')) as { id: number; path: string; size: number; expiresAt: number | null }[]
    expect(entries.map((entry) => entry.path).sort()).toEqual(['Plan.docx', 'sub/Notes.txt'])
    expect(entries[0]!.expiresAt).toBeGreaterThan(Date.now())
    const notes = entries.find((entry) => entry.path === 'sub/Notes.txt')!
    const restored = await trash('restore', String(notes.id), '--json')
    expect(restored.status).toBe(0)
    expect(JSON.parse(restored.io.lines.join('\n'))).toMatchObject({ path: 'sub/Notes.txt', kind: 'file' })
    expect(await readFile(join(host.root, 'sub', 'Notes.txt'), 'utf8')).toBe('notes')

    const plan = entries.find((entry) => entry.path === 'Plan.docx')!
    expect((await trash('delete', String(plan.id))).status).toBe(0)
    const after = await trash('list')
    expect(after.io.lines).toEqual(['The trash is empty.'])
    await expect(stat(join(host.root, 'Plan.docx'))).rejects.toMatchObject({ code: 'ENOENT' })
    const emptied = await trash('empty', '--json')
    expect(JSON.parse(emptied.io.lines.join(''))).toEqual({ removed: 0 })
  })

  it("names the place of an entry from another served folder in the plain list; the served folder's read as before", async () => {
    const base = await mkdtemp(join(tmpdir(), 'wopi-desk-trash-places-'))
    try {
      await mkdir(join(base, 'Documents'), { recursive: true })
      await mkdir(join(base, 'Projects'), { recursive: true })
      await writeFile(join(base, 'Documents', 'Plan.docx'), 'plan')
      await writeFile(join(base, 'Projects', 'Plan.docx'), 'other plan')
      const desk = await createDesk(testDeskOptions(base))
      const place = (await desk.api['places:add']({ path: join(base, 'Projects'), kind: 'folder' })).id
      await desk.api['files:trash']('Plan.docx', { place })
      await desk.api['files:trash']('Plan.docx')
      await desk.close()

      const io = testIo(join(base, 'Documents'))
      expect(await main(['trash', 'list', '--data', join(base, 'data')], io)).toBe(0)
      expect(io.lines).toHaveLength(2)
      expect(io.lines.filter((line) => /^\d+ {2}Plan\.docx \(in Projects\) {2}10 bytes {2}deleted /.test(line))).toHaveLength(1)
      expect(io.lines.filter((line) => /^\d+ {2}Plan\.docx {2}4 bytes {2}deleted /.test(line))).toHaveLength(1)
    } finally {
      await rm(base, { recursive: true, force: true })
    }
  })

  it('says what to do for an unknown id and changes nothing', async () => {
    const bad = await trash('restore', 'abc')
    expect(bad.status).not.toBe(0)
    expect(bad.io.errors.join('\n')).toContain('trash list')
    const unknown = await trash('restore', '999')
    expect(unknown.status).toBe(1)
    expect(unknown.io.errors.join('\n')).toMatch(/no deleted file with id 999/)
    const listed = await trash('list', '--json')
    expect(JSON.parse(listed.io.lines.join('\n'))).toHaveLength(2)
  })

  it('empties the trash and the deleted files leave the data folder', async () => {
    const emptied = await trash('empty', '--json')
    expect(JSON.parse(emptied.io.lines.join(''))).toEqual({ removed: 2 })
    expect((await trash('list', '--json')).io.lines.join('')).toBe('[]')
  })
})
