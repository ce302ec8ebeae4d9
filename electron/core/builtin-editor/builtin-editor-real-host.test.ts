import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLog, systemRandom } from '../deps'
import type { ProofCheckInput, ProofGate } from '../wopi/proof-gate'
import { verifyProofEitherTokenForm, type ProofKeySet } from '../wopi/proof-keys'
import { startTestHost, testClock, wopi, type TestClock, type TestHost } from '../wopi/test-kit'
import { createBuiltinEditor, type BuiltinEditor } from './builtin-editor'
import type { ApiResult, LoadedDocument, RenameResult, SaveAsResult, SaveResult } from '../../contract/editor-page'

// The built-in editor against the real WOPI host (createHost over a temp folder, tokens bound to the app so
// the host's proof gate checks every request against the editor's published discovery key): what a fresh
// install does when a user opens a text file.

let clock: TestClock
let editor: BuiltinEditor
let host: TestHost
let editorDir: string
let keys: ProofKeySet | null = null
const proofChecks: Array<{ ok: boolean; url: string }> = []

const gate: ProofGate = {
  async verify(input: ProofCheckInput) {
    if (!keys) keys = await publishedKeys(editor.discoveryUrl)
    const outcome = verifyProofEitherTokenForm(
      keys,
      {
        accessToken: input.accessToken,
        url: input.signedUrl,
        timestamp: header(input.headers['x-wopi-timestamp']),
        proof: header(input.headers['x-wopi-proof']),
        proofOld: header(input.headers['x-wopi-proofold']),
      },
      input.rawAccessToken,
      clock.now(),
    )
    proofChecks.push({ ok: outcome.ok, url: input.signedUrl.replace(/access_token=[^&]+/, 'access_token=…') })
    return outcome.ok ? { required: true, ok: true, via: outcome.via } : { required: true, ok: false, reason: outcome.reason }
  },
}

beforeEach(async () => {
  clock = testClock()
  keys = null
  proofChecks.length = 0
  editorDir = await mkdtemp(join(tmpdir(), 'wopi-desk-editor-real-'))
  await mkdir(join(editorDir, 'renderer'))
  await writeFile(join(editorDir, 'renderer', 'editor.html'), '<!doctype html><title>editor</title>')
  editor = await createBuiltinEditor({
    dataDir: join(editorDir, 'data'),
    staticDir: join(editorDir, 'renderer'),
    clock,
    random: systemRandom,
    log: silentLog,
    maintenanceIntervalMs: 3_600_000,
    leaveWaitMs: 200,
  })
  host = await startTestHost({
    clock,
    files: { 'notes.txt': '\uFEFFline one\r\nline two\r\n', 'readme.md': '# Title\n', 'shared.csv': 'a,b\n1,2\n' },
    desk: {
      proofGate: gate,
      hostUrls: () => ({ PostMessageOrigin: host.desk.wopiBase(), ClosePostMessage: true }),
    },
  })
})

afterEach(async () => {
  await editor.close()
  await host.close()
  await rm(editorDir, { recursive: true, force: true })
})

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

async function publishedKeys(discoveryUrl: string): Promise<ProofKeySet> {
  const xml = await (await fetch(discoveryUrl)).text()
  const key = (
    new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      'wopi-discovery': { 'proof-key': Record<string, string> }
    }
  )['wopi-discovery']['proof-key']
  return { current: { modulus: key['modulus'], exponent: key['exponent'] } }
}

async function open(relPath: string, action: 'edit' | 'view' = 'edit', write = true) {
  const access = await host.desk.issueToken(relPath, { write, appId: 'builtin-text' })
  const res = await fetch(`${editor.origin}/editor/${action}?ui=en-US&wopisrc=${encodeURIComponent(access.wopiSrc)}&`, {
    method: 'POST',
    body: new URLSearchParams({ access_token: access.accessToken, access_token_ttl: String(access.accessTokenTtl) }),
    redirect: 'manual',
  })
  expect(res.status).toBe(303)
  return { id: res.headers.get('location')!.split('/').pop()!, access }
}

async function call<T>(
  id: string,
  verb: string,
  init: { text?: string; query?: Record<string, string>; json?: unknown } = {},
): Promise<ApiResult<T>> {
  const query = init.query ? `?${new URLSearchParams(init.query)}` : ''
  const res = await fetch(`${editor.origin}/editor/api/${id}/${verb}${query}`, {
    method: 'POST',
    headers: { 'X-WOPI-Desk-Editor': '1' },
    body: init.text ?? (init.json !== undefined ? JSON.stringify(init.json) : ''),
  })
  return (await res.json()) as ApiResult<T>
}

async function value<T>(result: Promise<ApiResult<T>>): Promise<T> {
  const settled = await result
  if (!settled.ok) throw new Error(`expected success, got ${settled.error.code}: ${settled.error.message}`)
  return settled.value
}

const onDisk = (relPath: string) => readFile(join(host.root, relPath), 'utf8')
const operations = () =>
  host.desk.requestLog
    .recent()
    .map((entry) => `${entry.operation} ${entry.status}`)
    .reverse()

