import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLog, systemRandom } from '../deps'
import { createBuiltinEditor, type BuiltinEditor, type BuiltinEditorOptions } from './builtin-editor'
import { startFakeWopiHost, type FakeWopiHost } from '../test-support/fake-wopi-host'

// Issue 13 item 9: any web page could drive the built-in editor. A cross-site form POST with its own
// `wopisrc` got a 303, the editor then called that host with a proof-signed request and framed itself for the
// attacker's PostMessageOrigin; 100 such posts filled the session slots. The editor serves the host it is
// given only, opens documents only for the host pages it is told, frames itself only for them, and no one
// origin (nor pages that never load) can take every slot.

let root: string
let staticDir: string
let host: FakeWopiHost
let foreign: FakeWopiHost
let editor: BuiltinEditor
const now = () => Date.UTC(2025, 4, 6, 9, 30, 0)
const HOST_PAGE_ORIGIN = 'http://127.0.0.1:4999'

async function startEditor(extra: Partial<BuiltinEditorOptions> = {}): Promise<BuiltinEditor> {
  const started = await createBuiltinEditor({
    dataDir: join(root, 'data'),
    staticDir,
    clock: { now },
    random: systemRandom,
    log: silentLog,
    maintenanceIntervalMs: 3_600_000,
    allowWopiSrc: (url) => url.origin === host.origin,
    allowHostPage: (origin) => origin === HOST_PAGE_ORIGIN,
    ...extra,
  })
  await host.trustEditor(started.discoveryUrl)
  return started
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'wopi-desk-editor-drive-'))
  staticDir = join(root, 'renderer')
  await mkdir(join(staticDir, 'assets'), { recursive: true })
  await writeFile(join(staticDir, 'editor.html'), '<!doctype html><title>editor</title>')
  host = await startFakeWopiHost({ now, postMessageOrigin: HOST_PAGE_ORIGIN })
  foreign = await startFakeWopiHost({ now, postMessageOrigin: 'https://attacker.example' })
  editor = await startEditor()
})

afterEach(async () => {
  await editor.close()
  await host.close()
  await foreign.close()
  await rm(root, { recursive: true, force: true })
})

function post(on: FakeWopiHost, fileId: string, headers: Record<string, string> = {}) {
  return fetch(`${editor.origin}/editor/edit?wopisrc=${encodeURIComponent(on.srcOf(fileId))}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ access_token: on.issueToken(fileId, true), access_token_ttl: '0' }).toString(),
    redirect: 'manual',
  })
}

describe('the built-in editor driven from elsewhere', () => {
  it("opens documents from its host page's origin", async () => {
    const file = host.addFile('a.txt', 'hello')
    const res = await post(host, file.id, { Origin: HOST_PAGE_ORIGIN, 'Sec-Fetch-Site': 'same-site' })
    expect(res.status).toBe(303)
    const page = await fetch(`${editor.origin}${res.headers.get('location')}`)
    expect(page.headers.get('content-security-policy')).toContain(`frame-ancestors ${HOST_PAGE_ORIGIN}`)
  })

  it('refuses a cross-site form POST (another Origin, or an opaque one) before calling any host', async () => {
    const file = host.addFile('a.txt', 'hello')
    const attempts: Record<string, string>[] = [
      { Origin: 'https://attacker.example', 'Sec-Fetch-Site': 'cross-site' },
      { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'cross-site' },
    ]
    for (const headers of attempts) {
      const res = await post(host, file.id, headers)
      expect(res.status).toBe(403)
      expect(await res.text()).toContain('WOPI Desk')
    }
    expect(host.requests).toEqual([])
    expect(editor.sessionCount()).toBe(0)
  })

  it("refuses a wopisrc that is not this desk's WOPI host, and sends it nothing", async () => {
    const file = foreign.addFile('x.txt', 'secret')
    const res = await post(foreign, file.id, { Origin: HOST_PAGE_ORIGIN })
    expect(res.status).toBe(403)
    expect(foreign.requests).toEqual([])
    expect(editor.sessionCount()).toBe(0)
  })

  it('never frames itself for a PostMessageOrigin that is not a host page it serves', async () => {
    await editor.close()
    await host.close()
    host = await startFakeWopiHost({ now, postMessageOrigin: 'https://attacker.example' })
    editor = await startEditor()
    const file = host.addFile('a.txt', 'hello')
    const res = await post(host, file.id, { Origin: HOST_PAGE_ORIGIN })
    expect(res.status).toBe(303)
    const page = await fetch(`${editor.origin}${res.headers.get('location')}`)
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).not.toContain('attacker.example')
    expect(csp).toContain("frame-ancestors 'none'")
  })

  it('one origin cannot take every slot: pages that never loaded give way to a new open', async () => {
    await editor.close()
    editor = await startEditor({ maxSessions: 6 })
    const file = host.addFile('a.txt', 'hello')
    for (let i = 0; i < 12; i++) expect((await post(host, file.id, { Origin: HOST_PAGE_ORIGIN })).status).toBe(303)
    expect(editor.sessionCount()).toBeLessThanOrEqual(6)
    // The user's own open still works.
    expect((await post(host, file.id, { Origin: HOST_PAGE_ORIGIN })).status).toBe(303)
  })
})
