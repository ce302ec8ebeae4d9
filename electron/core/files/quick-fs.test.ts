import { existsSync, statfsSync } from 'node:fs'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLog, type Log } from '../deps'
import { createQuickFs, quickFsModeFor, type QuickFsMode } from './quick-fs'

describe('quickFsModeFor', () => {
  it('reads synchronously only on Linux filesystems known to be local', () => {
    expect(quickFsModeFor(tmpdir(), 'darwin')).toBe('async')
    expect(quickFsModeFor(tmpdir(), 'win32')).toBe('async')
    expect(quickFsModeFor('', 'linux')).toBe('async')
    expect(quickFsModeFor(join(tmpdir(), 'no-such-folder-for-wopi-desk'), 'linux')).toBe('async')
  })

  it.runIf(process.platform === 'linux')('takes /proc for what it is (not a disk) and tmpfs as local', () => {
    expect(quickFsModeFor('/proc', 'linux')).toBe('async')
    if (existsSync('/dev/shm') && statfsSync('/dev/shm').type === 0x01021994) expect(quickFsModeFor('/dev/shm', 'linux')).toBe('sync')
  })
})

describe('createQuickFs', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wopi-desk-probe-'))
    await writeFile(join(dir, 'doc.txt'), 'twelve bytes')
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  for (const mode of ['sync', 'async'] as QuickFsMode[]) {
    it(`(${mode}) answers stats for a file and null for a missing path or a path under a file`, async () => {
      const probe = createQuickFs({ root: dir, log: silentLog, mode })
      const stats = await probe.lstat(join(dir, 'doc.txt'))
      expect(stats?.size).toBe(12n)
      expect(stats?.isFile()).toBe(true)
      expect(await probe.lstat(join(dir, 'missing.txt'))).toBeNull()
      expect(await probe.lstat(join(dir, 'doc.txt', 'inside'))).toBeNull()
      expect(probe.mode()).toBe(mode)
    })

    it(`(${mode}) reads the head of a small file, writes new files exclusively, and unlinks`, async () => {
      const io = createQuickFs({ root: dir, log: silentLog, mode })
      expect((await io.readSmall(join(dir, 'doc.txt'), 6))?.toString()).toBe('twelve')
      expect((await io.readSmall(join(dir, 'doc.txt'), 4096))?.toString()).toBe('twelve bytes')
      expect(await io.readSmall(join(dir, 'missing.txt'), 10)).toBeNull()
      expect(await io.readSmall(dir, 10)).toBeNull()
      await io.writeSmall(join(dir, 'new.txt'), 'first', true)
      await expect(io.writeSmall(join(dir, 'new.txt'), 'second', true)).rejects.toMatchObject({ code: 'EEXIST' })
      expect(await readFile(join(dir, 'new.txt'), 'utf8')).toBe('first')
      await io.writeSmall(join(dir, 'new.txt'), 'second', false)
      expect(await readFile(join(dir, 'new.txt'), 'utf8')).toBe('second')
      expect(await io.unlink(join(dir, 'new.txt'))).toBe(true)
      expect(await io.unlink(join(dir, 'new.txt'))).toBe(false)
      expect(await readdir(dir)).toEqual(['doc.txt'])
    })
  }

  it('switches to background reads for good once slow synchronous reads add up, and says so once', async () => {
    const warnings: string[] = []
    const log: Log = { ...silentLog, warn: (message) => void warnings.push(message) }
    const probe = createQuickFs({ root: dir, log, mode: 'sync', policy: { slowMs: -1, window: 10, maxSlow: 3, stallMs: 60_000 } })
    for (let call = 0; call < 2; call++) expect((await probe.lstat(join(dir, 'doc.txt')))?.size).toBe(12n)
    expect(probe.mode()).toBe('sync')
    expect((await probe.lstat(join(dir, 'doc.txt')))?.size).toBe(12n)
    expect(probe.mode()).toBe('async')
    expect((await probe.lstat(join(dir, 'doc.txt')))?.size).toBe(12n)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/slow/)
  })

  it('switches at once on a single stall', async () => {
    const probe = createQuickFs({
      root: dir,
      log: silentLog,
      mode: 'sync',
      policy: { slowMs: 60_000, window: 10, maxSlow: 3, stallMs: -1 },
    })
    await probe.lstat(join(dir, 'doc.txt'))
    expect(probe.mode()).toBe('async')
  })

  it('forgets slow calls that have left the window', async () => {
    // Each lstat reads the clock twice; the durations come from this script.
    const durations = [9, 1, 1, 1, 9, 1, 1, 1, 9, 1, 1, 1, 9, 9]
    let reading = 0
    const now = () => {
      const call = reading >> 1
      const value = call * 100 + (reading % 2 === 1 ? durations[call]! : 0)
      reading++
      return value
    }
    const probe = createQuickFs({
      root: dir,
      log: silentLog,
      mode: 'sync',
      now,
      policy: { slowMs: 5, window: 4, maxSlow: 2, stallMs: 60_000 },
    })
    for (let call = 0; call < 12; call++) await probe.lstat(join(dir, 'doc.txt'))
    expect(probe.mode()).toBe('sync')
    await probe.lstat(join(dir, 'doc.txt'))
    await probe.lstat(join(dir, 'doc.txt'))
    expect(probe.mode()).toBe('async')
  })

  it('rejects (never throws synchronously) on errors other than a missing path', async () => {
    const probe = createQuickFs({ root: dir, log: silentLog, mode: 'sync' })
    const tooLong = join(dir, 'x'.repeat(5000))
    await expect(probe.lstat(tooLong)).rejects.toMatchObject({ code: 'ENAMETOOLONG' })
  })
})
