import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RequestDto } from '../contract/dto'
import { createDesk, type Desk, type CreateDeskOptions } from './desk'
import { silentLog } from './deps'
import { lockFile, wopi } from './wopi/test-kit'

// The composition root as `serve` and the desktop app use it: every console operation through `api`, the built-in
// editor registered in the catalog, the console listener, and a clean shutdown.

const resourcesDir = new URL('../../resources', import.meta.url).pathname

describe('the desk (composition root)', () => {
  let base: string
  let root: string
  let dataDir: string
  let desk: Desk | null = null

  const start = (extra: Partial<CreateDeskOptions> = {}) =>
    createDesk({
      dataDir,
      root,
      port: 0,
      staticDir: join(base, 'no-renderer-in-unit-tests'),
      resourcesDir,
      appVersion: '0.0.0-test',
      builtinEditor: { port: 0 },
      env: { LANG: 'en_US.UTF-8' },
      log: silentLog,
      sweepIntervalMs: 0,
      ...extra,
    })

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'wopi-desk-desk-'))
    root = join(base, 'Documents')
    dataDir = join(base, 'data')
    await mkdir(join(root, 'Reports'), { recursive: true })
    await writeFile(join(root, 'notes.md'), '# Notes\n')
    await writeFile(join(root, 'Budget 2025.xlsx'), 'PK\x03\x04')
    await writeFile(join(root, '.hidden.txt'), 'not listed')
    for (let i = 1; i <= 12; i++) await writeFile(join(root, 'Reports', `report ${i}.txt`), 'x'.repeat(i))
  })

  afterEach(async () => {
    await desk?.close()
    desk = null
    await rm(base, { recursive: true, force: true })
  })

  it('registers the built-in editor on first run, and keeps its admin edits when it moves to another port', async () => {
    desk = await start()
    const endpoints = await desk.api['catalog:list']()
    const builtin = endpoints.filter((endpoint) => endpoint.kind === 'builtin')
    expect(builtin).toHaveLength(1)
    expect(builtin[0]!.discoveryUrl).toBe(`${desk.editor!.origin}/hosting/discovery`)
    expect(builtin[0]!.proofKeys.present).toBe(true)
    const textApp = builtin[0]!.apps.find((app) => app.extensions.includes('md'))!
    await desk.api['catalog:rename-app'](textApp.id, 'Notes editor')
    await desk.close()

    // Next launch: the editor gets another free port; the catalog follows it and the name stays.
    desk = await start()
    const again = (await desk.api['catalog:list']()).filter((endpoint) => endpoint.kind === 'builtin')
    expect(again).toHaveLength(1)
    expect(again[0]!.id).toBe(builtin[0]!.id)
    expect(again[0]!.discoveryUrl).toBe(`${desk.editor!.origin}/hosting/discovery`)
    expect(again[0]!.apps.find((app) => app.id === textApp.id)!.name).toBe('Notes editor')
  })

  it('lists the served folder in sorted windows, hides dotfiles, and searches below it', async () => {
    desk = await start()
    const top = await desk.api['files:list']({ dir: '' })
    expect(top.entries.map((entry) => entry.name)).toEqual(['Reports', 'Budget 2025.xlsx', 'notes.md'])
    expect(top.total).toBe(3)

    const window = await desk.api['files:list']({ dir: 'Reports', offset: 2, limit: 3 })
    // Natural order: "report 3" before "report 10".
    expect(window.entries.map((entry) => entry.name)).toEqual(['report 3.txt', 'report 4.txt', 'report 5.txt'])
    expect(window).toMatchObject({ offset: 2, total: 12, dir: 'Reports' })

    const bySize = await desk.api['files:list']({ dir: 'Reports', sort: 'size', direction: 'desc', limit: 2 })
    expect(bySize.entries.map((entry) => entry.size)).toEqual([12, 11])

    const found = await desk.api['files:list']({ dir: '', query: 'REPORT 1' })
    expect(found.entries.map((entry) => entry.path).sort()).toEqual([
      'Reports/report 1.txt',
      'Reports/report 10.txt',
      'Reports/report 11.txt',
      'Reports/report 12.txt',
    ])

    await expect(desk.api['files:list']({ dir: '../' })).rejects.toMatchObject({ code: 'invalid-argument' })
    await expect(desk.api['files:list']({ dir: 'Nope' })).rejects.toMatchObject({ code: 'not-found' })
  })

  it('opens a document with the built-in editor, shows the editor lock on the Files page and in Activity', async () => {
    desk = await start()
    const live: RequestDto[] = []
    const changed: string[][] = []
    desk.events.subscribeAll((event, payload) => {
      if (event === 'activity:request') live.push(payload as RequestDto)
      if (event === 'files:changed') changed.push((payload as { paths: string[] }).paths)
    })
    const opened = await desk.api['files:open']({ path: 'notes.md' })
    expect(opened.action).toBe('edit')
    expect(opened.canWrite).toBe(true)
    expect(opened.hostPageUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${desk.host.wopi.port}/host/`))
    expect(new URL(opened.actionUrl).origin).toBe(desk.editor!.origin)

    // An editor takes the lock: the Files page shows who holds it.
    const access = await desk.host.issueToken('notes.md', { write: true })
    expect((await lockFile(access, 'lock-from-an-editor')).status).toBe(200)
    const listed = (await desk.api['files:list']({ dir: '' })).entries.find((entry) => entry.name === 'notes.md')!
    expect(listed.lock).toMatchObject({ lockId: 'lock-from-an-editor' })
    expect((await desk.api['files:locks']()).map((lock) => lock.path)).toEqual(['notes.md'])

    // The Files page hears that the folder changed (the lock column), once for the burst.
    await expect.poll(() => changed.flat()).toContain('notes.md')
    // The WOPI request appeared live and is in the log, without its token.
    expect(live.some((record) => record.operation === 'Lock' && record.status === 200)).toBe(true)
    const recent = await desk.api['activity:recent']({ operation: 'Lock' })
    expect(recent[0]).toMatchObject({ operation: 'Lock', status: 200, fileName: 'notes.md' })
    expect(JSON.stringify(recent)).not.toContain(access.accessToken)

    const sessions = await desk.api['activity:sessions']()
    expect(sessions[0]).toMatchObject({ id: opened.sessionId, fileName: 'notes.md', action: 'edit' })
    const exported = await desk.api['activity:export']({})
    expect(exported.requests.at(-1)?.operation).toBe('Lock')
  })

  it("its built-in editor opens this desk's documents for this desk's host page only (issue 13 item 9)", async () => {
    desk = await start()
    const editorOrigin = desk.editor!.origin
    const issued = await desk.host.issueToken('notes.md', { write: true })
    const drive = (wopiSrc: string, origin: string) =>
      fetch(`${editorOrigin}/editor/edit?wopisrc=${encodeURIComponent(wopiSrc)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
        body: new URLSearchParams({ access_token: issued.accessToken, access_token_ttl: '0' }).toString(),
        redirect: 'manual',
      })
    // Another WOPI host, even posted from this desk's own host page: never called.
    expect((await drive(`http://127.0.0.1:9/wopi/files/${issued.fileId}`, desk.hostPageOrigin)).status).toBe(403)
    // This desk's document, posted by another site.
    expect((await drive(issued.wopiSrc, 'https://attacker.example')).status).toBe(403)
    expect(desk.editor!.sessionCount()).toBe(0)
    expect((await drive(issued.wopiSrc, desk.hostPageOrigin)).status).toBe(303)
  })

  it('keeps versions and restores one, refusing while an editor holds the lock', async () => {
    desk = await start()
    const access = await desk.host.issueToken('notes.md', { write: true })
    const put = (body: string) =>
      wopi(access, { path: '/contents', method: 'POST', override: 'PUT', body, headers: { 'X-WOPI-Lock': 'editing' } })
    await lockFile(access, 'editing')
    expect((await put('second')).status).toBe(200)
    await wopi(access, { override: 'UNLOCK', headers: { 'X-WOPI-Lock': 'editing' } })
    const versions = await desk.api['files:versions']('notes.md')
    expect(versions).toHaveLength(1)
    expect(versions[0]).toMatchObject({ name: 'notes.md', size: '# Notes\n'.length })

    await lockFile(access, 'held')
    await expect(desk.api['files:restore-version']('notes.md', versions[0]!.id)).rejects.toMatchObject({ code: 'conflict' })
    await wopi(access, { override: 'UNLOCK', headers: { 'X-WOPI-Lock': 'held' } })
    const restored = await desk.api['files:restore-version']('notes.md', versions[0]!.id)
    expect(restored).toMatchObject({ path: 'notes.md', size: '# Notes\n'.length })
    // The content it replaced is itself kept.
    expect(await desk.api['files:versions']('notes.md')).toHaveLength(2)
  })

  it('updates settings and says which need a restart', async () => {
    desk = await start()
    const before = await desk.api['settings:get']()
    expect(before).toMatchObject({ root, dataDir, tokenTtlSeconds: 36000 })
    const result = await desk.api['settings:update']({ tokenTtlSeconds: 7200, port: 18000 })
    expect(result.restartRequired).toEqual(['port'])
    expect(result.settings.tokenTtlSeconds).toBe(7200)
    await expect(desk.api['settings:update']({ publicUrl: 'ftp://nope' })).rejects.toThrow()
  })

  it("runs Microsoft's conformance cases against itself in a throw-away folder and removes it after", async () => {
    desk = await start()
    const report = await desk.api['conformance:run']({})
    expect(report.failed).toBe(0)
    expect(report.passed).toBeGreaterThan(40)
    expect((await readdir(root)).sort()).toEqual(['.hidden.txt', 'Budget 2025.xlsx', 'Reports', 'notes.md'])
    expect(await readdir(join(dataDir, 'trash')).catch(() => [])).toEqual([])
  })

  it('serves the console on loopback when asked, and closes every listener', async () => {
    desk = await start({ console: { port: 0 } })
    const consoleUrl = desk.console!.url
    const editorOrigin = desk.editor!.origin
    const wopiPort = desk.host.wopi.port
    expect(consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const login = await fetch(desk.console!.loginUrl, { redirect: 'manual' })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const listed = await fetch(`${consoleUrl}/api/call/files:list`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-wopi-desk': '1' },
      body: JSON.stringify({ args: [{ dir: '' }] }),
    })
    expect((await listed.json()) as unknown).toMatchObject({ ok: true, value: { total: 3 } })

    await desk.close()
    desk = null
    for (const url of [consoleUrl, editorOrigin, `http://127.0.0.1:${wopiPort}`]) await expect(fetch(url)).rejects.toThrow()
    expect(existsSync(join(dataDir, 'wopi-desk.db'))).toBe(true)
  })
})
