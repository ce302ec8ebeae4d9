import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../index'
import { testIo } from './cli-test-io'

// A data folder whose database cannot be opened must stop `serve` with one line, never be taken for "no folder
// chosen yet" (which would serve ~/WOPI Desk instead of the folder the user chose).

describe('wopi-desk serve on a data folder whose database cannot be opened', () => {
  let base: string
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'wopi-desk-cli-serve-unreadable-'))
  })
  afterEach(async () => {
    await rm(base, { recursive: true, force: true })
  })

  it('says which data folder and why, exits 1, and changes nothing', async () => {
    const home = join(base, 'home')
    const data = join(base, 'data')
    await mkdir(home)
    await mkdir(data)
    const damaged = 'this is not a SQLite database, but long enough to have looked like a header.'
    await writeFile(join(data, 'wopi-desk.db'), damaged)
    const io = testIo(base)
    io.env['HOME'] = home
    expect(await main(['serve', '--data', data, '--port', '0', '--editor-port', '0'], io)).toBe(1)
    expect(io.errors).toEqual([
      `serve: cannot open the data folder ${data}: Cannot read the served folder from ${join(data, 'wopi-desk.db')}: file is not a database`,
    ])
    expect(existsSync(join(home, 'WOPI Desk'))).toBe(false)
    expect(await readFile(join(data, 'wopi-desk.db'), 'utf8')).toBe(damaged)
  })
})
