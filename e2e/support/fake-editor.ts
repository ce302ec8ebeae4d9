import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

// A tiny stand-in for a Collabora-shaped WOPI client, for the host page's browser tests. Its discovery looks
// like Collabora's (one urlsrc `/browser/<hash>/cool.html?` without WOPI_SOURCE, so the host appends WOPISrc),
// its action URL takes the form POST, calls CheckFileInfo from the server side like a real editor (that is
// how it learns PostMessageOrigin), and answers with a page whose script talks PostMessage to its parent.
// Each test picks a scenario; the page reports what it received back to this server.

export type Scenario =
  /** Frame_Ready, then Document_Loaded after Host_PostmessageReady */
  | 'loads'
  /** never says anything (the host page must time out) */
  | 'silent'
  /** Action_Load_Resp with errorType websocketconnectionfailed, like Collabora behind a bad proxy */
  | 'socket-error'
  /** stays silent itself; a nested frame of the editor origin, and one of another origin, claim Document_Loaded */
  | 'intruders'

export interface FormPost {
  accessToken: string | null
  accessTokenTtl: string | null
  query: string
  contentType: string
}

export interface FakeEditor {
  origin: string
  /** a second origin on another port (for the foreign-origin frame) */
  otherOrigin: string
  discoveryUrl: string
  scenario: Scenario
  posts: FormPost[]
  /** MessageIds the editor page received from its parent (accepted by origin and source) */
  received: string[]
  /** CheckFileInfo answers the fake editor's server got */
  fileInfos: Array<Record<string, unknown>>
  waitForReceived(messageId: string, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

const HASH = '0a1b2c3'

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function discovery(origin: string): string {
  const urlsrc = `${origin}/browser/${HASH}/cool.html?`
  return `<?xml version="1.0" encoding="utf-8"?>
<wopi-discovery><net-zone name="external-http">
  <app name="writer" favIconUrl="${origin}/favicon.svg">
    <action name="view" ext="odt" urlsrc="${urlsrc}"/>
    <action name="edit" ext="odt" default="true" requires="locks,update" urlsrc="${urlsrc}"/>
  </app>
</net-zone></wopi-discovery>`
}

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1e6fd9"/><path d="M8 9h16v3H8zm0 6h16v3H8zm0 6h11v3H8z" fill="#fff"/></svg>`

function editorPage(config: {
  scenario: Scenario
  postMessageOrigin: string
  fileName: string
  userCanWrite: boolean
  otherOrigin: string
}): string {
  // Inline script is fine here: this is the editor's own page under its own (absent) CSP, not the host page.
  return `<!doctype html><html><head><meta charset="utf-8"><title>Fake Writer</title>
<style>body{margin:0;font:15px system-ui,sans-serif;background:#f7f8fa;color:#222}header{display:flex;gap:8px;align-items:center;padding:8px 12px;background:#1e6fd9;color:#fff}
header b{margin-right:auto}button{font:inherit;padding:4px 10px;border-radius:4px;border:1px solid #ffffff88;background:#ffffff22;color:#fff;cursor:pointer}
main{margin:24px auto;max-width:640px;background:#fff;min-height:60vh;padding:48px;box-shadow:0 1px 4px #0002}</style></head>
<body><header><b>Fake Writer – ${config.fileName.replace(/[<&]/g, '')}</b>
<button id="edit">Edit</button><button id="versions">Versions</button><button id="close">Close document</button></header>
<main><h1>Quarterly report</h1><p>${config.userCanWrite ? 'Editing' : 'Viewing'}. This page stands in for an editor in the host page tests.</p></main>
<script>
const cfg = ${JSON.stringify(config)};
function post(id, values) { parent.postMessage(JSON.stringify({ MessageId: id, SendTime: Date.now(), Values: values || {} }), cfg.postMessageOrigin) }
function report(id) { fetch('/fake/report', { method: 'POST', body: id }) }
let ready = false
window.addEventListener('message', (event) => {
  if (event.source !== parent || event.origin !== cfg.postMessageOrigin) return
  let message; try { message = JSON.parse(event.data) } catch { return }
  report(message.MessageId)
  if (message.MessageId !== 'Host_PostmessageReady' || ready) return
  ready = true
  if (cfg.scenario === 'loads') { post('App_LoadingStatus', { Status: 'Frame_Ready' }); post('App_LoadingStatus', { Status: 'Document_Loaded', DocumentLoadedTime: Date.now() }) }
  if (cfg.scenario === 'socket-error') { post('App_LoadingStatus', { Status: 'Frame_Ready' }); post('Action_Load_Resp', { success: false, errorType: 'websocketconnectionfailed', errorMsg: 'Failed to establish socket connection or socket connection closed unexpectedly.' }) }
  if (cfg.scenario === 'intruders') {
    for (const src of ['/fake/nested', cfg.otherOrigin + '/fake/nested']) { const f = document.createElement('iframe'); f.src = src; f.style.display = 'none'; document.body.append(f) }
  }
})
document.getElementById('close').onclick = () => post('UI_Close')
document.getElementById('edit').onclick = () => post('UI_Edit')
document.getElementById('versions').onclick = () => post('UI_FileVersions')
</script></body></html>`
}

// A frame inside the editor page that pretends to be the editor: wrong source (and, on the other port, wrong origin).
const NESTED = `<!doctype html><script>
window.top.postMessage(JSON.stringify({ MessageId: 'App_LoadingStatus', SendTime: Date.now(), Values: { Status: 'Document_Loaded' } }), '*')
window.top.postMessage(JSON.stringify({ MessageId: 'UI_Close', SendTime: Date.now(), Values: {} }), '*')
fetch('/fake/report', { method: 'POST', body: 'nested-posted:' + location.origin }).catch(() => {})
</script>`

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

export async function startFakeEditor(): Promise<FakeEditor> {
  const waiters: Array<{ id: string; resolve: () => void }> = []
  const editor: FakeEditor = {
    origin: '',
    otherOrigin: '',
    discoveryUrl: '',
    scenario: 'loads',
    posts: [],
    received: [],
    fileInfos: [],
    waitForReceived(messageId, timeoutMs = 10_000) {
      if (editor.received.includes(messageId)) return Promise.resolve()
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the editor page never received ${messageId} (got: ${editor.received.join(', ') || 'nothing'})`)),
          timeoutMs,
        )
        waiters.push({ id: messageId, resolve: () => (clearTimeout(timer), resolve()) })
      })
    },
    close: async () => undefined,
  }

  const handler = async (req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake.invalid')
    if (url.pathname === '/hosting/discovery') {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' })
      return void res.end(discovery(editor.origin))
    }
    if (url.pathname === '/favicon.svg') {
      res.writeHead(200, { 'Content-Type': 'image/svg+xml' })
      return void res.end(FAVICON)
    }
    if (url.pathname === `/browser/${HASH}/cool.html` && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req))
      editor.posts.push({
        accessToken: form.get('access_token'),
        accessTokenTtl: form.get('access_token_ttl'),
        query: url.search,
        contentType: String(req.headers['content-type'] ?? ''),
      })
      const wopiSrc = url.searchParams.get('WOPISrc') ?? ''
      const info = (await (await fetch(`${wopiSrc}?access_token=${encodeURIComponent(form.get('access_token') ?? '')}`)).json()) as Record<
        string,
        unknown
      >
      editor.fileInfos.push(info)
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
      return void res.end(
        editorPage({
          scenario: editor.scenario,
          postMessageOrigin: String(info['PostMessageOrigin'] ?? ''),
          fileName: String(info['BaseFileName'] ?? ''),
          userCanWrite: info['UserCanWrite'] === true,
          otherOrigin: editor.otherOrigin,
        }),
      )
    }
    if (url.pathname === '/fake/nested') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      return void res.end(NESTED)
    }
    if (url.pathname === '/fake/report' && req.method === 'POST') {
      const id = await readBody(req)
      editor.received.push(id)
      for (const waiter of waiters.filter((w) => w.id === id)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve()
      }
      res.writeHead(204)
      return void res.end()
    }
    res.writeHead(404)
    res.end()
  }
  const serve = (req: IncomingMessage, res: import('node:http').ServerResponse) =>
    void handler(req, res).catch((error: unknown) => {
      res.writeHead(500)
      res.end(String(error))
    })
  const server = createServer(serve)
  const other = createServer(serve)
  editor.origin = await listen(server)
  editor.otherOrigin = await listen(other)
  editor.discoveryUrl = `${editor.origin}/hosting/discovery`
  editor.close = async () => {
    for (const s of [server, other]) {
      s.closeAllConnections()
      await new Promise<void>((resolve) => s.close(() => resolve()))
    }
  }
  return editor
}
