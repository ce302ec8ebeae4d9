import { mkdir, readFile, rename, symlink, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../contract/envelope'
import { createSettingsRepo } from '../db/settings-repo'
import { PathError } from '../files/path-confinement'
import { startTestHost, type TestHost } from '../wopi/test-kit'
import { ROOT_PLACE_ID } from './places'

// Places on a real host over real folders: the root first, ids stable per place across restarts, confinement
// exact per place (a single-file place serves its one file and nothing next to it), and bad paths refused with
// one message that changes nothing.

async function writeAt(path: string, content: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, content)
  return path
}

describe('places', () => {
  let host: TestHost
  let outside: string
  beforeEach(async () => {
    host = await startTestHost({ files: { 'a.txt': 'root file', 'sub/b.txt': 'b' } })
    outside = join(dirname(host.root), 'elsewhere')
    await writeAt(join(outside, 'Projects', 'plan.md'), '# plan')
    await writeAt(join(outside, 'Projects', 'deep', 'c.md'), 'c')
    await writeAt(join(outside, 'Inbox', 'letter.txt'), 'dear')
    await writeAt(join(outside, 'Inbox', 'secret.txt'), 'not served')
  })
  afterEach(async () => {
    await host.close()
  })

  it('lists the served folder first, alone when the settings were written before places existed', () => {
    const places = host.desk.places.list()
    expect(places).toHaveLength(1)
    expect(places[0]).toMatchObject({ id: ROOT_PLACE_ID, kind: 'folder', isRoot: true, available: true })
    expect(places[0]!.path).toBe(host.desk.files.root)
  })

  it("keeps the root's file ids and a second place's file ids across restarts", async () => {
    const rootId = (await host.desk.files.ensureFile('sub/b.txt')).id
    const place = host.desk.places.add({ path: join(outside, 'Projects'), kind: 'folder' })
    expect(place).toMatchObject({ kind: 'folder', isRoot: false, available: true })
    const placeId = (await host.desk.files.ensureFile(join(outside, 'Projects', 'deep', 'c.md'))).id
    expect(placeId).not.toBe(rootId)

    await host.restart()
    expect(host.desk.places.list().map((listed) => listed.id)).toEqual([ROOT_PLACE_ID, place.id])
    expect((await host.desk.files.ensureFile('sub/b.txt')).id).toBe(rootId)
    expect((await host.desk.files.ensureFile(join(outside, 'Projects', 'deep', 'c.md'))).id).toBe(placeId)
    expect(host.desk.files.get(placeId)?.relPath).toBe('deep/c.md')
    // The root's relative paths still mean the root, never another place.
    await expect(host.desk.files.ensureFile('plan.md')).rejects.toBeInstanceOf(PathError)
  })

  it('confines each place: a path outside every place, a way up and a link out are refused', async () => {
    host.desk.places.add({ path: join(outside, 'Projects'), kind: 'folder' })
    await expect(host.desk.files.ensureFile(join(outside, 'Inbox', 'letter.txt'))).rejects.toMatchObject({ kind: 'outside' })
    await expect(host.desk.files.ensureFile(join(outside, 'Projects', '..', 'Inbox', 'letter.txt'))).rejects.toMatchObject({
      kind: 'outside',
    })
    await symlink(join(outside, 'Inbox', 'secret.txt'), join(outside, 'Projects', 'link.txt'))
    await expect(host.desk.files.ensureFile(join(outside, 'Projects', 'link.txt'))).rejects.toMatchObject({ kind: 'outside' })
    await expect(host.desk.files.ensureFile('../elsewhere/Projects/plan.md')).rejects.toMatchObject({ kind: 'outside' })
  })

  it('serves a single-file place as exactly that file: a sibling is refused, whether it exists or not', async () => {
    const letter = join(outside, 'Inbox', 'letter.txt')
    const place = host.desk.places.add({ path: letter, kind: 'file' })
    expect(place).toMatchObject({ kind: 'file', name: 'letter.txt', folder: join(outside, 'Inbox') })
    const row = await host.desk.files.ensureFile(letter)
    expect(host.desk.files.get(row.id)?.relPath).toBe('letter.txt')
    await expect(host.desk.files.ensureFile(join(outside, 'Inbox', 'secret.txt'))).rejects.toMatchObject({
      kind: 'outside',
      message: expect.stringMatching(/only the file opened from/),
    })
    await expect(host.desk.files.ensureFile(join(outside, 'Inbox', 'missing.txt'))).rejects.toMatchObject({ kind: 'outside' })
    // A second single file of the same folder is served too, with the first still alone next to it.
    host.desk.places.add({ path: join(outside, 'Inbox', 'secret.txt'), kind: 'file' })
    expect((await host.desk.files.ensureFile(join(outside, 'Inbox', 'secret.txt'))).relPath).toBe('secret.txt')
    expect(host.desk.files.get(row.id)?.id).toBe(row.id)
  })

  it('a folder added later takes in its single-file places, with the same file ids', async () => {
    const letter = join(outside, 'Inbox', 'letter.txt')
    host.desk.places.add({ path: letter, kind: 'file' })
    const id = (await host.desk.files.ensureFile(letter)).id
    host.desk.places.add({ path: join(outside, 'Inbox'), kind: 'folder' })
    expect(host.desk.places.list().map((place) => place.kind)).toEqual(['folder', 'folder'])
    expect((await host.desk.files.ensureFile(letter)).id).toBe(id)
    expect((await host.desk.files.ensureFile(join(outside, 'Inbox', 'secret.txt'))).relPath).toBe('secret.txt')
  })

  it('refuses bad paths with one clear message and changes nothing', () => {
    const attempts: [string, 'folder' | 'file', string, RegExp][] = [
      ['relative/path', 'folder', 'invalid-argument', /not an absolute path/],
      [join(outside, 'nothing-here'), 'folder', 'not-found', /does not exist/],
      [join(outside, 'Inbox', 'letter.txt'), 'folder', 'invalid-argument', /is a file, not a folder/],
      [join(outside, 'Inbox'), 'file', 'invalid-argument', /is a folder, not a document/],
      [join(host.root, 'sub'), 'folder', 'conflict', /inside the place/],
      [dirname(host.root), 'folder', 'conflict', /contains the place/],
    ]
    for (const [path, kind, code, message] of attempts) {
      let caught: unknown
      try {
        host.desk.places.add({ path, kind })
      } catch (error) {
        caught = error
      }
      expect(caught, path).toBeInstanceOf(ApiError)
      expect(caught).toMatchObject({ code, message: expect.stringMatching(message) })
    }
    expect(host.desk.places.list()).toHaveLength(1)
    expect(createSettingsRepo(host.desk.db).all().has('places')).toBe(false)
  })

  it('a file inside a place is already served: adding it returns that place', async () => {
    const place = host.desk.places.add({ path: join(host.root, 'a.txt'), kind: 'file' })
    expect(place.id).toBe(ROOT_PLACE_ID)
  })

  it('removes a place without deleting its files; its ids answer "gone" until it is added again', async () => {
    const plan = join(outside, 'Projects', 'plan.md')
    const place = host.desk.places.add({ path: join(outside, 'Projects'), kind: 'folder' })
    const id = (await host.desk.files.ensureFile(plan)).id
    expect(() => host.desk.places.remove(ROOT_PLACE_ID)).toThrow(/always the first place/)
    expect(() => host.desk.places.remove(place.id, () => '"plan.md" is open in Collabora.')).toThrow(/plan\.md.*Close it there first/)
    expect(host.desk.files.get(id)).toBeDefined()
    host.desk.places.remove(place.id)
    expect(host.desk.files.get(id)).toBeUndefined()
    await expect(host.desk.files.observe(id)).rejects.toThrow(/unknown or deleted/)
    await expect(host.desk.files.ensureFile(plan)).rejects.toMatchObject({ kind: 'outside' })
    expect(() => host.desk.places.remove(place.id)).toThrow(/no place/)
    host.desk.places.add({ path: join(outside, 'Projects'), kind: 'folder' })
    expect((await host.desk.files.ensureFile(plan)).id).toBe(id)
  })

  it("reconciles a second place's files at start-up and restores its trashed files into it", async () => {
    host.desk.places.add({ path: join(outside, 'Projects'), kind: 'folder' })
    const plan = await host.desk.files.ensureFile(join(outside, 'Projects', 'plan.md'))
    const deep = await host.desk.files.ensureFile(join(outside, 'Projects', 'deep', 'c.md'))
    // Renamed behind the host's back while it was down: found again by its inode, same id.
    await host.desk.close()
    await rename(join(outside, 'Projects', 'plan.md'), join(outside, 'Projects', 'plan (final).md'))
    await host.restart()
    expect(host.desk.files.get(plan.id)?.relPath).toBe('plan (final).md')

    const entry = await host.desk.files.withFile(deep.id, () => host.desk.files.withNamespace(() => host.desk.files.trash(deep.id)))
    expect(host.desk.files.get(deep.id)).toBeUndefined()
    const restored = await host.desk.files.restoreFromTrash(entry.id)
    expect(restored).toMatchObject({ id: deep.id, relPath: 'deep/c.md' })
    expect(await readFile(join(outside, 'Projects', 'deep', 'c.md'), 'utf8')).toBe('c')
  })

  it('remembers the choice per folder, and a stored place whose folder vanished is listed as unavailable', async () => {
    host.desk.places.rememberChoice(join(outside, 'Inbox'), 'this-file')
    host.desk.places.add({ path: join(outside, 'Projects'), kind: 'folder' })
    const repo = createSettingsRepo(host.desk.db)
    // A hand-edited entry of the wrong shape is ignored, not fatal.
    repo.set('places', [
      ...(repo.all().get('places') as unknown[]),
      { path: 42 },
      { path: join(outside, 'Gone'), kind: 'folder', addedAt: 1 },
    ])
    await host.restart()
    expect(host.desk.places.choiceFor(join(outside, 'Inbox'))).toBe('this-file')
    expect(host.desk.places.choiceFor(join(outside, 'Projects'))).toBeUndefined()
    expect(host.desk.places.list().map((place) => [place.name, place.available])).toEqual([
      ['root', true],
      ['Projects', true],
      ['Gone', false],
    ])
    // Back again: added once more, listed once, served.
    await mkdir(join(outside, 'Gone'))
    await writeFile(join(outside, 'Gone', 'back.txt'), 'back')
    host.desk.places.add({ path: join(outside, 'Gone'), kind: 'folder' })
    expect(host.desk.places.list().map((place) => [place.name, place.available])).toEqual([
      ['root', true],
      ['Projects', true],
      ['Gone', true],
    ])
    expect((await host.desk.files.ensureFile(join(outside, 'Gone', 'back.txt'))).relPath).toBe('back.txt')
  })
})
