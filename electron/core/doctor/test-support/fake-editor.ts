import { createHash, type KeyObject } from 'node:crypto'
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import https from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { signProof, unixMsToTicks } from '../../wopi/proof-keys'

// Test-only: a local fake WOPI editor on 127.0.0.1 port 0 that behaves like Collabora or ONLYOFFICE in the ways
// the doctor looks at, and can be told to misbehave the ways real setups do (clients.md section 1): a login page
// instead of XML, WOPI switched off, urlsrc naming another host or plain http, a skewed clock, framing headers,
// a proxy that refuses WebSocket upgrades, wopiAccessCheck answering a given status, an editor that never calls
// back. Tests change `config` between runs; every request is recorded.

export type EditorFlavour = 'collabora' | 'onlyoffice'

export interface FakeEditorConfig {
  flavour: EditorFlavour
  /** the origin written into urlsrc; default the server's own origin */
  urlsrcOrigin?: string
  /** version segment of Collabora's urlsrc (/browser/<build>/cool.html) */
  build: string
  /** replaces the discovery answer entirely */
  discovery?: { status: number; contentType: string; body: string }
  /** proof-key element appended to the discovery */
  proofKeyXml?: string
  /** ms added to the Date header of every answer */
  clockOffsetMs: number
  capabilities: { status: number; hasWopiAccessCheck: boolean; productVersion: string }
  /** fixed wopiAccessCheck answer; 'real' = fetch the callbackUrl like Collabora does and answer Ok/NotHttpSuccess/... */
  accessCheck: string | 'real'
  /** what the editor does when the action URL is POSTed: call CheckFileInfo (with the posted token), call it without, or nothing */
  onOpen: 'check-file-info' | 'check-file-info-without-token' | 'nothing'
  /** headers on the editor page (action URL) */
  pageHeaders: Record<string, string>
  /** status of the editor page */
  pageStatus: number
  /** WebSocket upgrades at /cool/.../ws */
  websocket: 'accept' | 'proxy-refuses' | 'collabora-refuses' | 'bad-accept'
  /** on an accepted document socket with a token, call CheckFileInfo (Collabora before 24.04 loads on the socket) */
  loadOnSocket: boolean
  /** paths that answer 404 (e.g. an old /browser/<hash>/cool.html after an upgrade) */
  missingPaths: string[]
  /** answer the form POST with 303 to /editor/page, as the built-in editor does */
  redirectPage: boolean
  /** sign CheckFileInfo calls (X-WOPI-Proof, X-WOPI-TimeStamp by this editor's clock) with this private key */
  signWith: KeyObject | null
}

export interface RecordedRequest {
  method: string
  path: string
  headers: http.IncomingHttpHeaders
  body: string
}

export interface FakeEditor {
  origin: string
  port: number
  discoveryUrl: string
  config: FakeEditorConfig
  requests: RecordedRequest[]
  /** CheckFileInfo calls the editor made back to a WOPI host: the URL (token included) and the answer's status */
  callbacks: { url: string; status: number | null }[]
  close(): Promise<void>
}

function defaults(flavour: EditorFlavour): FakeEditorConfig {
  return {
    flavour,
    build: 'abc1234',
    clockOffsetMs: 0,
    capabilities: { status: 200, hasWopiAccessCheck: true, productVersion: '24.04.5.1' },
    accessCheck: 'real',
    onOpen: 'check-file-info',
    pageHeaders: {},
    pageStatus: 200,
    websocket: 'accept',
    loadOnSocket: false,
    missingPaths: [],
    signWith: null,
    redirectPage: false,
  }
}

function collaboraDiscovery(origin: string, build: string, proof: string): string {
  const urlsrc = `${origin}/browser/${build}/cool.html?`
  const app = (name: string, actions: [string, string][]) =>
    `<app name="${name}" favIconUrl="${origin}/browser/${build}/images/x-office-${name}.svg">${actions.map(([action, ext]) => `<action name="${action}" ext="${ext}" urlsrc="${urlsrc}"/>`).join('')}</app>`
  return `<?xml version="1.0" encoding="utf-8"?><wopi-discovery><net-zone name="external-http">${app('writer', [
    ['edit', 'odt'],
    ['edit', 'docx'],
    ['view', 'txt'],
  ])}${app('calc', [
    ['edit', 'ods'],
    ['edit', 'xlsx'],
  ])}${app('impress', [
    ['edit', 'odp'],
    ['edit', 'pptx'],
  ])}<app name="Capabilities"><action name="getinfo" ext="" urlsrc="${origin}/hosting/capabilities"/></app></net-zone>${proof}</wopi-discovery>`
}

