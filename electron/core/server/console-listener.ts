import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ApiImplementation } from '../../contract/channels'
import { dispatch, isChannel } from '../../contract/dispatch'
import type { Log } from '../deps'
import type { EventBus } from '../event-bus'
import { BodyTooLargeError, readBoundedRequest } from '../read-bounded-body'
import { answerClientError } from './client-error'
import { CONSOLE_COOKIE, hostHeaderAllowed, isLoopbackAddress, readCookie, secretsEqual, sessionCookie } from './console-auth'
import { CONSOLE_CSP, ICON_CSP } from './console-csp'
import { streamEvents } from './sse'
import { serveStatic } from './static-files'

export interface IconFile {
  bytes: Buffer
  contentType: string
}

export interface ConsoleListenerOptions {
  api: ApiImplementation
  events: EventBus
  /** the built renderer (out/renderer); null serves the API only */
  staticDir: string | null
  /** per-launch secret; whoever holds the Console URL holds it */
  secret: string
  port?: number
  readIcon?: (appId: string) => Promise<IconFile | null>
  log: Log
  /** the command that prints the current Console URL where this runs (`wopi-desk console`, or npm run in a clone) */
  urlCommand?: string
}

export interface ConsoleListener {
  /** base URL without the secret */
  url: string
  /** the URL to print and open: logs the browser in, then drops the secret from the address bar */
  loginUrl: string
  port: number
  /** for the 0600 serve.json of this data folder, through which `wopi-desk open` reaches the running host */
  secret: string
  close(): Promise<void>
}

const MAX_BODY_BYTES = 2 * 1024 * 1024
/** files:upload carries the file as base64 (50 MiB of file at most); every other call stays small */
const MAX_UPLOAD_BODY_BYTES = 72 * 1024 * 1024

const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

/**
 * The console's HTTP transport: the contract over `POST /api/call/<channel>`, events over
 * `GET /api/events`, and the built renderer. It binds 127.0.0.1 only and never shares a listener with the
 * WOPI host, so nothing an editor can reach (even when the host is bound to a LAN address) reaches it.
 */
