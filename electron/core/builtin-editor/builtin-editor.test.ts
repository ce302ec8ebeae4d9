import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLog, systemRandom } from '../deps'
import { buildActionUrl } from '../discovery/action-url'
import { buildModel, proofKeyFingerprint } from '../discovery/build-model'
import { parseDiscoveryXml } from '../discovery/parse-discovery'
import { createBuiltinEditor, type BuiltinEditor } from './builtin-editor'
import { BUILTIN_EDITOR_APP_NAME, BUILTIN_EDITOR_MARKER_ATTRIBUTE } from './discovery-document'
import type { ApiResult, LoadedDocument, ReloadResult, RenameResult, SaveAsResult, SaveResult } from '../../contract/editor-page'
import { startFakeWopiHost, type FakeWopiHost, type RecordedRequest } from '../test-support/fake-wopi-host'

// The built-in editor against a strict fake WOPI host (real listeners on 127.0.0.1, real HTTP, real
// signatures): discovery, the form POST -> 303 -> page flow, and every editor API call, asserting the exact
// WOPI requests the editor sends.

let root: string
let now: number
const clock = { now: () => now }
let host: FakeWopiHost
let editor: BuiltinEditor

const HOST_PAGE_ORIGIN = 'http://127.0.0.1:4999'

beforeEach(async () => {
  now = Date.UTC(2025, 4, 6, 9, 30, 0)
  root = await mkdtemp(join(tmpdir(), 'wopi-desk-editor-'))
  const staticDir = join(root, 'renderer')
  await mkdir(join(staticDir, 'assets'), { recursive: true })
  await writeFile(
    join(staticDir, 'editor.html'),
    '<!doctype html><title>editor</title><script type="module" src="./assets/editor-abc.js"></script>',
  )
  await writeFile(join(staticDir, 'assets', 'editor-abc.js'), 'console.log("editor")')
  host = await startFakeWopiHost({ now: clock.now, postMessageOrigin: HOST_PAGE_ORIGIN })
  editor = await createBuiltinEditor({
    dataDir: join(root, 'data'),
    staticDir,
    clock,
    random: systemRandom,
    log: silentLog,
    version: '9.8.7',
    refreshLockIntervalMs: 10 * 60_000,
    idleTimeoutMs: 2 * 60_000,
    maintenanceIntervalMs: 3_600_000,
    leaveWaitMs: 200,
  })
  await host.trustEditor(editor.discoveryUrl)
})

afterEach(async () => {
  await editor.close()
  await host.close()
  await rm(root, { recursive: true, force: true })
})

async function open(action: 'view' | 'edit' | 'editnew', fileId: string, options: { write?: boolean; token?: string } = {}) {
  const token = options.token ?? host.issueToken(fileId, options.write ?? true)
  const res = await fetch(`${editor.origin}/editor/${action}?ui=en-US&wopisrc=${encodeURIComponent(host.srcOf(fileId))}&`, {
    method: 'POST',
    body: new URLSearchParams({ access_token: token, access_token_ttl: String(now + 36_000_000) }),
    redirect: 'manual',
  })
  expect(res.status).toBe(303)
  const location = res.headers.get('location')!
  expect(location).toMatch(/^\/editor\/s\/[A-Za-z0-9_-]{32}$/)
  return { id: location.split('/').pop()!, location, token }
}

async function call<T>(
  id: string,
  verb: string,
  init: { text?: string; query?: Record<string, string>; json?: unknown } = {},
): Promise<ApiResult<T>> {
  const query = init.query ? `?${new URLSearchParams(init.query)}` : ''
  const res = await fetch(`${editor.origin}/editor/api/${id}/${verb}${query}`, {
    method: 'POST',
    headers: { 'X-WOPI-Desk-Editor': '1', 'Content-Type': init.text !== undefined ? 'text/plain;charset=UTF-8' : 'application/json' },
    body: init.text ?? (init.json !== undefined ? JSON.stringify(init.json) : ''),
  })
  return (await res.json()) as ApiResult<T>
}

async function value<T>(result: Promise<ApiResult<T>>): Promise<T> {
  const settled = await result
  if (!settled.ok) throw new Error(`expected success, got ${settled.error.code}: ${settled.error.message}`)
  return settled.value
}

function wopiCalls(fileId?: string): RecordedRequest[] {
  return host.requests.filter((r) => !fileId || r.path.startsWith(`/wopi/files/${fileId}`))
}

const ops = (requests: RecordedRequest[]) => requests.map((r) => `${r.operation} ${r.status}`)

