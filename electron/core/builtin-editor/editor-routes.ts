import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import type { Log } from '../deps'
import { BodyTooLargeError, readBoundedBody } from '../read-bounded-body'
import { serveStatic } from '../server/static-files'
import { buildCapabilities, buildDiscoveryXml } from './discovery-document'
import { EditorFailure } from './editor-session'
import { FAVICON_SVG } from './favicon'
import { BASE_HEADERS, sendJson, sendMessagePage, sendText } from './http-io'
import {
  EDITOR_API_HEADER,
  EDITOR_API_HEADER_VALUE,
  type EditorAction,
  type EditorError,
  type SaveAsMode,
} from '../../contract/editor-page'
import type { ProofKeyStore } from './proof-key-store'
import type { SessionRegistry } from './session-registry'
import { checkWopiSrc } from './wopi-src'

// The editor server's routes. Like Collabora's: discovery and capabilities under /hosting, the action URL
// that a host page POSTs the token to, the editor page, and a same-origin JSON API the page calls (the page
// never talks WOPI; this server does).
//
//   GET  /hosting/discovery, /hosting/capabilities, /favicon.svg
//   POST /editor/<view|edit|editnew>?wopisrc=…   form body access_token, access_token_ttl -> 303 /editor/s/<id>
//   GET  /editor/s/<id>                          the page (built renderer editor.html) under a strict CSP
//   POST /editor/api/<id>/<verb>                 load, reload, save, save-as, rename, take-over, heartbeat, leave, close

export interface RouteContext {
  origin: () => string
  staticDir: string
  version: string
  keys: ProofKeyStore
  registry: SessionRegistry
  log: Log
  maxBytes: number
  allowWopiSrc: (wopiSrc: URL) => boolean
  allowHostPage: (origin: string) => boolean
}

const ACTIONS: ReadonlySet<string> = new Set(['view', 'edit', 'editnew'])
const FORM_LIMIT = 64 * 1024
const JSON_LIMIT = 64 * 1024
const SESSION_ID = /^[A-Za-z0-9_-]{32}$/
const PREFETCH_WAIT_MS = 5_000
/** a draft comes from a keepalive request while the page unloads: browsers cap those at 64 KiB */
const DRAFT_LIMIT = 256 * 1024

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}