describe('built-in editor against the real WOPI host', () => {
  it('opens, locks, saves (keeping BOM and CRLF), saves as, renames and closes; every request proof-verified', async () => {
    const { id } = await open('notes.txt')
    const doc = await value(call<LoadedDocument>(id, 'load'))
    expect(doc).toMatchObject({
      fileName: 'notes.txt',
      mode: 'edit',
      text: 'line one\nline two\n',
      encoding: { bom: true, lineEnding: 'CRLF' },
    })
    expect(doc.host.postMessageOrigin).toBe(host.desk.wopiBase())

    await value(call<SaveResult>(id, 'save', { text: 'line one\nline two\nline three\n', query: { base: doc.lastModifiedTime! } }))
    expect(await onDisk('notes.txt')).toBe('\uFEFFline one\r\nline two\r\nline three\r\n')

    const renamed = await value(call<RenameResult>(id, 'rename', { json: { name: 'notes – final' } }))
    expect(renamed.fileName).toBe('notes – final.txt')
    expect(await onDisk('notes – final.txt')).toContain('line three')

    const copy = await value(
      call<SaveAsResult>(id, 'save-as', { text: 'copy text\n', query: { name: 'notes copy.txt', mode: 'specific' } }),
    )
    expect(copy).toMatchObject({ fileName: 'notes copy.txt', switched: true, mode: 'edit' })
    expect(await onDisk('notes copy.txt')).toBe('\uFEFFcopy text\r\n')
    await value(call<SaveResult>(id, 'save', { text: 'copy text, edited\n' }))
    expect(await onDisk('notes copy.txt')).toBe('\uFEFFcopy text, edited\r\n')
    expect(await onDisk('notes – final.txt')).toContain('line three') // the original is left alone

    await value(call(id, 'close'))
    for (const name of ['notes copy.txt', 'notes – final.txt']) {
      expect(host.desk.locks.current((await host.desk.files.ensureFile(name)).id)).toBeNull()
    }

    expect(operations()).toEqual([
      'CheckFileInfo 200',
      'Lock 200',
      'GetFile 200',
      'PutFile 200',
      'RenameFile 200',
      'PutRelativeFile 200',
      'CheckFileInfo 200',
      'Lock 200',
      'Unlock 200',
      'PutFile 200',
      'Unlock 200',
    ])
    expect(proofChecks.length).toBe(11)
    expect(proofChecks.every((check) => check.ok)).toBe(true)
  })

  it('a concurrent second session sees the lock and opens read-only; after close the file is editable again', async () => {
    const first = await open('readme.md')
    await value(call<LoadedDocument>(first.id, 'load'))
    const second = await open('readme.md')
    const doc = await value(call<LoadedDocument>(second.id, 'load'))
    expect(doc.mode).toBe('view')
    expect(doc.viewOnly).toMatchObject({
      code: 'locked-stale',
      message: 'This file is open for editing in another WOPI Desk editor window.',
    })
    expect(doc.text).toBe('# Title\n')
    await value(call(first.id, 'close'))
    const third = await open('readme.md')
    expect((await value(call<LoadedDocument>(third.id, 'load'))).mode).toBe('edit')
  })

  it('reports an external change as a conflict, keeps the disk content, and overwrites only when told (the host keeps a version)', async () => {
    const { id } = await open('shared.csv')
    const doc = await value(call<LoadedDocument>(id, 'load'))
    await writeFile(join(host.root, 'shared.csv'), 'a,b\n1,2\n3,4 changed outside\n')
    const conflict = await call<SaveResult>(id, 'save', { text: 'a,b\n1,2\nmine\n', query: { base: doc.lastModifiedTime! } })
    expect(conflict).toMatchObject({ ok: false, error: { code: 'changed-on-disk' } })
    expect(await onDisk('shared.csv')).toBe('a,b\n1,2\n3,4 changed outside\n')

    await value(call<SaveResult>(id, 'save', { text: 'a,b\n1,2\nmine\n', query: { force: '1' } }))
    expect(await onDisk('shared.csv')).toBe('a,b\n1,2\nmine\n')
    const versionsDir = join(host.dataDir, 'versions')
    const kept = await readdir(versionsDir, { recursive: true })
    const contents = await Promise.all(kept.map((name) => readFile(join(versionsDir, String(name)), 'utf8').catch(() => '')))
    expect(contents).toContain('a,b\n1,2\n3,4 changed outside\n')
  })

  it('a lock held by another client (a raw WOPI Lock) opens read-only, naming it', async () => {
    const access = await host.desk.issueToken('readme.md', { write: true })
    expect((await wopi(access, { override: 'LOCK', headers: { 'X-WOPI-Lock': 'collabora-lock-1' } })).status).toBe(200)
    const { id } = await open('readme.md')
    const doc = await value(call<LoadedDocument>(id, 'load'))
    expect(doc).toMatchObject({ mode: 'view', viewOnly: { code: 'locked' } })
    expect(doc.viewOnly?.holder).toBeTruthy()
  })

  it('a read-only token opens read-only without a lock; a token the host rejects reads as an expired session', async () => {
    const { id, access } = await open('readme.md', 'edit', false)
    expect(await value(call<LoadedDocument>(id, 'load'))).toMatchObject({ mode: 'view', viewOnly: { code: 'read-only' }, canSaveAs: false })
    expect(operations()).not.toContain('Lock 200')
    const forged = await fetch(`${editor.origin}/editor/edit?wopisrc=${encodeURIComponent(access.wopiSrc)}`, {
      method: 'POST',
      body: new URLSearchParams({ access_token: 'not-a-token' }),
      redirect: 'manual',
    })
    const session = forged.headers.get('location')!.split('/').pop()!
    expect(await call(session, 'load')).toMatchObject({ ok: false, error: { code: 'session-expired' } })
    // And a raw request without proof headers is refused by the host's gate: the editor's proofs matter.
    expect((await wopi(access)).status).toBe(500)
  })
})