describe('discovery', () => {
  it('is valid WOPI discovery with urlsrc templates, the built-in marker and a proof key', async () => {
    const res = await fetch(editor.discoveryUrl)
    expect(res.headers.get('content-type')).toMatch(/xml/)
    const xml = await res.text()
    expect(xml).toContain('&lt;wopisrc=WOPI_SOURCE&amp;&gt;')
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['net-zone', 'app', 'action'].includes(name),
    }).parse(xml)
    const root = parsed['wopi-discovery']
    expect(root['net-zone']).toHaveLength(1)
    expect(root['net-zone'][0].name).toBe('internal-http')
    const [app, capabilities] = root['net-zone'][0].app
    expect(app.name).toBe(BUILTIN_EDITOR_APP_NAME)
    expect(app[BUILTIN_EDITOR_MARKER_ATTRIBUTE]).toBe('true')
    expect(app.favIconUrl).toBe(`${editor.origin}/favicon.svg`)
    expect(capabilities.name).toBe('Capabilities')
    const actions = app.action as Array<Record<string, string>>
    const find = (name: string, ext: string) => actions.find((a) => a.name === name && a.ext === ext)
    expect(find('edit', 'md')).toEqual({
      name: 'edit',
      ext: 'md',
      default: 'true',
      requires: 'locks,update',
      urlsrc: `${editor.origin}/editor/edit?<ui=UI_LLCC&><rs=DC_LLCC&><hid=HOST_SESSION_ID&><sc=SESSION_CONTEXT&><wopisrc=WOPI_SOURCE&>`,
    })
    expect(find('editnew', 'csv')?.requires).toBe('locks,update')
    expect(find('view', 'log')?.default).toBe('true')
    expect(find('edit', 'log')?.default).toBeUndefined()
    expect(find('view', 'html')).toBeUndefined()
    for (const ext of ['txt', 'md', 'csv', 'json', 'yaml', 'xml', 'ini', 'tsv']) {
      expect(actions.filter((a) => a.ext === ext && a.default === 'true')).toHaveLength(1)
    }
    const key = root['proof-key']
    expect(key.exponent).toBe('AQAB')
    expect(Buffer.from(key.modulus, 'base64')).toHaveLength(256)
    expect(key.oldvalue).toBeUndefined()

    const icon = await fetch(`${editor.origin}/favicon.svg`)
    expect(icon.headers.get('content-type')).toBe('image/svg+xml')
    expect(await icon.text()).toMatch(/^<svg /)
    const caps = (await (await fetch(`${editor.origin}/hosting/capabilities`)).json()) as Record<string, unknown>
    expect(caps).toMatchObject({ productName: BUILTIN_EDITOR_APP_NAME, productVersion: '9.8.7', hasWopiAccessCheck: false })
  })

  it("imports through WOPI Desk's own catalog pipeline as the built-in editor, and its action URL opens a document", async () => {
    const xml = await (await fetch(editor.discoveryUrl)).text()
    const model = buildModel(parseDiscoveryXml(xml), editor.discoveryUrl)
    expect(model.kind).toBe('builtin')
    expect(model.notes.filter((note) => /skipp|drop|ignor/i.test(note))).toEqual([])
    expect(proofKeyFingerprint(model.proofKeys?.current)).toBe(editor.proofKeyFingerprint())
    const app = model.apps.find((a) => a.name === BUILTIN_EDITOR_APP_NAME)!
    const edit = app.actions.find((a) => a.name === 'edit' && a.ext === 'txt')!
    const file = host.addFile('a.txt', 'x')
    const actionUrl = buildActionUrl(edit.urlsrc, host.srcOf(file.id), 'de-DE', { hostSessionId: 'hs-1' })
    expect(actionUrl).toBe(`${editor.origin}/editor/edit?ui=de-DE&hid=hs-1&wopisrc=${encodeURIComponent(host.srcOf(file.id))}&`)
    const res = await fetch(actionUrl, {
      method: 'POST',
      body: new URLSearchParams({ access_token: host.issueToken(file.id) }),
      redirect: 'manual',
    })
    expect(res.status).toBe(303)
  })

  it('publishes the old key after a rotation, and requests then carry a verifying X-WOPI-ProofOld', async () => {
    const file = host.addFile('a.txt', 'x')
    const before = await (await fetch(editor.discoveryUrl)).text()
    await editor.rotateKeys()
    const after = await (await fetch(editor.discoveryUrl)).text()
    const modulus = (xml: string, attr: string) => new RegExp(` ${attr}="([^"]+)"`).exec(xml)?.[1]
    expect(modulus(after, 'oldmodulus')).toBe(modulus(before, 'modulus'))
    // The host still trusts the discovery it fetched before the rotation: rule 2 (ProofOld with current key).
    const { id } = await open('view', file.id)
    await value(call<LoadedDocument>(id, 'load'))
    const checkFileInfo = wopiCalls(file.id).find((r) => r.operation === 'CheckFileInfo')!
    expect(checkFileInfo.headers['x-wopi-proofold']).toBeTruthy()
    expect(checkFileInfo.proof).toEqual({ ok: true, via: 'old-proof' })
  })
})

