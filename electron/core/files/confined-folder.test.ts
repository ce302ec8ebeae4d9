import { mkdir, mkdtemp, realpath, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFolderCache } from './confined-folder'
import { PathError } from './path-confinement'

// The cache of verified folders behind CheckFileInfo's stat: reused only while the folder is still where it was
// opened; a folder moved, swapped for a link or deleted is opened (and checked) afresh.

describe.runIf(process.platform === 'linux')('the folder cache', () => {
  let base: string
  let root: string
  let outside: string
  let clock = 0
  const now = () => clock
  beforeEach(async () => {
    base = await realpath(await mkdtemp(join(tmpdir(), 'wopi-desk-folders-')))
    root = join(base, 'root')
    outside = join(base, 'outside')
    await mkdir(join(root, 'sub'), { recursive: true })
    await mkdir(outside)
    await writeFile(join(root, 'sub', 'c.txt'), 'inside')
    await writeFile(join(outside, 'c.txt'), 'OUTSIDE')
    clock = 0
  })
  afterEach(async () => {
    await rm(base, { recursive: true, force: true })
  })

  const read = (cache: ReturnType<typeof createFolderCache>, dir: string) => {
    const folder = cache.openSync(root, dir)
    try {
      return { at: folder.at('c.txt'), text: readFileSync(folder.at('c.txt'), 'utf8') }
    } finally {
      folder.close()
    }
  }

  // Descriptor numbers are reused once closed: two folders held open at once tell a shared descriptor from two.
  it('reuses one descriptor while the folder stays, and opens it again after its time', () => {
    const cache = createFolderCache({ ttlMs: 1000, now })
    const first = cache.openSync(root, join(root, 'sub'))
    const second = cache.openSync(root, join(root, 'sub'))
    expect(second.at('c.txt')).toBe(first.at('c.txt'))
    clock = 1000
    const later = cache.openSync(root, join(root, 'sub'))
    expect(later.at('c.txt')).not.toBe(first.at('c.txt'))
    expect(readFileSync(later.at('c.txt'), 'utf8')).toBe('inside')
    // The first descriptor outlived its time in the cache only because it was in use.
    expect(readFileSync(first.at('c.txt'), 'utf8')).toBe('inside')
    for (const folder of [first, second, later]) folder.close()
  })

  it('never follows a folder swapped for a link to the outside', async () => {
    const cache = createFolderCache({ now })
    expect(read(cache, join(root, 'sub')).text).toBe('inside')
    await rename(join(root, 'sub'), join(root, 'sub_real'))
    await symlink(outside, join(root, 'sub'))
    expect(() => read(cache, join(root, 'sub'))).toThrow(PathError)
  })

  it('reaches the folder now at the path, not the one moved away', async () => {
    const cache = createFolderCache({ now })
    expect(read(cache, join(root, 'sub')).text).toBe('inside')
    await rename(join(root, 'sub'), join(root, 'moved'))
    await mkdir(join(root, 'sub'))
    await writeFile(join(root, 'sub', 'c.txt'), 'the new one')
    expect(read(cache, join(root, 'sub')).text).toBe('the new one')
  })

  it('does not keep a folder reached through a link', async () => {
    await symlink(join(root, 'sub'), join(root, 'alias'))
    const cache = createFolderCache({ now })
    const first = cache.openSync(root, join(root, 'alias'))
    const second = cache.openSync(root, join(root, 'alias'))
    expect(readFileSync(first.at('c.txt'), 'utf8')).toBe('inside')
    expect(second.at('c.txt')).not.toBe(first.at('c.txt'))
    first.close()
    second.close()
  })
})