function onlyofficeDiscovery(origin: string, proof: string): string {
  const src = (app: string, action: string) =>
    `${origin}/hosting/wopi/${app}/${action}?&amp;&lt;rs=DC_LLCC&amp;&gt;&lt;ui=UI_LLCC&amp;&gt;&lt;wopisrc=WOPI_SOURCE&amp;&gt;&amp;`
  const app = (name: string, kind: string, exts: string[]) =>
    `<app name="${name}" favIconUrl="${origin}/web-apps/apps/documenteditor/main/resources/img/favicon.ico">${exts
      .map(
        (ext) =>
          `<action name="view" ext="${ext}" default="true" urlsrc="${src(kind, 'view')}"/><action name="edit" ext="${ext}" requires="locks,update" urlsrc="${src(kind, 'edit')}"/>`,
      )
      .join('')}</app>`
  return `<?xml version="1.0" encoding="utf-8"?><wopi-discovery><net-zone name="external-http">${app('Word', 'word', ['docx', 'odt', 'txt'])}${app('Excel', 'cell', ['xlsx', 'ods'])}${app('PowerPoint', 'slide', ['pptx', 'odp'])}</net-zone>${proof}</wopi-discovery>`
}

/** GET a URL the way an editor calls a WOPI host; resolves with the status, or null when nothing answered. */
function callBack(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    let target: URL
    try {
      target = new URL(url)
    } catch {
      resolve(null)
      return
    }
    const request = (target.protocol === 'https:' ? https : http).get(
      target,
      { agent: false, timeout: 2000, headers: { 'user-agent': 'COOLWSD HTTP Agent 24.04', 'x-wopi-clientversion': '' } },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode ?? null))
      },
    )
    request.on('timeout', () => request.destroy())
    request.on('error', () => resolve(null))
  })
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', () => resolve(''))
  })
}

