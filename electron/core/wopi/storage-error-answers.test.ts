import { execFileSync } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { lockFile, putContents, startTestHost, type TestHost } from './test-kit'

// Issue 13 item 12, end to end: when the data folder's disk refuses a save, the editor's X-WOPI-ServerError
// says it is WOPI Desk's data folder and what to do, not "internal error (EROFS)". Needs a read-only mount
// (root on Linux); elsewhere the test says why it is skipped.

function canMount(): string | null {
  if (process.platform !== 'linux') return 'needs Linux mounts'
  if (process.getuid?.() !== 0) return 'needs root to mount a read-only tmpfs'
  return null
}

const reason = canMount()
let host: TestHost | null = null
const mounted: string[] = []

afterEach(async () => {
  for (const dir of mounted.splice(0)) execFileSync('umount', [dir])
  await host?.close()
  host = null
})

describe.skipIf(reason !== null)(`storage failures named for the editor${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it("a read-only data folder: the answer names WOPI Desk's data folder and what to do", async () => {
    host = await startTestHost({ files: { 'doc.txt': 'before\n' } })
    const access = await host.token('doc.txt')
    const versions = join(host.dataDir, 'versions')
    await mkdir(versions, { recursive: true })
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', versions])
      mounted.push(versions)
      // The file's own versions folder exists (as after its first save); then the disk turns read-only.
      await mkdir(join(versions, access.fileId))
      execFileSync('mount', ['-o', 'remount,ro', versions])
    } catch (error) {
      throw new Error(`could not mount a read-only tmpfs: ${(error as Error).message}`)
    }
    expect((await lockFile(access, 'L1')).status).toBe(200)
    const put = await putContents(access, 'after\n', { 'X-WOPI-Lock': 'L1' })
    expect(put.status).toBe(500)
    const said = put.header('x-wopi-servererror') ?? ''
    expect(said).toContain('data folder')
    expect(said).toContain('read-only')
    expect(said).not.toContain(host.dataDir)
  })
})
