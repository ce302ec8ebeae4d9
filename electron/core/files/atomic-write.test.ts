import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { systemRandom } from '../deps'
import { SizeLimitError, moveNoClobber, writeAtomically } from './atomic-write'
import { isTempFileName } from './temp-files'

describe('writeAtomically', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wopi-desk-atomic-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('replaces the content and keeps the permission bits', async () => {
    const target = join(dir, 'doc.txt')
    await writeFile(target, 'old', { mode: 0o640 })
    const result = await writeAtomically({
      target,
      source: Readable.from([Buffer.from('new '), Buffer.from('content')]),
      maxBytes: 100,
      random: systemRandom,
    })
    expect(result.bytes).toBe(11)
    expect(await readFile(target, 'utf8')).toBe('new content')
    expect((await stat(target)).mode & 0o777).toBe(0o640)
    expect(await readdir(dir)).toEqual(['doc.txt'])
  })

  it('keeps the old bytes and leaves no temp file when the source fails half-way', async () => {
    const target = join(dir, 'doc.txt')
    await writeFile(target, 'old content')
    const source = new PassThrough()
    const writing = writeAtomically({ target, source, maxBytes: 1_000_000, random: systemRandom })
    source.write(Buffer.alloc(64 * 1024, 1))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect((await readdir(dir)).some(isTempFileName)).toBe(true)
    source.destroy(new Error('connection reset'))
    await expect(writing).rejects.toThrow('connection reset')
    expect(await readFile(target, 'utf8')).toBe('old content')
    expect(await readdir(dir)).toEqual(['doc.txt'])
  })

  it('stops at the size limit without touching the target', async () => {
    const target = join(dir, 'doc.txt')
    await writeFile(target, 'old')
    await expect(
      writeAtomically({ target, source: Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), maxBytes: 1000, random: systemRandom }),
    ).rejects.toBeInstanceOf(SizeLimitError)
    expect(await readFile(target, 'utf8')).toBe('old')
    expect(await readdir(dir)).toEqual(['doc.txt'])
  })

  it('never replaces an existing file in no-clobber mode', async () => {
    const target = join(dir, 'doc.txt')
    await writeFile(target, 'first')
    await expect(
      writeAtomically({ target, source: Readable.from([Buffer.from('second')]), maxBytes: 100, random: systemRandom, noClobber: true }),
    ).rejects.toMatchObject({ code: 'EEXIST' })
    expect(await readFile(target, 'utf8')).toBe('first')
    expect(await readdir(dir)).toEqual(['doc.txt'])
  })

  it('runs beforeCommit while the old file is still in place', async () => {
    const target = join(dir, 'doc.txt')
    await writeFile(target, 'old')
    let seen = ''
    await writeAtomically({
      target,
      source: Readable.from([Buffer.from('new')]),
      maxBytes: 100,
      random: systemRandom,
      beforeCommit: async () => {
        seen = await readFile(target, 'utf8')
      },
    })
    expect(seen).toBe('old')
    expect(await readFile(target, 'utf8')).toBe('new')
  })

  it('moveNoClobber refuses to replace', async () => {
    await writeFile(join(dir, 'a'), 'a')
    await writeFile(join(dir, 'b'), 'b')
    await expect(moveNoClobber(join(dir, 'a'), join(dir, 'b'))).rejects.toMatchObject({ code: 'EEXIST' })
    await moveNoClobber(join(dir, 'a'), join(dir, 'c'))
    expect((await readdir(dir)).sort()).toEqual(['b', 'c'])
  })
})
