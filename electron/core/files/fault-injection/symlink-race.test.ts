import { spawn, type ChildProcess } from 'node:child_process'
import { lstat, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeUtf7Header } from '../../wopi/utf7-header'
import { startTestHost, wopi, type TestHost } from '../../wopi/test-kit'
import { consistencyProblems } from './consistency'

// Fault injection, part 4 (issue 13): while every WOPI operation runs on documents in sub/, another process
// keeps swapping sub for a symbolic link to a folder outside the served one and back. Nothing outside may be
// read, written, created, renamed or removed, whatever the timing.

const RACE_MS = 2500
const SECRET = 'OUTSIDE-SECRET-CONTENT'

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const name of (await readdir(dir)).sort()) out[name] = await readFile(join(dir, name), 'utf8')
  return out
}

describe('fault injection: a folder swapped for a symbolic link, racing every operation', () => {
  let host: TestHost
  let outside: string
  let swapper: ChildProcess | null = null
  beforeEach(async () => {
    host = await startTestHost({ files: { 'sub/c.docx': 'inside-c', 'sub/d.txt': 'inside-d' } })
    outside = await mkdtemp(join(tmpdir(), 'wopi-desk-outside-'))
    for (const name of ['c.docx', 'd.txt', 'renamed.docx']) await writeFile(join(outside, name), `${SECRET}:${name}`)
  })
  async function stopSwapper(): Promise<void> {
    const running = swapper
    swapper = null
    if (!running?.pid) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    try {
      process.kill(-running.pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
    await exited
    // An mv or ln of the group that was already in the kernel has finished by now.
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  afterEach(async () => {
    await stopSwapper()
    await host.close()
    await rm(outside, { recursive: true, force: true })
  })

  it('never reads, writes, creates, renames or removes anything outside the served folder', { timeout: 30_000 }, async () => {
    const before = await snapshot(outside)
    const c = await host.token('sub/c.docx')
    const d = await host.token('sub/d.txt')
    // -T: never move into an existing folder; && keeps the four steps in order whatever fails.
    const script = `cd "$1"; while true; do mv -T sub sub_real 2>/dev/null && ln -s "$2" sub && rm -f sub && mv -T sub_real sub; done`
    // Its own process group: killing it must also stop an mv or ln it has started.
    swapper = spawn('bash', ['-c', script, 'swap', host.root, outside], { stdio: 'ignore', detached: true })
    const leaks: string[] = []
    const until = Date.now() + RACE_MS
    let rounds = 0
    while (Date.now() < until) {
      rounds++
      const lockId = `L${rounds}`
      const results = await Promise.all([
        wopi(c, { path: '/contents' }),
        wopi(c),
        wopi(c, { override: 'LOCK', headers: { 'X-WOPI-Lock': lockId } }),
        wopi(d, { path: '/contents' }),
        wopi(d, { override: 'GET_LOCK' }),
      ])
      await wopi(c, { path: '/contents', override: 'PUT', headers: { 'X-WOPI-Lock': lockId }, body: `saved-${rounds}` })
      await wopi(c, { override: 'RENAME_FILE', headers: { 'X-WOPI-Lock': lockId, 'X-WOPI-RequestedName': rounds % 2 ? 'renamed' : 'c' } })
      await wopi(c, { override: 'UNLOCK', headers: { 'X-WOPI-Lock': lockId } })
      await wopi(d, { override: 'PUT_RELATIVE', headers: { 'X-WOPI-SuggestedTarget': encodeUtf7Header(`new-${rounds}.txt`) }, body: 'new' })
      if (rounds % 5 === 0) {
        const deleted = await wopi(d, { override: 'DELETE' })
        if (deleted.status === 200) {
          const entry = host.desk.files.listTrash().find((row) => row.fileId === d.fileId)
          if (entry) await host.desk.files.restoreFromTrash(entry.id).catch(() => undefined)
        }
      }
      for (const response of results) if (response.text().includes(SECRET)) leaks.push(response.text().slice(0, 80))
      const info = results[1]!
      if (info.status === 200 && Number(info.json()['Size']) === `${SECRET}:c.docx`.length)
        leaks.push('CheckFileInfo described the outside file')
    }
    await stopSwapper()
    // Put the tree back the way it was, whatever moment the swapper stopped at.
    const subStats = await lstat(join(host.root, 'sub')).catch(() => null)
    if (!subStats || subStats.isSymbolicLink()) {
      await rm(join(host.root, 'sub'), { force: true })
      await import('node:fs/promises').then((fs) => fs.rename(join(host.root, 'sub_real'), join(host.root, 'sub')))
    }

    expect(rounds).toBeGreaterThan(3)
    expect(leaks).toEqual([])
    expect(await snapshot(outside)).toEqual(before)
    // The swapper renamed sub/ as another program would, at any moment: a path recorded just before or after
    // such a rename can name a place the file is not (the next request looks again, a later ensureFile gives it
    // an id). Versions, trash and database must still agree.
    const problems = (await consistencyProblems(host.desk)).filter((problem) => !/^live row .*, which is not on disk$/.test(problem))
    expect(problems).toEqual([])
  })
})