export async function startConsoleListener(options: ConsoleListenerOptions): Promise<ConsoleListener> {
  let port = options.port ?? 0
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log.error('console request failed', { error: (error as Error).message })
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error')
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopbackAddress(req.socket.remoteAddress) || !hostHeaderAllowed(req.headers.host, port)) {
      return send(res, 403, 'text/plain; charset=utf-8', 'The WOPI Desk console only answers on this computer (127.0.0.1).')
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)

    const offeredKey = url.searchParams.get('key')
    if (req.method === 'GET' && offeredKey !== null && (url.pathname === '/' || url.pathname === '/index.html')) {
      if (!secretsEqual(offeredKey, options.secret)) return sendLinkExpired(res, options.urlCommand)
      res.writeHead(303, { Location: '/', 'Set-Cookie': sessionCookie(options.secret), 'Cache-Control': 'no-store', ...securityHeaders })
      return void res.end()
    }

    const cookie = readCookie(req, CONSOLE_COOKIE)
    const authenticated = cookie !== undefined && secretsEqual(cookie, options.secret)

    if (url.pathname.startsWith('/api/')) {
      if (!authenticated)
        return sendJson(res, 401, {
          ok: false,
          error: { code: 'forbidden', message: 'This console link is no longer valid. Open the Console URL that wopi-desk serve printed.' },
        })
      return handleApi(req, res, url)
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed')
    if (!authenticated) return sendLinkExpired(res, options.urlCommand)
    if (!options.staticDir) return send(res, 404, 'text/plain; charset=utf-8', 'The console UI is not built; run npm run build.')
    const page = url.pathname === '/' ? 'index.html' : url.pathname.slice(1)
    // Only the console's own page and its assets: the host page and editor bundles are served elsewhere.
    if (page !== 'index.html' && !page.startsWith('assets/')) return send(res, 404, 'text/plain; charset=utf-8', 'Not found')
    const served = await serveStatic(res, options.staticDir, page, { 'Content-Security-Policy': CONSOLE_CSP, ...securityHeaders })
    if (!served) send(res, 404, 'text/plain; charset=utf-8', 'Not found')
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === 'GET' && url.pathname === '/api/events') return streamEvents(res, options.events)

    const icon = /^\/api\/icons\/([A-Za-z0-9_-]{1,100})$/.exec(url.pathname)
    if (req.method === 'GET' && icon) {
      const file = options.readIcon ? await options.readIcon(icon[1]!) : null
      if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'No icon')
      res.writeHead(200, {
        'Content-Type': file.contentType,
        'Content-Length': String(file.bytes.length),
        'Cache-Control': 'no-cache',
        // An uploaded SVG is shown only as an image: even opened directly it may not run script.
        'Content-Security-Policy': ICON_CSP,
        ...securityHeaders,
      })
      return void res.end(file.bytes)
    }

    const call = /^\/api\/call\/([a-z]+:[a-z-]+)$/.exec(url.pathname)
    if (!call || !isChannel(call[1]!))
      return sendJson(res, 404, { ok: false, error: { code: 'not-found', message: 'Unknown console address.' } })
    if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'invalid-argument', message: 'Use POST.' } })
    // CSRF guard on top of SameSite=Strict: a cross-site form cannot set this header or a JSON content type.
    const origin = req.headers.origin
    if (
      req.headers['x-wopi-desk'] !== '1' ||
      !String(req.headers['content-type'] ?? '').startsWith('application/json') ||
      (origin !== undefined && !hostHeaderAllowed(origin.replace(/^http:\/\//, ''), port))
    ) {
      return sendJson(res, 403, { ok: false, error: { code: 'forbidden', message: 'Requests must come from the console page itself.' } })
    }
    let body: unknown
    try {
      body = JSON.parse(
        (await readBoundedRequest(req, call[1] === 'files:upload' ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES)).toString('utf8'),
      )
    } catch (error) {
      const tooLarge = error instanceof BodyTooLargeError
      // The rest of an oversized body is not read: answer, then close the connection (no reset before the answer).
      if (tooLarge) res.setHeader('Connection', 'close')
      return sendJson(res, tooLarge ? 413 : 400, {
        ok: false,
        error: {
          code: 'invalid-argument',
          message: tooLarge
            ? call[1] === 'files:upload'
              ? 'The file is too large to upload from the console (50 MiB at most); copy it into the served folder instead.'
              : 'The request is too large (2 MiB at most).'
            : 'The request body is not valid JSON.',
        },
      })
    }
    const args = (body as { args?: unknown } | null)?.args
    const envelope = await dispatch(options.api, call[1]!, args, options.log)
    sendJson(res, 200, envelope)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.on('clientError', answerClientError)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    loginUrl: `${url}/?key=${options.secret}`,
    port,
    secret: options.secret,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store', ...securityHeaders })
  res.end(body)
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value))
}

// A page of its own (the console's code is not served before login), styled like the console: the brand mark, a
// card, and the one command that prints the link that works now.
function sendLinkExpired(res: ServerResponse, urlCommand = 'wopi-desk console'): void {
  const command = escapeHtml(urlCommand)
  send(
    res,
    401,
    'text/html; charset=utf-8',
    `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Console link expired · WOPI Desk</title>
<style>
  :root { color-scheme: light dark; --bg: #f4f6fb; --card: #fff; --text: #111827; --muted: #4b5563; --line: #e2e6ef; --brand: #3a4fd8; --code: #eef1f8; }
  @media (prefers-color-scheme: dark) { :root { --bg: #0f1320; --card: #171c2c; --text: #eef1f8; --muted: #aab2c5; --line: #2a3147; --brand: #8d9cff; --code: #222a40; } }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg); color: var(--text); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  main { max-width: 34rem; margin: 1.5rem; padding: 2.5rem; background: var(--card); border: 1px solid var(--line); border-radius: 14px; box-shadow: 0 12px 32px rgba(15, 23, 42, 0.08); }
  .mark { width: 40px; height: 40px; border-radius: 10px; background: var(--brand); color: #fff; display: grid; place-items: center; font-weight: 700; margin-bottom: 1.25rem; }
  h1 { font-size: 1.375rem; margin: 0 0 0.5rem; }
  p { margin: 0.5rem 0; color: var(--muted); }
  code { display: block; margin: 1rem 0; padding: 0.75rem 1rem; background: var(--code); border-radius: 8px; color: var(--text); font: 0.9375rem/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; overflow-wrap: anywhere; }
</style>
<main role="main">
  <div class="mark" aria-hidden="true">W</div>
  <h1>This console link is no longer valid</h1>
  <p>Each start of WOPI Desk makes a new Console URL with a new key, so older links and bookmarks stop working.</p>
  <p>Print the current link with:</p>
  <code>${command}</code>
  <p>then open the URL it prints in this browser.</p>
</main>
</html>`,
  )
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
