import { appPaths } from '../app-paths'
import { cliInvocation } from '../invocation'
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DB_FILE_NAME } from '../../core/db/open-db'
import { startTestHost, type TestHost } from '../../core/wopi/test-kit'
import { main } from '../index'
import { testIo } from './cli-test-io'

// Issue 13 item 12: start-up failures say what happened and what to do. A damaged database said "unexpected
// error: file is not a database" (no path, no hint); `token` with a served folder that vanished said
// "unexpected error: ENOENT".

describe('start-up failures in words', () => {
  let base: string
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'wopi-desk-start-up-'))
  })
  afterEach(async () => {
    await rm(base, { recursive: true, force: true })
  })

  it('a damaged database: every command names its path and the way out', async () => {
    const data = join(base, 'data')
    const root = join(base, 'Documents')
    await mkdir(data)
    await mkdir(root)
    await writeFile(join(root, 'a.txt'), 'a')
    await writeFile(join(data, DB_FILE_NAME), Buffer.alloc(8192, 0x5a))
    for (const argv of [
      ['token', 'a.txt', '--data', data],
      ['serve', '--root', root, '--data', data, '--port', '0', '--editor-port', '0'],
    ]) {
      const io = testIo(base)
      const status = await main(argv, io)
      expect(status).not.toBe(0)
      const said = io.errors.join('\n')
      expect(said).not.toContain('unexpected error')
      expect(said).toContain(join(data, DB_FILE_NAME))
      expect(said).toMatch(/damaged|not a WOPI Desk database/)
      expect(said).toMatch(/[Mm]ove it aside|rename it/)
    }
  })

  describe('token with a served folder that is gone', () => {
    let host: TestHost
    beforeEach(async () => {
      host = await startTestHost({ files: { 'Plan.docx': 'plan' } })
      await host.desk.close()
    })
    afterEach(async () => {
      await host.close().catch(() => undefined)
    })

    it('says the folder is gone and what to do instead of ENOENT', async () => {
      await rename(host.root, `${host.root}-moved`)
      const io = testIo(base)
      expect(await main(['token', 'Plan.docx', '--data', host.dataDir], io)).not.toBe(0)
      const said = io.errors.join('\n')
      expect(said).not.toContain('unexpected error')
      expect(said).not.toContain('ENOENT')
      expect(said).toContain(host.root)
      expect(said).toContain('no longer exists')
      // The suggestion is typed the way that works here (wopi-desk, or npm run -s cli -- in a clone).
      expect(said).toContain(`${cliInvocation(io.env, appPaths.root)} serve --root`)
      await rename(`${host.root}-moved`, host.root)
    })

    it('leaves the catalog commands working: they never touch the served folder', async () => {
      await rename(host.root, `${host.root}-moved`)
      const io = testIo(base)
      expect(await main(['discovery', 'list', '--json', '--data', host.dataDir], io)).toBe(0)
      expect(io.errors).toEqual([])
      expect(JSON.parse(io.lines.join('\n'))).toEqual([])
      await rename(`${host.root}-moved`, host.root)
    })
  })
})
