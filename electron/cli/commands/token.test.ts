import { appPaths } from '../app-paths'
import { cliInvocation } from '../invocation'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openHost } from '../../core/host'
import { writeServeInfo } from '../../core/server/serve-info'
import { startTestHost, wopi, type TestHost } from '../../core/wopi/test-kit'
import { main } from '../index'
import { testIo } from './cli-test-io'

describe('wopi-desk token', () => {
  let host: TestHost
  beforeEach(async () => {
    host = await startTestHost({ files: { 'Plan.docx': 'plan', 'sub/Notes.odt': 'notes' } })
    await writeServeInfo(host.dataDir, { pid: process.pid, wopiBase: host.desk.wopiBase(), startedAt: Date.now() })
  })
  afterEach(async () => {
    await host.close()
  })

  async function token(...argv: string[]) {
    const io = testIo(host.root)
    const status = await main(['token', ...argv, '--data', host.dataDir], io)
    return { status, io, json: status === 0 ? (JSON.parse(io.lines.join('\n')) as Record<string, unknown>) : null }
  }

  it('prints exactly one JSON object with a read-only token by default', async () => {
    const { status, io, json } = await token('Plan.docx')
    expect(status).toBe(0)
    expect(io.lines).toHaveLength(1)
    expect(Object.keys(json!)).toEqual(['fileId', 'wopiSrc', 'accessToken', 'accessTokenTtl'])
    expect(json!['wopiSrc']).toBe(`${host.desk.wopiBase()}/wopi/files/${json!['fileId']}`)
    expect(json!['accessToken']).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const ttl = Number(json!['accessTokenTtl'])
    expect(Math.abs(ttl - (Date.now() + 36_000_000))).toBeLessThan(60_000)
    const info = (await wopi(json as { wopiSrc: string; accessToken: string })).json()
    expect(info).toMatchObject({ BaseFileName: 'Plan.docx', UserCanWrite: false, UserCanNotWriteRelative: true })
  })

  it('exits 1 for a file that does not exist, as open does (2 is for command-line mistakes)', async () => {
    const missing = await token('nope.md')
    expect(missing.status).toBe(1)
    expect(missing.io.errors).toHaveLength(1)
    expect((await token(join(host.root, 'nope.md'))).status).toBe(1)
    expect((await token('Plan.docx', '--ttl', 'soon')).status).toBe(2)
  })

  it('honours --write, --user and --ttl, and accepts sub-folders and absolute paths inside the root', async () => {
    const { json } = await token('sub/Notes.odt', '--write', '--user', 'Robin Reviewer', '--ttl', '120')
    expect(Math.abs(Number(json!['accessTokenTtl']) - (Date.now() + 120_000))).toBeLessThan(60_000)
    const info = (await wopi(json as { wopiSrc: string; accessToken: string })).json()
    expect(info).toMatchObject({ BaseFileName: 'Notes.odt', UserCanWrite: true, UserFriendlyName: 'Robin Reviewer' })
    expect(info['UserId']).not.toBe(host.desk.settings.get().userId)
    const absolute = await token(join(host.root, 'sub', 'Notes.odt'))
    expect(absolute.json!['fileId']).toBe(json!['fileId'])
  })

  it('takes an absolute path of any place: another folder, or a single file, with the same JSON', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'wopi-desk-cli-place-'))
    try {
      await mkdir(join(elsewhere, 'Shared'))
      await writeFile(join(elsewhere, 'Shared', 'Budget.xlsx'), 'budget')
      await writeFile(join(elsewhere, 'Letter.docx'), 'letter')
      await writeFile(join(elsewhere, 'Unserved.docx'), 'not served')
      host.desk.places.add({ path: join(elsewhere, 'Shared'), kind: 'folder' })
      host.desk.places.add({ path: join(elsewhere, 'Letter.docx'), kind: 'file' })

      const inFolder = await token(join(elsewhere, 'Shared', 'Budget.xlsx'), '--write')
      expect(inFolder.status).toBe(0)
      expect(Object.keys(inFolder.json!)).toEqual(['fileId', 'wopiSrc', 'accessToken', 'accessTokenTtl'])
      expect((await wopi(inFolder.json as { wopiSrc: string; accessToken: string })).json()).toMatchObject({
        BaseFileName: 'Budget.xlsx',
        UserCanWrite: true,
      })
      const single = await token(join(elsewhere, 'Letter.docx'))
      expect((await wopi(single.json as { wopiSrc: string; accessToken: string })).json()).toMatchObject({ BaseFileName: 'Letter.docx' })

      // The single-file place serves that file only; its neighbour is outside every place.
      const outside = await token(join(elsewhere, 'Unserved.docx'))
      expect(outside.status).toBe(2)
      expect(outside.io.errors).toEqual([
        expect.stringMatching(/Unserved\.docx is outside every place WOPI Desk serves \(.*Shared.*\).*Places on the Settings page/),
      ])
      expect(outside.io.lines).toEqual([])
      expect(host.desk.files.liveRows().some((row) => row.relPath.endsWith('Unserved.docx'))).toBe(false)
    } finally {
      await rm(elsewhere, { recursive: true, force: true })
    }
  })

  it('binds the token to an editor app found by id or name', async () => {
    host.desk.db
      .prepare(
        "INSERT INTO endpoints (id, discovery_url, name, kind, zone, zones, raw_xml, fetched_at, created_at) VALUES ('ep1', 'http://e/hosting/discovery', 'CODE', 'collabora', 'external-http', '[]', '<x/>', 0, 0)",
      )
      .run()
    const insertApp = host.desk.db.prepare("INSERT INTO apps (id, endpoint_id, discovered_name, display_name) VALUES (?, 'ep1', ?, ?)")
    insertApp.run('app-writer', 'writer', 'Text documents')
    insertApp.run('app-calc', 'calc', null)
    insertApp.run('app-calc2', 'calc-legacy', 'Calc')
    const byName = await token('Plan.docx', '--app', 'TEXT DOCUMENTS')
    expect(host.desk.tokens.find(String(byName.json!['accessToken']))?.appId).toBe('app-writer')
    const byId = await token('Plan.docx', '--app', 'app-calc')
    expect(host.desk.tokens.find(String(byId.json!['accessToken']))?.appId).toBe('app-calc')
    const ambiguous = await token('Plan.docx', '--app', 'calc')
    expect(ambiguous.status).toBe(2)
    expect(ambiguous.io.errors).toEqual([expect.stringMatching(/"calc" matches 2 apps: app-calc \(calc\), app-calc2 \(Calc\)/)])
    const unknown = await token('Plan.docx', '--app', 'Impress')
    expect(unknown.io.errors).toEqual([expect.stringMatching(/no editor app "Impress"/)])
  })

  it('resolves --app as the console does: an app gone from discovery is no longer found by name', async () => {
    host.desk.db
      .prepare(
        "INSERT INTO endpoints (id, discovery_url, name, kind, zone, zones, raw_xml, fetched_at, created_at) VALUES ('ep1', 'http://e/hosting/discovery', 'CODE', 'collabora', 'external-http', '[]', '<x/>', 0, 0)",
      )
      .run()
    const insertApp = host.desk.db.prepare(
      "INSERT INTO apps (id, endpoint_id, discovered_name, display_name, present) VALUES (?, 'ep1', ?, ?, ?)",
    )
    // Both are called "draw"; only one is still offered.
    insertApp.run('app-draw-old', 'draw-legacy', 'Draw', 0)
    insertApp.run('app-draw', 'draw', null, 1)
    const byName = await token('Plan.docx', '--app', 'draw')
    expect(byName.status).toBe(0)
    expect(host.desk.tokens.find(String(byName.json!['accessToken']))?.appId).toBe('app-draw')
    insertApp.run('app-impress-old', 'impress', null, 0)
    const gone = await token('Plan.docx', '--app', 'impress')
    expect(gone.io.errors).toEqual([expect.stringMatching(/no editor app "impress"/)])
  })

  it('refuses paths outside the root, missing files and bad flags with one line', async () => {
    const cases: [string[], RegExp][] = [
      [['../escape.docx'], /leads outside the served folder/],
      [['/etc/hostname'], /outside every place WOPI Desk serves .*under Places on the Settings page/],
      [['missing.docx'], /does not exist/],
      [['sub'], /is a folder/],
      [['Plan.docx', '--ttl', '0'], /--ttl must be a number of seconds/],
      [['Plan.docx', '--bogus'], /Unknown option '--bogus'/],
      [[], /expected 1 argument/],
    ]
    for (const [argv, message] of cases) {
      const { status, io } = await token(...argv)
      expect(status, argv.join(' ')).not.toBe(0)
      expect(io.errors, argv.join(' ')).toHaveLength(1)
      expect(io.errors[0]).toMatch(message)
      expect(io.lines).toEqual([])
    }
  })
})

describe('wopi-desk token without a served folder', () => {
  let base: string
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'wopi-desk-cli-token-'))
  })
  afterEach(async () => {
    await rm(base, { recursive: true, force: true })
  })

  it('explains that serve must run first', async () => {
    const io = testIo(base)
    expect(await main(['token', 'a.docx', '--data', join(base, 'data')], io)).toBe(2)
    expect(io.errors[0]).toContain(`; start "${cliInvocation(io.env, appPaths.root)} serve --root <folder> --data`)
    const desk = await openHost({ dataDir: join(base, 'data') })
    await desk.close()
    const again = testIo(base)
    expect(await main(['token', 'a.docx', '--data', join(base, 'data')], again)).toBe(2)
    expect(again.errors[0]).toMatch(/no folder is served from/)
  })
})
