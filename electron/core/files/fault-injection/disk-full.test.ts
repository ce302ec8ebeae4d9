import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHost, type Host, type IssuedAccess } from '../../host'
import { encodeUtf7Header } from '../../wopi/utf7-header'
import { lockFile, putContents, wopi } from '../../wopi/test-kit'
import { consistencyProblems } from './consistency'
import { fillDisk, mountTmpfs, unmount } from './tmpfs'

// Fault injection, part 2 (issue 13): the data disk (database, versions, trash) and the served folder's disk run
// full. Every answer must match what happened: 200 means done, an error means nothing changed; afterwards files,
// versions, trash and database agree, also after a restart, and everything works again once there is space.

const DOCS = ['doc-1', 'doc-2', 'doc-3', 'doc-4', 'doc-5', 'doc-6']

describe.each([
  { disk: 'data', retention: 20 },
  { disk: 'data', retention: 0 },
  { disk: 'served', retention: 20 },
] as const)('fault injection: the $disk disk is full (versions kept: $retention)', ({ disk, retention }) => {
  let base: string
  let root: string
  let dataDir: string
  let mounted: string | null = null
  let skipReason: string | null = null
  let host: Host | null = null

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'wopi-desk-full-'))
    root = join(base, 'root')
    dataDir = join(base, 'data')
    await mkdir(root)
    await mkdir(dataDir)
    const target = disk === 'data' ? dataDir : root
    skipReason = mountTmpfs(target, '3m')
    if (!skipReason) mounted = target
    for (const doc of DOCS) await writeFile(join(root, `${doc}.txt`), `${doc}:gen-0:${'o'.repeat(20_000)}`)
  })
  afterEach(async () => {
    await host?.close()
    host = null
    if (mounted) unmount(mounted)
    mounted = null
    await rm(base, { recursive: true, force: true })
  })

  it('answers each save, delete, rename and create truthfully and leaves everything consistent', async (context) => {
    if (skipReason) {
      console.warn(`skipped: ${skipReason}`)
      context.skip(skipReason)
    }
    host = await createHost({ dataDir, root, port: 0, sweepIntervalMs: 0 })
    host.settings.update({ versionRetention: retention })
    const access: IssuedAccess[] = []
    for (const doc of DOCS) access.push(await host.issueToken(`${doc}.txt`, { write: true }))
    // Files 4 and 5 stay unlocked for DeleteFile: an Unlock needs the database too.
    for (const [i, one] of access.entries()) if (i !== 3 && i !== 4) expect((await lockFile(one, `L${i}`)).status).toBe(200)
    const filler = await fillDisk(mounted!)

    let failures = 0
    const content = async (doc: string) => readFile(join(root, `${doc}.txt`), 'utf8').catch(() => null)
    // Saves: 200 means the new bytes are there, anything else means the old ones still are.
    for (let round = 1; round <= 3; round++) {
      for (const [i, doc] of DOCS.slice(0, 3).entries()) {
        const before = await content(doc)
        const next = `${doc}:gen-${round}:${'n'.repeat(40_000)}`
        const put = await putContents(access[i]!, next, { 'X-WOPI-Lock': `L${i}` })
        if (put.status === 200) expect(await content(doc)).toBe(next)
        else {
          failures++
          expect(put.status).toBeGreaterThanOrEqual(500)
          expect(await content(doc)).toBe(before)
        }
      }
    }
    // Deletes: 200 means gone from the folder (into the trash), anything else means still there and live.
    for (const i of [3, 4]) {
      const doc = DOCS[i]!
      const deleted = await wopi(access[i]!, { override: 'DELETE' })
      if (deleted.status === 200) {
        await expect(stat(join(root, `${doc}.txt`))).rejects.toMatchObject({ code: 'ENOENT' })
      } else {
        failures++
        expect(await content(doc)).not.toBeNull()
        expect(host.files.get(access[i]!.fileId)).toBeDefined()
      }
    }
    // A rename and a new file next to doc-6.
    const renamed = await wopi(access[5]!, {
      override: 'RENAME_FILE',
      headers: { 'X-WOPI-Lock': 'L5', 'X-WOPI-RequestedName': 'doc-6-renamed' },
    })
    if (renamed.status !== 200) failures++
    const created = await wopi(access[5]!, {
      override: 'PUT_RELATIVE',
      headers: { 'X-WOPI-SuggestedTarget': encodeUtf7Header('new.txt') },
      body: 'x'.repeat(100_000),
    })
    if (created.status !== 200) failures++
    // The disk was really full: something had to be refused.
    expect(failures).toBeGreaterThan(0)
    expect(await consistencyProblems(host, { docs: DOCS })).toEqual([])

    // Space again: everything works, and a restart (which reconciles) finds nothing to disagree about.
    await rm(filler)
    expect((await putContents(access[0]!, 'doc-1:gen-9:', { 'X-WOPI-Lock': 'L0' })).status).toBe(200)
    await host.close()
    host = await createHost({ dataDir, root, port: 0, sweepIntervalMs: 0 })
    expect(await consistencyProblems(host, { docs: DOCS })).toEqual([])
    expect(host.locks.current(access[0]!.fileId)?.lockId).toBe('L0')
  })
})