describe('opening a document', () => {
  it('answers the form POST with 303 to a page served under a strict CSP framed only by the host page', async () => {
    const file = host.addFile('notes.md', '# Hi\n')
    const { location } = await open('edit', file.id)
    // The POST already asked CheckFileInfo, so the CSP can name PostMessageOrigin.
    expect(ops(wopiCalls(file.id))).toEqual(['CheckFileInfo 200'])
    const page = await fetch(`${editor.origin}${location}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('./assets/editor-abc.js')
    const csp = page.headers.get('content-security-policy')!
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("connect-src 'self'")
    expect(csp).toContain("form-action 'self'")
    expect(csp).toContain(`frame-ancestors ${HOST_PAGE_ORIGIN}`)
    expect(page.headers.get('x-frame-options')).toBeNull()
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    const asset = await fetch(`${editor.origin}/editor/s/assets/editor-abc.js`)
    expect(asset.status).toBe(200)
    expect((await fetch(`${editor.origin}/editor/s/assets/..%2Feditor.html`)).status).toBe(404)
  })

  it('refuses bad opens with a clear page and creates no session', async () => {
    const file = host.addFile('a.txt', 'x')
    const post = (path: string, body: Record<string, string>) =>
      fetch(`${editor.origin}${path}`, { method: 'POST', body: new URLSearchParams(body), redirect: 'manual' })
    const badSrc = await post(`/editor/edit?wopisrc=${encodeURIComponent(`${host.origin}/api/files/1`)}`, { access_token: 't' })
    expect(badSrc.status).toBe(400)
    expect(await badSrc.text()).toContain('not a WOPI files endpoint')
    const noToken = await post(`/editor/edit?wopisrc=${encodeURIComponent(host.srcOf(file.id))}`, {})
    expect(noToken.status).toBe(400)
    expect(await noToken.text()).toContain('no access token')
    const queryToken = await post(`/editor/edit?access_token=t&wopisrc=${encodeURIComponent(host.srcOf(file.id))}`, { access_token: 't' })
    expect(queryToken.status).toBe(400)
    const get = await fetch(`${editor.origin}/editor/edit?wopisrc=${encodeURIComponent(host.srcOf(file.id))}`)
    expect(get.status).toBe(405)
    expect(await get.text()).toContain('POST')
    expect(editor.sessionCount()).toBe(0)
    expect(host.requests).toHaveLength(0)
    const unknown = await fetch(`${editor.origin}/editor/s/${'A'.repeat(32)}`)
    expect(unknown.status).toBe(404)
    expect(await unknown.text()).toContain('session has ended')
  })

  it('guards the page API with its custom header and the session capability', async () => {
    const file = host.addFile('a.txt', 'x')
    const { id } = await open('edit', file.id)
    const noHeader = await fetch(`${editor.origin}/editor/api/${id}/load`, { method: 'POST' })
    expect(noHeader.status).toBe(403)
    const crossSite = await fetch(`${editor.origin}/editor/api/${id}/load`, {
      method: 'POST',
      headers: { 'X-WOPI-Desk-Editor': '1', 'Sec-Fetch-Site': 'cross-site' },
    })
    expect(crossSite.status).toBe(403)
    const wrongId = await call(`${'B'.repeat(32)}`, 'load')
    expect(wrongId).toMatchObject({ ok: false, error: { code: 'session-ended' } })
    expect(ops(wopiCalls(file.id))).toEqual(['CheckFileInfo 200'])
  })
})

describe('editing against a WOPI host', () => {
  it('load: CheckFileInfo, Lock, GetFile, with signed requests and per-session/per-request ids', async () => {
    const file = host.addFile('Résumé.md', '\uFEFF# Title\r\n\r\nBody\r\n')
    const { id, token } = await open('edit', file.id)
    const doc = await value(call<LoadedDocument>(id, 'load'))
    expect(doc).toMatchObject({
      fileName: 'Résumé.md',
      extension: '.md',
      kind: 'markdown',
      text: '# Title\n\nBody\n',
      mode: 'edit',
      viewOnly: null,
      lastModifiedTime: file.lastModified,
      encoding: { bom: true, lineEnding: 'CRLF', mixedLineEndings: false, label: 'UTF-8 with BOM' },
      userName: 'Alex Example',
      canSaveAs: true,
      canRename: true,
      host: { postMessageOrigin: HOST_PAGE_ORIGIN, closePostMessage: true },
      uiLanguage: 'en-US',
    })
    expect(doc.tokenExpiresAt).toBe(now + 36_000_000)
    const calls = wopiCalls(file.id)
    // The POST's CheckFileInfo is reused by the load: exactly one per open.
    expect(ops(calls)).toEqual(['CheckFileInfo 200', 'Lock 200', 'GetFile 200'])
    for (const request of calls) {
      expect(request.proof).toEqual({ ok: true, via: 'current' })
      expect(request.url).toContain(`access_token=${token}`)
      expect(request.headers['user-agent']).toBe('WOPI-Desk-Editor/9.8.7')
      expect(request.headers['x-wopi-clientversion']).toBe('9.8.7')
      expect(request.headers['x-wopi-timestamp']).toMatch(/^\d{18}$/)
      expect(request.headers['x-wopi-proofold']).toBeUndefined()
      expect(request.headers['authorization']).toBeUndefined()
    }
    const sessionIds = new Set(calls.map((r) => r.headers['x-wopi-sessionid']))
    expect(sessionIds.size).toBe(1)
    expect([...sessionIds][0]).not.toBe(id) // the page capability never goes to the host
    expect(new Set(calls.map((r) => r.headers['x-wopi-correlationid'])).size).toBe(calls.length)
    const lock = calls[1]!
    expect(lock.headers['x-wopi-override']).toBe('LOCK')
    expect(lock.headers['content-length']).toBe('0')
    expect(JSON.parse(lock.headers['x-wopi-lock']!)).toMatchObject({ E: 'WOPI-Desk-Editor' })
    expect(host.file(file.id).lock?.id).toBe(lock.headers['x-wopi-lock'])
    expect(calls[2]!.headers['x-wopi-maxexpectedsize']).toBe(String(20 * 1024 * 1024))
  })

  it('save: PutFile with the lock and X-COOL-WOPI-Timestamp, keeping BOM and CRLF on disk', async () => {
    const file = host.addFile('list.txt', '\uFEFFone\r\ntwo\r\n')
    const { id } = await open('edit', file.id)
    const doc = await value(call<LoadedDocument>(id, 'load'))
    const saved = await value(
      call<SaveResult>(id, 'save', { text: 'one\ntwo\nthree\n', query: { base: doc.lastModifiedTime!, autosave: '1' } }),
    )
    expect(host.file(file.id).bytes.toString('utf8')).toBe('\uFEFFone\r\ntwo\r\nthree\r\n')
    expect(saved.lastModifiedTime).toBe(host.file(file.id).lastModified)
    const put = wopiCalls(file.id).find((r) => r.operation === 'PutFile')!
    expect(put.headers['x-wopi-override']).toBe('PUT')
    expect(put.headers['x-wopi-lock']).toBe(host.file(file.id).lock!.id)
    expect(put.headers['x-cool-wopi-timestamp']).toBe(doc.lastModifiedTime)
    expect(put.headers['x-cool-wopi-ismodifiedbyuser']).toBe('true')
    expect(put.headers['x-cool-wopi-isautosave']).toBe('true')
    expect(put.headers['x-cool-wopi-isexitsave']).toBe('false')
    expect(put.proof?.ok).toBe(true)
    // A second save is based on the timestamp the first one returned.
    await value(call<SaveResult>(id, 'save', { text: 'one\n', query: { base: saved.lastModifiedTime! } }))
    expect(host.file(file.id).bytes.toString('utf8')).toBe('\uFEFFone\r\n')
  })

  it('conflict: an edit on disk gives "changed on disk"; overwrite forces, save-as keeps both, reload loads theirs', async () => {
    const file = host.addFile('plan.md', 'mine v1\n')
    const { id } = await open('edit', file.id)
    const doc = await value(call<LoadedDocument>(id, 'load'))
    host.externalWrite(file.id, 'theirs\n')
    const conflict = await call<SaveResult>(id, 'save', { text: 'mine v2\n', query: { base: doc.lastModifiedTime! } })
    expect(conflict).toMatchObject({
      ok: false,
      error: { code: 'changed-on-disk', message: 'The file was changed on disk by someone else since you opened it.' },
    })
    expect(host.file(file.id).bytes.toString()).toBe('theirs\n')

    const theirs = await value(call<ReloadResult>(id, 'reload'))
    expect(theirs.text).toBe('theirs\n')
    expect(theirs.lastModifiedTime).toBe(host.file(file.id).lastModified)

    const copy = await value(call<SaveAsResult>(id, 'save-as', { text: 'mine v2\n', query: { name: 'plan (mine).md', mode: 'suggested' } }))
    expect(copy).toMatchObject({ fileName: 'plan (mine).md', switched: true, mode: 'edit' })
    expect(host.fileByName('plan (mine).md')!.bytes.toString()).toBe('mine v2\n')
    expect(host.file(file.id).bytes.toString()).toBe('theirs\n')
    // The editor moved to the copy: the original is unlocked, the copy locked by us.
    expect(host.file(file.id).lock).toBeNull()
    expect(host.fileByName('plan (mine).md')!.lock).not.toBeNull()
    const putRelative = host.requests.find((r) => r.operation === 'PutRelativeFile')!
    expect(putRelative.headers['x-wopi-suggestedtarget']).toBe('plan+ACA-(mine).md')
    expect(putRelative.headers['x-wopi-size']).toBe('8')
    expect(putRelative.headers['x-wopi-lock']).toBeUndefined()

    // Overwrite on the original from a second session: PutFile without the timestamp header.
    const second = await open('edit', file.id)
    const doc2 = await value(call<LoadedDocument>(second.id, 'load'))
    host.externalWrite(file.id, 'someone else again\n')
    expect(await call(second.id, 'save', { text: 'forced\n', query: { base: doc2.lastModifiedTime! } })).toMatchObject({
      ok: false,
      error: { code: 'changed-on-disk' },
    })
    await value(call<SaveResult>(second.id, 'save', { text: 'forced\n', query: { force: '1' } }))
    expect(host.file(file.id).bytes.toString()).toBe('forced\n')
    const forcedPut = wopiCalls(file.id)
      .filter((r) => r.operation === 'PutFile')
      .at(-1)!
    expect(forcedPut.headers['x-cool-wopi-timestamp']).toBeUndefined()
    expect(forcedPut.status).toBe(200)
  })

  it("save-as to a taken name offers the host's X-WOPI-ValidRelativeTarget, then saves under it", async () => {
    const file = host.addFile('data.csv', 'a,b\n')
    host.addFile('report.csv', 'old\n')
    const { id } = await open('edit', file.id)
    await value(call<LoadedDocument>(id, 'load'))
    const taken = await call<SaveAsResult>(id, 'save-as', { text: 'a,b\n1,2\n', query: { name: 'report', mode: 'specific' } })
    expect(taken).toMatchObject({ ok: false, error: { code: 'name-taken', suggestedName: 'report (1).csv' } })
    const relative = host.requests.find((r) => r.operation === 'PutRelativeFile')!
    expect(relative.headers['x-wopi-relativetarget']).toBe('report.csv')
    expect(relative.headers['x-wopi-overwriterelativetarget']).toBe('false')
    const saved = await value(
      call<SaveAsResult>(id, 'save-as', { text: 'a,b\n1,2\n', query: { name: 'report (1).csv', mode: 'specific' } }),
    )
    expect(saved.fileName).toBe('report (1).csv')
    expect(host.fileByName('report.csv')!.bytes.toString()).toBe('old\n')
  })

  it('rename: RenameFile with the UTF-7 name without extension and the lock', async () => {
    const file = host.addFile('draft.txt', 'x\n')
    const { id } = await open('edit', file.id)
    await value(call<LoadedDocument>(id, 'load'))
    const renamed = await value(call<RenameResult>(id, 'rename', { json: { name: 'Entwurf_ü.txt' } }))
    expect(renamed.fileName).toBe('Entwurf_ü.txt')
    expect(host.file(file.id).name).toBe('Entwurf_ü.txt')
    const request = host.requests.find((r) => r.operation === 'RenameFile')!
    expect(request.headers['x-wopi-requestedname']).toBe('Entwurf+AF8A/A-')
    expect(request.headers['x-wopi-lock']).toBe(host.file(file.id).lock!.id)
    const bad = await call(id, 'rename', { json: { name: 'a/b' } })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-name' } })
    expect(host.requests.filter((r) => r.operation === 'RenameFile')).toHaveLength(1)
  })

  it('close: Unlock and the session is gone', async () => {
    const file = host.addFile('a.txt', 'x')
    const { id } = await open('edit', file.id)
    await value(call<LoadedDocument>(id, 'load'))
    const lockId = host.file(file.id).lock!.id
    await value(call(id, 'close'))
    expect(host.file(file.id).lock).toBeNull()
    const unlock = host.requests.at(-1)!
    expect(unlock).toMatchObject({ operation: 'Unlock', status: 200 })
    expect(unlock.headers['x-wopi-lock']).toBe(lockId)
    expect(await call(id, 'heartbeat')).toMatchObject({ ok: false, error: { code: 'session-ended' } })
    expect(editor.sessionCount()).toBe(0)
  })

  it('a file another client holds the lock on opens in view mode, naming the holder', async () => {
    const file = host.addFile('shared.txt', 'hello\n')
    host.file(file.id).lock = { id: '{"S":"collabora-session-1"}', expires: now + 30 * 60_000 }
    host.lockFailureReason = 'Locked by Sam (Collabora)'
    const second = await open('edit', file.id)
    const doc = await value(call<LoadedDocument>(second.id, 'load'))
    expect(doc.mode).toBe('view')
    expect(doc.text).toBe('hello\n')
    expect(doc.viewOnly).toMatchObject({ code: 'locked', holder: 'Locked by Sam (Collabora)' })
    expect(doc.viewOnly!.message).toContain('Locked by Sam (Collabora)')
    expect(await call(second.id, 'save', { text: 'nope' })).toMatchObject({ ok: false, error: { code: 'read-only' } })
    expect(host.file(file.id).bytes.toString()).toBe('hello\n')
  })

  it('editnew on an empty file: edit mode with empty text, the first save writes the content', async () => {
    const file = host.addFile('new.md', '')
    const { id } = await open('editnew', file.id)
    const doc = await value(call<LoadedDocument>(id, 'load'))
    expect(doc).toMatchObject({ mode: 'edit', text: '', size: 0, kind: 'markdown' })
    await value(call(id, 'save', { text: '# New\n', query: { base: doc.lastModifiedTime! } }))
    expect(host.file(file.id).bytes.toString()).toBe('# New\n')
  })

  it('echoes SESSION_CONTEXT as X-WOPI-SessionContext on CheckFileInfo', async () => {
    const file = host.addFile('a.txt', 'x')
    const token = host.issueToken(file.id)
    const res = await fetch(`${editor.origin}/editor/view?sc=ctx-42&hid=host-1&wopisrc=${encodeURIComponent(host.srcOf(file.id))}`, {
      method: 'POST',
      body: new URLSearchParams({ access_token: token }),
      redirect: 'manual',
    })
    expect(res.status).toBe(303)
    const checkFileInfo = host.requests.find((r) => r.operation === 'CheckFileInfo')!
    expect(checkFileInfo.headers['x-wopi-sessioncontext']).toBe('ctx-42')
  })

  it('view action and read-only tokens open read-only without locking', async () => {
    const file = host.addFile('a.json', '{"a":1}\n')
    const viewed = await open('view', file.id)
    expect(await value(call<LoadedDocument>(viewed.id, 'load'))).toMatchObject({
      mode: 'view',
      kind: 'json',
      viewOnly: { code: 'view-action' },
    })
    const readOnly = await open('edit', file.id, { write: false })
    expect(await value(call<LoadedDocument>(readOnly.id, 'load'))).toMatchObject({
      mode: 'view',
      viewOnly: { code: 'read-only' },
      canSaveAs: false,
    })
    expect(host.requests.filter((r) => r.operation === 'Lock')).toHaveLength(0)
  })

  it('refuses non-UTF-8 and oversized files as view-only with a reason, releasing the lock', async () => {
    const latin1 = host.addFile('old.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9]))
    const a = await open('edit', latin1.id)
    const doc = await value(call<LoadedDocument>(a.id, 'load'))
    expect(doc).toMatchObject({ mode: 'view', viewOnly: { code: 'not-utf8' }, text: 'caf\uFFFD', canSaveAs: false })
    expect(host.file(latin1.id).lock).toBeNull()

    const big = host.addFile('big.log', Buffer.alloc(20 * 1024 * 1024 + 1, 0x61))
    const b = await open('edit', big.id)
    const bigDoc = await value(call<LoadedDocument>(b.id, 'load'))
    expect(bigDoc).toMatchObject({ mode: 'view', text: null, viewOnly: { code: 'too-large' } })
    expect(bigDoc.viewOnly!.message).toMatch(/20 MiB.*up to 20 MiB/)
    // Never downloaded, never locked.
    expect(ops(wopiCalls(big.id))).toEqual(['CheckFileInfo 200'])
  })

  it('maps 401, 404, 500 and 413 to plain words that keep the text', async () => {
    const file = host.addFile('a.txt', 'x')
    const { id } = await open('edit', file.id)
    await value(call<LoadedDocument>(id, 'load'))
    host.failNext('PutFile', 401)
    expect(await call(id, 'save', { text: 'y' })).toMatchObject({
      ok: false,
      error: { code: 'session-expired', message: 'Your session expired: reopen the document. Your text is kept here.' },
    })
    host.failNext('PutFile', 404)
    expect(await call(id, 'save', { text: 'y' })).toMatchObject({ ok: false, error: { code: 'not-found' } })
    host.failNext('PutFile', 500, { 'X-WOPI-ServerError': 'disk full' })
    const serverError = await call(id, 'save', { text: 'y' })
    expect(serverError).toMatchObject({ ok: false, error: { code: 'host-error' } })
    if (!serverError.ok) {
      expect(serverError.error.message).toContain('disk full')
      expect(serverError.error.detail).toMatch(/PutFile · HTTP 500 · X-WOPI-ServerError: disk full · correlation id [0-9a-f-]{36}/)
    }
    host.failNext('PutFile', 413)
    expect(await call(id, 'save', { text: 'y' })).toMatchObject({ ok: false, error: { code: 'too-large' } })
    expect(host.file(file.id).bytes.toString()).toBe('x')
    await value(call(id, 'save', { text: 'y' }))
    expect(host.file(file.id).bytes.toString()).toBe('y')
  })

  it('re-takes an expired lock on save (409 with empty X-WOPI-Lock) and retries once', async () => {
    const file = host.addFile('a.txt', 'x')
    const { id } = await open('edit', file.id)
    await value(call<LoadedDocument>(id, 'load'))
    const lockId = host.file(file.id).lock!.id
    now += 31 * 60_000 // past the host's 30-minute expiry, no refresh in between
    await value(call(id, 'save', { text: 'y', query: { base: host.file(file.id).lastModified } }))
    expect(ops(wopiCalls(file.id)).slice(-3)).toEqual(['PutFile 409', 'Lock 200', 'PutFile 200'])
    expect(host.file(file.id).lock!.id).toBe(lockId)
  })
})

describe('session lifetime', () => {
  it('refreshes the lock when due and unlocks when the page stops sending heartbeats', async () => {
    const file = host.addFile('a.txt', 'x')
    const { id } = await open('edit', file.id)
    await value(call<LoadedDocument>(id, 'load'))
    now += 60_000
    await value(call(id, 'heartbeat'))
    await editor.runMaintenance()
    expect(host.requests.filter((r) => r.operation === 'RefreshLock')).toHaveLength(0)
    now += 9 * 60_000 + 1
    await value(call(id, 'heartbeat'))
    await editor.runMaintenance()
    const refresh = host.requests.filter((r) => r.operation === 'RefreshLock')
    expect(refresh).toHaveLength(1)
    expect(refresh[0]).toMatchObject({ status: 200 })
    expect(refresh[0]!.headers['x-wopi-override']).toBe('REFRESH_LOCK')
    expect(refresh[0]!.headers['x-wopi-lock']).toBe(host.file(file.id).lock!.id)
    now += 2 * 60_000 + 1 // no heartbeat for longer than the idle timeout
    await editor.runMaintenance()
    expect(host.file(file.id).lock).toBeNull()
    expect(editor.sessionCount()).toBe(0)
  })

  it('saves the draft of a page that went away on exit, or keeps it as a copy when the file moved on', async () => {
    const a = host.addFile('a.txt', 'base\n')
    const b = host.addFile('b.txt', 'base\n')
    const sa = await open('edit', a.id)
    const sb = await open('edit', b.id)
    const docA = await value(call<LoadedDocument>(sa.id, 'load'))
    const docB = await value(call<LoadedDocument>(sb.id, 'load'))
    await value(call(sa.id, 'leave', { text: 'typed in a\n', query: { draft: '1', base: docA.lastModifiedTime! } }))
    await value(call(sb.id, 'leave', { text: 'typed in b\n', query: { draft: '1', base: docB.lastModifiedTime! } }))
    host.externalWrite(b.id, 'changed on disk\n')
    now += 21_000 // a page that said it left is given 20 s to come back (a reload), not the full idle timeout
    await editor.runMaintenance()
    expect(host.file(a.id).bytes.toString()).toBe('typed in a\n')
    const exitPut = wopiCalls(a.id).find((r) => r.operation === 'PutFile')!
    expect(exitPut.headers['x-cool-wopi-isexitsave']).toBe('true')
    expect(host.file(b.id).bytes.toString()).toBe('changed on disk\n')
    expect(host.fileByName('b (unsaved changes).txt')!.bytes.toString()).toBe('typed in b\n')
    expect(host.file(a.id).lock).toBeNull()
    expect(host.file(b.id).lock).toBeNull()
  })

  it('a reload of the host page: the new session ends the left one (saving its text) and edits', async () => {
    const file = host.addFile('a.txt', 'before\n')
    const first = await open('edit', file.id)
    const doc = await value(call<LoadedDocument>(first.id, 'load'))
    await value(call(first.id, 'leave', { text: 'typed before the reload\n', query: { draft: '1', base: doc.lastModifiedTime! } }))
    const second = await open('edit', file.id)
    const reloaded = await value(call<LoadedDocument>(second.id, 'load'))
    expect(reloaded).toMatchObject({ mode: 'edit', viewOnly: null, text: 'typed before the reload\n' })
    expect(ops(wopiCalls(file.id)).slice(2)).toEqual([
      'GetFile 200', // first session
      'CheckFileInfo 200', // second session (form POST)
      'Lock 409',
      'PutFile 200', // first session's exit save of its draft
      'Unlock 200',
      'Lock 200',
      'GetFile 200',
      // X-WOPI-ItemVersion moved past the Version of the POST's CheckFileInfo (the exit save): re-read it, so
      // the next save is based on the LastModifiedTime of what is shown.
      'CheckFileInfo 200',
    ])
    expect(reloaded.lastModifiedTime).toBe(host.file(file.id).lastModified)
    expect(await call(first.id, 'heartbeat')).toMatchObject({ ok: false, error: { code: 'session-ended' } })
  })

  it('the same file in another active window: read-only with an offer to take over; the other window then cannot save', async () => {
    const file = host.addFile('a.txt', 'x\n')
    const first = await open('edit', file.id)
    await value(call<LoadedDocument>(first.id, 'load'))
    const second = await open('edit', file.id)
    const doc = await value(call<LoadedDocument>(second.id, 'load'))
    expect(doc.viewOnly).toMatchObject({
      code: 'locked-stale',
      message: 'This file is open for editing in another WOPI Desk editor window.',
    })
    expect(await value(call<{ mode: string }>(second.id, 'take-over'))).toEqual({ mode: 'edit' })
    expect(await value(call<{ notice: { code: string } | null }>(first.id, 'heartbeat'))).toMatchObject({ notice: { code: 'lock-lost' } })
    expect(await call(first.id, 'save', { text: 'from the first window\n' })).toMatchObject({ ok: false, error: { code: 'locked' } })
    await value(call(second.id, 'save', { text: 'from the second window\n' }))
    expect(host.file(file.id).bytes.toString()).toBe('from the second window\n')
  })

  it('close() of the editor unlocks every open document', async () => {
    const file = host.addFile('a.txt', 'x')
    const { id } = await open('edit', file.id)
    await value(call<LoadedDocument>(id, 'load'))
    expect(host.file(file.id).lock).not.toBeNull()
    await editor.close()
    expect(host.file(file.id).lock).toBeNull()
  })

  it('offers to take over a lock an earlier run of this editor left behind (UnlockAndRelock)', async () => {
    const file = host.addFile('a.txt', 'x')
    const { id } = await open('edit', file.id)
    await value(call<LoadedDocument>(id, 'load'))
    const stale = host.file(file.id).lock!.id
    // Simulate a crash: the editor process goes away without unlocking, a new one starts on the same data dir.
    const staticDir = join(root, 'renderer')
    const crashed = editor
    editor = await createBuiltinEditor({
      dataDir: join(root, 'data'),
      staticDir,
      clock,
      random: systemRandom,
      log: silentLog,
      version: '9.8.7',
    })
    host.file(file.id).lock = { id: stale, expires: now + 30 * 60_000 }
    const reopened = await open('edit', file.id)
    const doc = await value(call<LoadedDocument>(reopened.id, 'load'))
    expect(doc.viewOnly?.code).toBe('locked-stale')
    const taken = await value(call<{ mode: string }>(reopened.id, 'take-over'))
    expect(taken.mode).toBe('edit')
    const relock = host.requests.filter((r) => r.operation === 'UnlockAndRelock').at(-1)!
    expect(relock.status).toBe(200)
    expect(relock.headers['x-wopi-oldlock']).toBe(stale)
    await value(call(reopened.id, 'save', { text: 'after crash' }))
    expect(host.file(file.id).bytes.toString()).toBe('after crash')
    // the first editor's session is still alive in this test: close it without letting it unlock the new lock
    host.file(file.id).lock = null
    await crashed.close()
  })
})