export async function startFakeEditor(
  options: { flavour?: EditorFlavour; tls?: { key: string; cert: string }; config?: Partial<FakeEditorConfig>; port?: number } = {},
): Promise<FakeEditor> {
  const flavour = options.flavour ?? 'collabora'
  const config: FakeEditorConfig = { ...defaults(flavour), ...options.config }
  const requests: RecordedRequest[] = []
  const callbacks: { url: string; status: number | null }[] = []
  const sockets = new Set<Socket>()
  let origin = ''
  const date = () => new Date(Date.now() + config.clockOffsetMs).toUTCString()
  const clientHeaders = (): Record<string, string> =>
    flavour === 'collabora'
      ? { 'user-agent': 'COOLWSD HTTP Agent 24.04.5.1' }
      : { 'user-agent': 'Node.js/6.13', 'x-wopi-clientversion': '8.2.0' }

  const checkFileInfo = async (wopiSrc: string, token: string | null) => {
    const url = token === null ? wopiSrc : `${wopiSrc}${wopiSrc.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`
    const headers = clientHeaders()
    if (config.signWith && token !== null) {
      // As Collabora signs: the decoded token, the full URL, ticks from its own (possibly wrong) clock.
      const ticks = unixMsToTicks(Date.now() + config.clockOffsetMs)
      headers['x-wopi-timestamp'] = ticks.toString()
      headers['x-wopi-proof'] = signProof(config.signWith, token, url, ticks)
    }
    const status = await new Promise<number | null>((resolve) => {
      const target = new URL(url)
      const request = (target.protocol === 'https:' ? https : http).get(target, { agent: false, timeout: 2000, headers }, (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode ?? null))
      })
      request.on('timeout', () => request.destroy())
      request.on('error', () => resolve(null))
    })
    callbacks.push({ url, status })
  }

  const handler = (request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const body = await readBody(request)
      const url = new URL(request.url ?? '/', 'http://fake')
      requests.push({ method: request.method ?? 'GET', path: url.pathname + url.search, headers: request.headers, body })
      const send = (status: number, text: string, headers: Record<string, string> = {}) => {
        response.writeHead(status, {
          date: date(),
          server: flavour === 'collabora' ? 'COOLWSD HTTP Server 24.04.5.1' : 'nginx',
          ...headers,
        })
        response.end(text)
      }
      if (config.missingPaths.includes(url.pathname)) return send(404, 'Not Found', { 'content-type': 'text/plain' })
      if (url.pathname === '/hosting/discovery') {
        if (config.discovery) return send(config.discovery.status, config.discovery.body, { 'content-type': config.discovery.contentType })
        const own = config.urlsrcOrigin ?? origin
        const xml =
          flavour === 'collabora'
            ? collaboraDiscovery(own, config.build, config.proofKeyXml ?? '')
            : onlyofficeDiscovery(own, config.proofKeyXml ?? '')
        return send(200, xml, { 'content-type': 'text/xml; charset=utf-8' })
      }
      if (url.pathname === '/hosting/capabilities') {
        if (config.capabilities.status !== 200) return send(config.capabilities.status, 'no')
        return send(
          200,
          JSON.stringify({
            productName: 'Collabora Online Development Edition',
            productVersion: config.capabilities.productVersion,
            hasWopiAccessCheck: config.capabilities.hasWopiAccessCheck,
          }),
          { 'content-type': 'application/json' },
        )
      }
      if (url.pathname === '/hosting/wopiAccessCheck' && request.method === 'POST') {
        if (!config.capabilities.hasWopiAccessCheck) return send(404, 'Not Found')
        let callbackUrl = ''
        try {
          callbackUrl = String((JSON.parse(body) as { callbackUrl?: unknown }).callbackUrl ?? '')
        } catch {
          return send(400, 'Bad Request')
        }
        let status = config.accessCheck
        if (status === 'real') {
          if (!/^https?:\/\//.test(callbackUrl)) status = 'NoScheme'
          else {
            const answer = await callBack(callbackUrl)
            callbacks.push({ url: callbackUrl, status: answer })
            status = answer === null ? 'ConnectionAborted' : answer === 200 ? 'Ok' : 'NotHttpSuccess'
          }
        }
        return send(200, JSON.stringify({ status }), { 'content-type': 'application/json' })
      }
      const isPage =
        flavour === 'collabora'
          ? /^\/browser\/[^/]+\/cool\.html$/.test(url.pathname)
          : /^\/hosting\/wopi\/(word|cell|slide)\/(view|edit)$/.test(url.pathname)
      if (isPage) {
        if (request.method === 'POST') {
          const form = new URLSearchParams(body)
          const wopiSrc = url.searchParams.get('WOPISrc') ?? url.searchParams.get('wopisrc')
          if (wopiSrc && config.onOpen !== 'nothing') {
            // ONLYOFFICE (and Collabora 24.04+) call CheckFileInfo while serving the page.
            await checkFileInfo(wopiSrc, config.onOpen === 'check-file-info' ? form.get('access_token') : null)
          }
        }
        if (request.method === 'POST' && config.redirectPage) return send(303, '', { location: '/editor/page' })
        return send(config.pageStatus, '<!doctype html><title>editor</title>', { 'content-type': 'text/html', ...config.pageHeaders })
      }
      if (url.pathname === '/editor/page')
        return send(config.pageStatus, '<!doctype html><title>editor</title>', { 'content-type': 'text/html', ...config.pageHeaders })
      if (url.pathname === '/') return send(200, 'OK', { 'content-type': 'text/plain' })
      return send(404, 'Not Found', { 'content-type': 'text/plain' })
    })()
  }

  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler)
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('tlsClientError', () => undefined)
  server.on('upgrade', (request: IncomingMessage, socket: Duplex) => {
    const url = new URL(request.url ?? '/', 'http://fake')
    requests.push({ method: 'UPGRADE', path: url.pathname + url.search, headers: request.headers, body: '' })
    socket.on('error', () => undefined)
    if (config.websocket === 'proxy-refuses') {
      socket.end(
        'HTTP/1.1 400 Bad Request\r\nServer: nginx/1.24.0\r\nContent-Type: text/html\r\nContent-Length: 32\r\nConnection: close\r\n\r\n<html>400 Bad Request</html>\r\n\r\n',
      )
      return
    }
    if (config.websocket === 'collabora-refuses') {
      socket.end('HTTP/1.1 403 Forbidden\r\nServer: COOLWSD HTTP Server 24.04.5.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
      return
    }
    const key = String(request.headers['sec-websocket-key'] ?? '')
    const accept =
      config.websocket === 'bad-accept'
        ? 'd3Jvbmc='
        : createHash('sha1')
            .update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
            .digest('base64')
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`)
    const match = /^\/cool\/(.+)\/ws$/.exec(url.pathname)
    if (config.loadOnSocket && match) {
      const documentUrl = decodeURIComponent(match[1]!)
      const [wopiSrc, query] = documentUrl.split('?') as [string, string | undefined]
      const token = new URLSearchParams(query ?? '').get('access_token')
      if (token) void checkFileInfo(wopiSrc, token)
    }
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`
  return {
    origin,
    port,
    discoveryUrl: `${origin}/hosting/discovery`,
    config,
    requests,
    callbacks,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
