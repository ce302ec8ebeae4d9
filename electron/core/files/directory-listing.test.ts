import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDirectoryLister, naturalSortKey } from './directory-listing'

describe('natural sort keys', () => {
  it('orders numbers by value, ignores case and accents', () => {
    const names = ['report 10.txt', 'Report 9.txt', 'report 010b.txt', 'École.md', 'ecole 2.md', 'zeta.md']
    const sorted = [...names].sort((a, b) => (naturalSortKey(a) < naturalSortKey(b) ? -1 : 1))
    expect(sorted).toEqual(['ecole 2.md', 'École.md', 'Report 9.txt', 'report 10.txt', 'report 010b.txt', 'zeta.md'])
  })
})

describe('directory listing', () => {
  let root: string
  let outside: string
  let clock = 0
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'wopi-desk-listing-'))
    outside = await mkdtemp(join(tmpdir(), 'wopi-desk-outside-'))
    await mkdir(join(root, 'Sub'))
    for (const name of ['b.txt', 'a.txt', '.hidden', '.~lock.a.txt#', 'c 10.txt', 'c 9.txt']) await writeFile(join(root, name), name)
    await writeFile(join(outside, 'secret.txt'), 'no')
    await symlink(join(outside, 'secret.txt'), join(root, 'leak.txt'))
    await symlink(join(root, 'a.txt'), join(root, 'alias.txt'))
    clock = 0
  })
  afterEach(async () => {
    await rm(root, { recursive: true, force: true })
    await rm(outside, { recursive: true, force: true })
  })

  it('lists folders first in natural order, hides dotfiles, temp and owner files and links that leave the folder', async () => {
    await writeFile(join(root, '.~wopidesk-AAAA.tmp'), 'partial save')
    await writeFile(join(root, '~$notes.docx'), '')
    const lister = createDirectoryLister(() => clock)
    const all = await lister.list(root, { dir: '' })
    expect(all.entries.map((e) => e.name)).toEqual(['Sub', 'a.txt', 'alias.txt', 'b.txt', 'c 9.txt', 'c 10.txt'])
    expect(all.entries.find((e) => e.name === 'b.txt')?.desktopOwner).toBeUndefined()
    expect(all.entries[0]).toMatchObject({ kind: 'folder', path: 'Sub', size: 0 })
    expect(all.entries[1]).toMatchObject({ kind: 'file', ext: 'txt', size: 5, path: 'a.txt' })
  })

  it('names the desktop program that has a document open', async () => {
    await writeFile(join(root, 'Report.docx'), 'PK')
    await writeFile(join(root, '.~lock.Report.docx#'), ',carol,pc,01.01.2025 10:00,;')
    const lister = createDirectoryLister(() => clock)
    const report = (await lister.list(root, { dir: '' })).entries.find((e) => e.name === 'Report.docx')
    expect(report?.desktopOwner).toMatch(/LibreOffice by carol/)
  })

  it('answers later windows from the same listing and notices new entries', async () => {
    const lister = createDirectoryLister(() => clock)
    expect((await lister.list(root, { dir: '', offset: 1, limit: 2 })).entries.map((e) => e.name)).toEqual(['a.txt', 'alias.txt'])
    await writeFile(join(root, 'aa.txt'), 'new')
    // The folder changed (its mtime moved): the next window sees the new file.
    const next = await lister.list(root, { dir: '', offset: 1, limit: 3 })
    expect(next.entries.map((e) => e.name)).toEqual(['a.txt', 'aa.txt', 'alias.txt'])
    expect(next.total).toBe(7)
  })

  it('sorts files by size and date on request, folders staying first by name', async () => {
    await writeFile(join(root, 'big.txt'), 'x'.repeat(1000))
    const lister = createDirectoryLister(() => clock)
    const bySize = await lister.list(root, { dir: '', sort: 'size', direction: 'desc' })
    expect(bySize.entries.map((e) => e.name).slice(0, 2)).toEqual(['Sub', 'big.txt'])
  })

  // A filesystem with coarse folder times: the folder's mtime does not move when a file is added. Whole
  // seconds, so the time reads back exactly.
  const FIXED_FOLDER_TIME = 1_700_000_000
  async function pinFolderTime(): Promise<void> {
    await utimes(root, FIXED_FOLDER_TIME, FIXED_FOLDER_TIME)
  }
  async function addQuietly(name: string): Promise<void> {
    await writeFile(join(root, name), name)
    await pinFolderTime()
  }

  it('a prewarmed folder answers from the listing made ahead of the visit', async () => {
    const lister = createDirectoryLister(() => clock)
    await pinFolderTime()
    await lister.prewarm(root)
    await addQuietly('d.txt')
    const first = await lister.list(root, { dir: '' })
    expect(first.entries.map((e) => e.name)).not.toContain('d.txt')
    await writeFile(join(root, 'e.txt'), 'moves the folder mtime')
    const changed = await lister.list(root, { dir: '' })
    expect(changed.entries.map((e) => e.name)).toEqual(expect.arrayContaining(['d.txt', 'e.txt']))
  })

  it('answers an old listing at once but rebuilds it in the background, so the next visit is current', async () => {
    const lister = createDirectoryLister(() => clock)
    await pinFolderTime()
    await lister.list(root, { dir: '' })
    await addQuietly('d.txt')
    clock = 11_000
    const stale = await lister.list(root, { dir: '' })
    expect(stale.entries.map((e) => e.name)).not.toContain('d.txt')
    await new Promise((resolve) => setTimeout(resolve, 50))
    const fresh = await lister.list(root, { dir: '' })
    expect(fresh.entries.map((e) => e.name)).toContain('d.txt')
  })

  it('prewarming a folder that is not there changes nothing and throws nothing', async () => {
    const lister = createDirectoryLister(() => clock)
    await expect(lister.prewarm(root, 'missing')).resolves.toBeUndefined()
    await expect(lister.prewarm(root, '../outside')).resolves.toBeUndefined()
    await expect(lister.list(root, { dir: 'missing' })).rejects.toThrow(/does not exist/)
  })
})
