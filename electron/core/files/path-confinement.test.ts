import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PathError, isInside, normaliseRelPath, relPathOf, resolveInside } from './path-confinement'

describe('normaliseRelPath', () => {
  it('normalises separators and dots', () => {
    expect(normaliseRelPath('a/b/c.docx')).toBe('a/b/c.docx')
    expect(normaliseRelPath('./a//b/./c.docx')).toBe('a/b/c.docx')
    expect(normaliseRelPath('a\\b\\c.docx')).toBe('a/b/c.docx')
  })

  it('refuses .., absolute paths and NUL', () => {
    for (const input of ['../x', 'a/../../x', 'a/..', '/etc/passwd', 'C:\\Windows\\win.ini', 'c:/x', '\\\\server\\share\\x', 'a\u0000b']) {
      expect(() => normaliseRelPath(input), input).toThrow(PathError)
    }
  })
})

describe('resolveInside', () => {
  let base: string
  let root: string
  let outside: string

  beforeEach(async () => {
    base = await realpath(await mkdtemp(join(tmpdir(), 'wopi-desk-paths-')))
    root = join(base, 'root')
    outside = join(base, 'outside')
    await mkdir(join(root, 'sub'), { recursive: true })
    await mkdir(outside)
    await writeFile(join(root, 'sub', 'in.txt'), 'in')
    await writeFile(join(outside, 'secret.txt'), 'secret')
  })

  afterEach(async () => {
    await rm(base, { recursive: true, force: true })
  })

  it('resolves a file inside the root', async () => {
    expect(await resolveInside(root, 'sub/in.txt')).toBe(join(root, 'sub', 'in.txt'))
    expect(relPathOf(root, join(root, 'sub', 'in.txt'))).toBe('sub/in.txt')
  })

  it('refuses a symbolic link that leads outside, as a file or as a folder', async () => {
    await symlink(join(outside, 'secret.txt'), join(root, 'link.txt'))
    await symlink(outside, join(root, 'linked-dir'))
    await expect(resolveInside(root, 'link.txt')).rejects.toMatchObject({ kind: 'outside' })
    await expect(resolveInside(root, 'linked-dir/secret.txt')).rejects.toMatchObject({ kind: 'outside' })
  })

  it('follows a symbolic link that stays inside', async () => {
    await symlink(join(root, 'sub', 'in.txt'), join(root, 'alias.txt'))
    expect(await resolveInside(root, 'alias.txt')).toBe(join(root, 'sub', 'in.txt'))
  })

  it('reports a missing file as not-found', async () => {
    await expect(resolveInside(root, 'nope.txt')).rejects.toMatchObject({ kind: 'not-found' })
  })

  it('knows what is inside', () => {
    expect(isInside(root, root)).toBe(true)
    expect(isInside(root, join(root, 'a'))).toBe(true)
    expect(isInside(root, base)).toBe(false)
    expect(isInside(root, root + '-sibling')).toBe(false)
  })
})