export function createEditorRoutes(ctx: RouteContext): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async function route(req, res) {
    const url = new URL(req.url ?? '/', 'http://editor.invalid')
    const path = url.pathname
    const method = req.method ?? 'GET'

    if (path === '/hosting/discovery' && isRead(method)) {
      const xml = buildDiscoveryXml({ origin: ctx.origin(), proofKey: ctx.keys.published(), version: ctx.version })
      // no-cache, not a long max-age: the proof key can rotate and hosts must see it on their next refresh.
      return sendText(res, 200, 'text/xml; charset=utf-8', xml, { 'Cache-Control': 'no-cache' })
    }
    if (path === '/hosting/capabilities' && isRead(method)) {
      return sendJson(res, 200, buildCapabilities(ctx.version), { 'Cache-Control': 'no-cache' })
    }
    if (path === '/favicon.svg' && isRead(method)) {
      return sendText(res, 200, 'image/svg+xml', FAVICON_SVG, {
        'Cache-Control': 'public, max-age=86400',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
        'Cross-Origin-Resource-Policy': 'cross-origin',
      })
    }
    if (path === '/' && isRead(method)) {
      return sendMessagePage(
        res,
        200,
        'WOPI Desk Text',
        `The text editor built into WOPI Desk. Its WOPI discovery is at ${ctx.origin()}/hosting/discovery.`,
      )
    }

    const actionMatch = /^\/editor\/([a-z]+)$/.exec(path)
    if (actionMatch && ACTIONS.has(actionMatch[1]!)) {
      if (method === 'POST') return openDocument(req, res, url, actionMatch[1] as EditorAction)
      return sendMessagePage(
        res,
        405,
        'Open documents from WOPI Desk',
        'The editor only opens a document when the host page POSTs its access token (form fields access_token and access_token_ttl). Open the file from WOPI Desk instead of this address.',
        { Allow: 'POST' },
      )
    }

    const pageMatch = /^\/editor\/s\/([^/]+)$/.exec(path)
    if (pageMatch && isRead(method)) return servePage(res, pageMatch[1]!)

    const assetMatch = /^(?:\/editor\/s)?\/assets\/([^/]+)$/.exec(path)
    if (assetMatch && isRead(method)) {
      const served = await serveStatic(res, join(ctx.staticDir, 'assets'), assetMatch[1]!, {
        ...BASE_HEADERS,
        'Cross-Origin-Resource-Policy': 'same-origin',
      })
      if (served) return
      return sendText(res, 404, 'text/plain; charset=utf-8', 'Not found')
    }

    const apiMatch = /^\/editor\/api\/([^/]+)\/([a-z-]+)$/.exec(path)
    if (apiMatch) {
      if (method !== 'POST') return sendText(res, 405, 'text/plain; charset=utf-8', 'Use POST', { Allow: 'POST' })
      return api(req, res, url, apiMatch[1]!, apiMatch[2]!)
    }

    return sendText(res, 404, 'text/plain; charset=utf-8', 'Not found')
  }

  async function openDocument(req: IncomingMessage, res: ServerResponse, url: URL, action: EditorAction): Promise<void> {
    // Issue 13 item 9: only a host page this editor serves may open a document; browsers say who posts.
    const poster = postingOrigin(req)
    if (poster === 'refused') {
      ctx.log.warn('built-in editor: refused a form POST from another site', { origin: String(req.headers.origin ?? '') })
      return sendMessagePage(
        res,
        403,
        'The document could not be opened',
        "The built-in editor only opens documents for WOPI Desk's own host page. Open the file from WOPI Desk instead.",
      )
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
    if (type !== 'application/x-www-form-urlencoded') {
      return sendMessagePage(
        res,
        415,
        'The document could not be opened',
        'The host page must POST an application/x-www-form-urlencoded form with the access token.',
      )
    }
    let form: URLSearchParams
    try {
      form = new URLSearchParams((await readBoundedBody(req, FORM_LIMIT, req.headers['content-length'])).toString('utf8'))
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return sendMessagePage(res, 413, 'The document could not be opened', 'The form the host page sent is too large.')
      throw error
    }
    const query = caseInsensitive(url.searchParams)
    if (query.has('access_token')) {
      // ONLYOFFICE ignores a token in the query; we refuse it loudly (clients.md row 15): it leaks into logs.
      return sendMessagePage(
        res,
        400,
        'The document could not be opened',
        'The access token must be POSTed in the form body, never put in the address.',
      )
    }
    const checked = checkWopiSrc(query.get('wopisrc'))
    if (!checked.ok) return sendMessagePage(res, 400, 'The document could not be opened', checked.message)
    if (!ctx.allowWopiSrc(checked.url)) {
      // Collabora's "Unauthorized WOPI host" (alias_groups), in words.
      ctx.log.warn('built-in editor: refused a WOPI host that is not allowed', { origin: checked.url.origin })
      return sendMessagePage(
        res,
        403,
        'This WOPI host is not allowed',
        `The built-in editor does not open documents from ${checked.url.origin}.`,
      )
    }
    const token = form.get('access_token')
    if (!token)
      return sendMessagePage(res, 400, 'The document could not be opened', 'The host page sent no access token (form field access_token).')
    const ttl = Number(form.get('access_token_ttl') ?? '0')
    const session = ctx.registry.create(
      {
        action,
        wopiSrc: checked.url,
        token,
        // access_token_ttl is an absolute time in ms since the epoch; 0 means unknown (spec 8.2).
        tokenExpiresAt: Number.isFinite(ttl) && ttl > 0 ? ttl : null,
        uiLanguage: language(query.get('ui')),
        sessionContext: query.get('sc') ?? null,
      },
      poster ?? checked.url.origin,
    )
    if (!session) {
      return sendMessagePage(
        res,
        503,
        'Too many open documents',
        'The built-in editor has too many documents open. Close some, then try again.',
      )
    }
    ctx.log.info('built-in editor: session opened', {
      action,
      wopiHost: checked.url.origin,
      // HOST_SESSION_ID (spec 10.4): the host's id for this open, for matching logs across both sides.
      hostSessionId: query.get('hid') ?? null,
      wopiSessionId: session.wopiSessionId,
    })
    // Learn PostMessageOrigin for the page's frame-ancestors, but never hold the browser long for it.
    await Promise.race([session.prefetch(), delay(PREFETCH_WAIT_MS)])
    // 303: a reload of the page is a GET of the session, never a second POST of the token.
    res.writeHead(303, { ...BASE_HEADERS, Location: `/editor/s/${session.id}`, 'Cache-Control': 'no-store', 'Content-Length': '0' })
    res.end()
  }

  async function servePage(res: ServerResponse, id: string): Promise<void> {
    const session = SESSION_ID.test(id) ? ctx.registry.get(id) : null
    if (!session) {
      return sendMessagePage(res, 404, 'This editing session has ended', 'Reopen the document from WOPI Desk to continue.')
    }
    let html: string
    try {
      html = await readFile(join(ctx.staticDir, 'editor.html'), 'utf8')
    } catch {
      ctx.log.error('built-in editor: editor.html is missing', { staticDir: ctx.staticDir })
      return sendMessagePage(
        res,
        500,
        'The editor is not installed completely',
        'Its page (editor.html) is missing. Rebuild or reinstall WOPI Desk.',
      )
    }
    sendText(res, 200, 'text/html; charset=utf-8', html, {
      'Cache-Control': 'no-store',
      // Framed only by a host page it serves, whatever PostMessageOrigin a WOPI host names.
      'Content-Security-Policy': pageCsp(framingAllowed(session.frameAncestor()) ? session.frameAncestor() : "'none'"),
    })
  }

  /** the form POST's origin when a browser named one it may come from; null from a non-browser; 'refused' */
  function postingOrigin(req: IncomingMessage): string | null | 'refused' {
    const origin = req.headers.origin
    // "null" is an opaque origin (a sandboxed frame, a no-referrer page): allowed only where any page may post.
    if (origin !== undefined) return ctx.allowHostPage(origin) ? origin : 'refused'
    const site = req.headers['sec-fetch-site']
    return site === 'cross-site' ? 'refused' : null
  }

  function framingAllowed(ancestor: string): boolean {
    return ancestor !== "'none'" && ctx.allowHostPage(ancestor)
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL, id: string, verb: string): Promise<void> {
    if (req.headers[EDITOR_API_HEADER.toLowerCase()] !== EDITOR_API_HEADER_VALUE) {
      return fail(res, 403, { code: 'bad-request', message: `Requests to the editor API need the ${EDITOR_API_HEADER} header.` })
    }
    // Defence in depth next to the custom header: browsers say where a request comes from.
    const site = req.headers['sec-fetch-site']
    if (site !== undefined && site !== 'same-origin') {
      return fail(res, 403, { code: 'bad-request', message: 'The editor API only answers its own page.' })
    }
    const session = SESSION_ID.test(id) ? ctx.registry.get(id) : null
    if (!session) {
      return fail(res, 404, {
        code: 'session-ended',
        message: 'This editing session has ended. Reopen the document; your text is kept here.',
      })
    }
    try {
      switch (verb) {
        case 'load':
          return ok(res, await session.load())
        case 'reload':
          return ok(res, await session.reload())
        case 'heartbeat':
          return ok(res, session.heartbeat())
        case 'take-over':
          return ok(res, await session.takeOverLock())
        case 'save': {
          const text = await readText(req)
          const q = url.searchParams
          return ok(
            res,
            await session.save(text, {
              ...(q.get('base') ? { base: q.get('base')! } : {}),
              force: q.get('force') === '1',
              autosave: q.get('autosave') === '1',
              exit: q.get('exit') === '1',
            }),
          )
        }
        case 'save-as': {
          const text = await readText(req)
          const q = url.searchParams
          const mode: SaveAsMode = q.get('mode') === 'specific' ? 'specific' : 'suggested'
          return ok(res, await session.saveAs(text, q.get('name') ?? '', mode, q.get('overwrite') === '1'))
        }
        case 'rename': {
          const body = await readJson(req)
          return ok(res, await session.rename(typeof body['name'] === 'string' ? body['name'] : ''))
        }
        case 'leave': {
          // pagehide: a keepalive request; with ?draft=1 its body is the unsaved text (which may be empty).
          const body = await readBoundedBody(req, DRAFT_LIMIT, req.headers['content-length'])
          session.leave(url.searchParams.get('draft') === '1' ? body.toString('utf8') : null, url.searchParams.get('base'))
          return ok(res, { left: true })
        }
        case 'close':
          await ctx.registry.end(session.id, 'closed')
          return ok(res, { closed: true })
        default:
          return fail(res, 404, { code: 'bad-request', message: `Unknown editor request "${verb}".` })
      }
    } catch (error) {
      if (error instanceof EditorFailure) return fail(res, 200, error.error)
      if (error instanceof BodyTooLargeError) {
        return fail(res, 413, {
          code: 'too-large',
          message: `The text is larger than the built-in editor saves (${Math.round(ctx.maxBytes / 1048576)} MiB). Your text is kept here.`,
        })
      }
      if (error instanceof SyntaxError) return fail(res, 400, { code: 'bad-request', message: 'The request body is not valid JSON.' })
      throw error
    }
  }

  async function readText(req: IncomingMessage): Promise<string> {
    // The page sends LF text; CRLF conversion on save can only grow it, and encodeText checks the real size.
    const bytes = await readBoundedBody(req, ctx.maxBytes + 64 * 1024, req.headers['content-length'])
    return bytes.toString('utf8')
  }

  async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
    const bytes = await readBoundedBody(req, JSON_LIMIT, req.headers['content-length'])
    const value: unknown = bytes.length ? JSON.parse(bytes.toString('utf8')) : {}
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new SyntaxError('not an object')
    return value as Record<string, unknown>
  }
}

/** The page's CSP: only its own scripts, styles and API; framed only by the host page (PostMessageOrigin). */
export function pageCsp(frameAncestor: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Emotion (MUI) injects <style> elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
    // Markdown images from elsewhere stay blocked: a preview must not call out (tracking pixels).
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestor}`,
  ].join('; ')
}

function ok(res: ServerResponse, value: unknown): void {
  sendJson(res, 200, { ok: true, value })
}

function fail(res: ServerResponse, status: number, error: EditorError): void {
  sendJson(res, status, { ok: false, error })
}

function isRead(method: string): boolean {
  return method === 'GET' || method === 'HEAD'
}

/** Hosts that append WOPISrc themselves spell it `WOPISrc` (spec 10.4 rule 5); placeholders are lower case. */
function caseInsensitive(params: URLSearchParams): Map<string, string> {
  const out = new Map<string, string>()
  for (const [name, value] of params) {
    const key = name.toLowerCase()
    if (!out.has(key)) out.set(key, value)
  }
  return out
}

function language(value: string | undefined): string | null {
  if (!value) return null
  try {
    return Intl.getCanonicalLocales(value)[0] ?? null
  } catch {
    return null
  }
}
