import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Channel, ChannelResult } from '../../contract/channels'
import { createDesk, type Desk } from '../desk'
import { testDeskOptions } from '../desk-test-options'
import { lockFile, unlockFile } from '../wopi/test-kit'

// The places channels and "open from anywhere" as the console and the desktop shell call them, over the
// console's HTTP transport: the same ApiImplementation the IPC binding uses.

describe('places and open-from-system over the console transport', () => {
  let base: string
  let desk: Desk
  let cookie: string
  let outside: string

  async function call<C extends Channel>(
    channel: C,
    ...args: unknown[]
  ): Promise<{ ok: boolean; value: ChannelResult<C>; error?: { code: string; message: string } }> {
    const response = await fetch(`${desk.console!.url}/api/call/${channel}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-wopi-desk': '1' },
      body: JSON.stringify({ args }),
    })
    return (await response.json()) as { ok: boolean; value: ChannelResult<C>; error?: { code: string; message: string } }
  }

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'wopi-desk-places-'))
    await mkdir(join(base, 'Documents'), { recursive: true })
    await writeFile(join(base, 'Documents', 'notes.md'), '# notes\n')
    outside = join(base, 'Elsewhere')
    await mkdir(join(outside, 'Inbox'), { recursive: true })
    await mkdir(join(outside, 'Projects'), { recursive: true })
    await writeFile(join(outside, 'Inbox', 'letter.txt'), 'dear')
    await writeFile(join(outside, 'Inbox', 'reply.txt'), 'yes')
    await writeFile(join(outside, 'Projects', 'plan.md'), '# plan')
    await writeFile(join(outside, 'Projects', 'budget.csv'), 'a,b\n')
    desk = await createDesk(testDeskOptions(base, { builtinEditor: { port: 0 }, console: { port: 0 } }))
    const login = await fetch(desk.console!.loginUrl, { redirect: 'manual' })
    cookie = login.headers.get('set-cookie')!.split(';')[0]!
  })
  afterAll(async () => {
    await desk.close()
    await rm(base, { recursive: true, force: true })
  })

  it('adds, lists, browses, opens from and removes a place', async () => {
    const added = await call('places:add', { path: join(outside, 'Projects'), kind: 'folder' })
    expect(added).toMatchObject({ ok: true, value: { kind: 'folder', name: 'Projects', isRoot: false, available: true } })
    const listed = await call('places:list')
    expect(listed.value.map((place: { isRoot: boolean; name: string }) => [place.isRoot, place.name])).toEqual([
      [true, 'Documents'],
      [false, 'Projects'],
    ])
    const files = await call('files:list', { place: added.value.id, dir: '' })
    expect(files.value).toMatchObject({ place: added.value.id, total: 2 })
    expect(files.value.entries.map((entry: { name: string }) => entry.name).sort()).toEqual(['budget.csv', 'plan.md'])
    // The served folder's listing is unchanged.
    expect((await call('files:list', { dir: '' })).value.entries.map((entry: { name: string }) => entry.name)).toEqual(['notes.md'])

    const opened = await call('files:open', { place: added.value.id, path: 'plan.md' })
    expect(opened).toMatchObject({ ok: true, value: { action: 'edit', canWrite: true } })
    expect(desk.host.files.get(opened.value.fileId)?.relPath).toBe('plan.md')
    // Versions of a place's file are found by its path in the place (the Files page's Versions dialog), and still
    // by its full path; without the place, a relative path means the served folder.
    const plan = join(outside, 'Projects', 'plan.md')
    expect(await call('files:versions', 'plan.md', { place: added.value.id })).toEqual({ ok: true, value: [] })
    expect((await call('files:versions', plan)).value).toEqual([])
    expect((await call('files:versions', 'plan.md')).error).toMatchObject({ code: 'not-found' })
    expect((await call('files:restore-version', '../Inbox/letter.txt', 1, { place: added.value.id })).error).toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/leads outside the place/),
    })
    expect((await call('files:open', { place: added.value.id, path: '../Inbox/letter.txt' })).error).toMatchObject({
      code: 'invalid-argument',
    })

    // An editor holding the file: refused, nothing changes. Without the lock: removed, its session closed.
    const access = await desk.host.issueToken(join(outside, 'Projects', 'plan.md'), { write: true })
    expect((await lockFile(access, 'editor-lock')).status).toBe(200)
    const refused = await call('places:remove', { id: added.value.id })
    expect(refused.error).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/"plan\.md" is open in .*Close it there first/),
    })
    expect((await call('places:list')).value).toHaveLength(2)
    expect(desk.sessions.openRow(opened.value.sessionId)).not.toBeNull()
    expect((await unlockFile(access, 'editor-lock')).status).toBe(200)
    expect(await call('places:remove', { id: added.value.id })).toMatchObject({ ok: true })
    expect(desk.sessions.openRow(opened.value.sessionId)).toBeNull()
    expect((await call('places:list')).value).toHaveLength(1)
    expect((await call('places:remove', { id: 'root' })).error).toMatchObject({ code: 'invalid-argument' })
    expect((await call('places:add', { path: 'Projects', kind: 'folder' })).error).toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/absolute path/),
    })
  })

  it('asks about a document outside every place, opens it as asked, and remembers the answer for its folder', async () => {
    const letter = join(outside, 'Inbox', 'letter.txt')
    const asked = await call('documents:open-from-system', { path: letter })
    expect(asked).toEqual({ ok: true, value: { kind: 'choose', path: letter, folder: join(outside, 'Inbox') } })
    expect((await call('places:list')).value).toHaveLength(1)

    const opened = await call('documents:open-from-system', { path: letter, choice: 'this-file' })
    expect(opened.value).toMatchObject({ kind: 'opened', action: 'edit', canWrite: true })
    const single = (await call('places:list')).value.find((place) => place.kind === 'file')!
    expect(single).toMatchObject({ name: 'letter.txt', path: letter })
    expect((await call('files:list', { place: single.id, dir: '' })).value.entries.map((entry: { name: string }) => entry.name)).toEqual([
      'letter.txt',
    ])

    // The next document from that folder opens without asking, again on its own.
    const next = await call('documents:open-from-system', { path: join(outside, 'Inbox', 'reply.txt') })
    expect(next.value).toMatchObject({ kind: 'opened' })
    expect((await call('places:list')).value.filter((place: { kind: string }) => place.kind === 'file')).toHaveLength(2)
    // A document already served opens directly, whatever was remembered elsewhere.
    expect((await call('documents:open-from-system', { path: join(base, 'Documents', 'notes.md') })).value).toMatchObject({
      kind: 'opened',
    })
  })

  it('serves the folder when told to, and refuses a missing file, a folder and a relative path with one message each', async () => {
    const plan = join(outside, 'Projects', 'plan.md')
    const opened = await call('documents:open-from-system', { path: plan, choice: 'serve-folder' })
    expect(opened.value).toMatchObject({ kind: 'opened' })
    expect(
      (await call('places:list')).value.some(
        (place: { kind: string; path: string }) => place.kind === 'folder' && place.path === join(outside, 'Projects'),
      ),
    ).toBe(true)
    expect((await call('documents:open-from-system', { path: join(outside, 'Projects', 'budget.csv') })).value).toMatchObject({
      kind: 'opened',
    })

    const before = (await call('places:list')).value
    expect((await call('documents:open-from-system', { path: join(outside, 'nope.docx') })).error).toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/does not exist/),
    })
    expect((await call('documents:open-from-system', { path: outside })).error).toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/is a folder/),
    })
    expect((await call('documents:open-from-system', { path: 'plan.md' })).error).toMatchObject({ code: 'invalid-argument' })
    expect((await call('documents:open-from-system', { path: plan, choice: 'maybe' })).error).toMatchObject({ code: 'invalid-argument' })
    expect((await call('places:list')).value).toEqual(before)

    // Serving a folder around the served one would give its files two ids: the document opens on its own.
    await writeFile(join(base, 'loose.txt'), 'loose')
    expect((await call('documents:open-from-system', { path: join(base, 'loose.txt'), choice: 'serve-folder' })).value).toMatchObject({
      kind: 'opened',
    })
    expect((await call('places:list')).value.at(-1)).toMatchObject({ kind: 'file', name: 'loose.txt' })
  })
})
