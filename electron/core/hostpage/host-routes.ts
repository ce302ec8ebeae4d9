import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import { ApiError } from '../../contract/envelope'
import type { ActivityFilter } from '../../contract/dto'
import type { Log } from '../deps'
import type { ExtraRoutes } from '../server/wopi-listener'
import { serveStatic } from '../server/static-files'
import type { SessionService } from '../sessions/session-service'
import { BASE_HEADERS, MESSAGE_PAGE_WITH_FORM_CSP, NO_STORE_HEADERS, hostPageHeaders } from './host-page-headers'
import { sendMessagePage } from './message-page'
import type { HostPageData } from '../../contract/host-page'
import { renderHostPage } from './render-host-page'

// The host page's routes on the WOPI listener's origin (spec 11). The session id in the path is the
// capability: 16 random bytes, handed only to the local user (and, inside HostEditUrl/HostViewUrl/CloseUrl,
// to the editor that already holds the session's token). Because the editor knows the session id, what only
// the local user may do (turn a view into a write session) also needs the page key: a random key set as an
// HttpOnly, SameSite=Lax cookie on the first load of the page, which always comes before the editor learns
// the id (the page's form POST is what tells it).
//
//   GET  /host/<sid>              the page: session JSON + the form with the token (live sessions only)
//   GET  /host/assets/<file>      the built page's script and styles (out/renderer/assets)
//   POST /host/<sid>/close        the page closes its session (UI_Close, its Close button)
//   GET  /host/<sid>/view         sibling view session, 303 to its page (HostViewUrl)
//   GET  /host/<sid>/edit         from the page itself (its key, same-origin): sibling edit session, 303 to its
//                                 page (UI_Edit, the Edit button); from anywhere else a page that asks the user
//   POST /host/<sid>/edit         that page's Edit button: the switch, with the page key (HostEditUrl)
//   GET  /host/<sid>/versions     the file's kept versions (JSON; a small page when a browser navigates here)
//   GET  /host/<sid>/closed       CloseUrl: closes the session, "Document closed"
//   GET  /host/<sid>/icon         the app's icon
//   GET  /host/<sid>/status       what the editor's server asked the host, for the loading diagnosis

export interface HostRouteDeps {
  sessions: SessionService
  /** the built renderer (out/renderer): host.html and assets/ */
  staticDir: string
  /** the catalog's icon reader (custom icon, else the discovered one) */
  readIcon?: (appId: string) => { bytes: Buffer; contentType: string } | null
  /** the WOPI traffic log: lets the page tell "the editor never called us" from "it did, then stalled" */
  traffic?: { recent(filter?: ActivityFilter): { ts: number; operation: string; status: number; error: string | null }[] }
  /** the console's address for "Back to WOPI Desk" links in a browser (headless mode); null in the desktop app */
  consoleUrl?: () => string | null
  /** App_LoadingStatus wait before the page explains what probably went wrong; default 30 s */
  loadTimeoutMs?: number
  log: Log
}

const PREFIX = '/host/'
const SESSION_ID = /^[A-Za-z0-9_-]{16,64}$/
const FILE_ID = /^[A-Za-z0-9_-]{1,64}$/
const DEFAULT_LOAD_TIMEOUT_MS = 30_000

const ENDED = {
  title: 'This document session has ended',
  message: 'The link is no longer valid: the document was closed, its access expired, or WOPI Desk was restarted.',
  detail: "Open the document again from WOPI Desk's Files page.",
  tone: 'neutral' as const,
}

export function createHostPageRoutes(deps: HostRouteDeps): ExtraRoutes {
  const { sessions, log } = deps

  return async function hostRoutes(req, res) {
    const url = new URL(req.url ?? '/', 'http://host.invalid')
    if (!url.pathname.startsWith(PREFIX)) return false
    const method = req.method ?? 'GET'
    const head = method === 'HEAD'
    const rest = url.pathname.slice(PREFIX.length)

    if (rest.startsWith('assets/')) {
      if (method !== 'GET' && !head) return methodNotAllowed(res, 'GET, HEAD')
      const served = await serveStatic(res, join(deps.staticDir, 'assets'), rest.slice('assets/'.length), {
        ...BASE_HEADERS,
        'Cross-Origin-Resource-Policy': 'same-origin',
      })
      if (!served) sendPlain(res, 404, 'Not found')
      return true
    }

    if (rest.startsWith('open/')) {
      // Opening starts a session: GET only (a HEAD from a link checker must not open documents).
      if (method !== 'GET') return methodNotAllowed(res, 'GET')
      const [, fileId = '', mode = '', ...more] = rest.split('/')
      if (!FILE_ID.test(fileId) || (mode !== 'view' && mode !== 'edit') || more.length > 0) {
        sendMessagePage(res, 404, withConsoleLink(ENDED), false)
        return true
      }
      await openFromLink(res, fileId, mode, url.searchParams)
      return true
    }

    const [sid = '', verb = '', ...extra] = rest.split('/')
    if (!SESSION_ID.test(sid) || extra.length > 0) {
      sendMessagePage(res, 404, withConsoleLink(ENDED), head)
      return true
    }
    const fileParam = url.searchParams.get('file') ?? undefined
    if (fileParam !== undefined && !FILE_ID.test(fileParam)) {
      sendMessagePage(res, 404, withConsoleLink(ENDED), head)
      return true
    }

    switch (verb) {
      case '':
        if (method !== 'GET' && !head) return methodNotAllowed(res, 'GET, HEAD')
        await servePage(res, sid, head)
        return true
      case 'close':
        if (method !== 'POST') return methodNotAllowed(res, 'POST')
        closeFromPage(req, res, sid)
        return true
      case 'edit':
        if (method === 'POST') {
          await switchToEdit(req, res, sid, fileParam, url.searchParams, 'confirmed')
          return true
        }
        if (method !== 'GET' && !head) return methodNotAllowed(res, 'GET, HEAD, POST')
        if (!head && fromOwnPage(req, sid)) await switchToEdit(req, res, sid, fileParam, url.searchParams, 'own-page')
        else askForEdit(res, sid, url.searchParams, head)
        return true
      case 'view':
        if (method !== 'GET' && !head) return methodNotAllowed(res, 'GET, HEAD')
        await switchMode(req, res, sid, 'view', fileParam, url.searchParams)
        return true
      case 'versions':
        if (method !== 'GET' && !head) return methodNotAllowed(res, 'GET, HEAD')
        serveVersions(req, res, sid, fileParam, head)
        return true
      case 'closed':
        if (method !== 'GET' && !head) return methodNotAllowed(res, 'GET, HEAD')
        serveClosed(res, sid, head)
        return true
      case 'icon':
        if (method !== 'GET' && !head) return methodNotAllowed(res, 'GET, HEAD')
        serveIcon(res, sid, head)
        return true
      case 'status':
        if (method !== 'GET' && !head) return methodNotAllowed(res, 'GET, HEAD')
        serveStatus(res, sid, head)
        return true
      default:
        sendMessagePage(res, 404, withConsoleLink(ENDED), head)
        return true
    }
  }

  function withConsoleLink(page: Parameters<typeof sendMessagePage>[2]): Parameters<typeof sendMessagePage>[2] {
    const consoleUrl = deps.consoleUrl?.() ?? null
    return consoleUrl ? { ...page, link: { href: consoleUrl, label: 'Open WOPI Desk' } } : page
  }

  async function servePage(res: ServerResponse, sid: string, head: boolean): Promise<void> {
    const session = sessions.forPage(sid)
    if (!session) return sendMessagePage(res, 404, withConsoleLink(ENDED), head)
    let template: string
    try {
      template = await readFile(join(deps.staticDir, 'host.html'), 'utf8')
    } catch {
      log.error('host page: host.html is missing', { staticDir: deps.staticDir })
      return sendMessagePage(
        res,
        500,
        {
          title: 'WOPI Desk is not installed completely',
          message: 'The page that shows editors (host.html) is missing.',
          detail: 'Rebuild WOPI Desk (npm run build) or reinstall it.',
          tone: 'problem',
        },
        head,
      )
    }
    const base = `/host/${sid}`
    const data: HostPageData = {
      sessionId: sid,
      fileName: session.fileName,
      appName: session.appName,
      endpointName: session.endpointName,
      editorKind: session.editorKind,
      action: session.action,
      canWrite: session.canWrite,
      mayWrite: session.mayWrite,
      actionUrl: session.actionUrl,
      editorOrigin: session.editorOrigin,
      hostOrigin: sessions.hostPageOrigin(),
      wopiBase: session.wopiSrc.replace(/\/wopi\/files\/[^/]*$/, ''),
      iconUrl: session.appId && deps.readIcon?.(session.appId) ? `${base}/icon` : null,
      loadTimeoutMs: deps.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS,
      urls: {
        close: `${base}/close`,
        closed: `${base}/closed`,
        edit: `${base}/edit`,
        view: `${base}/view`,
        versions: `${base}/versions`,
        status: `${base}/status`,
      },
      consoleUrl: deps.consoleUrl?.() ?? null,
      language: session.language,
    }
    const html = Buffer.from(
      renderHostPage(template, data, {
        actionUrl: session.actionUrl,
        accessToken: session.accessToken,
        accessTokenTtl: session.accessTokenTtl,
      }),
      'utf8',
    )
    const pageKey = head ? null : sessions.claimPage(sid)
    res.writeHead(200, {
      ...hostPageHeaders(session.editorOrigin),
      'Content-Length': String(html.length),
      ...(pageKey ? { 'Set-Cookie': pageKeyCookie(sid, pageKey) } : {}),
    })
    res.end(head ? undefined : html)
  }

  function closeFromPage(req: IncomingMessage, res: ServerResponse, sid: string): void {
    // Only the page itself closes its session: a cross-site form or beacon is refused (browsers say who sends).
    const site = req.headers['sec-fetch-site']
    if (site !== undefined && site !== 'same-origin') {
      return sendJson(res, 403, { ok: false, error: { code: 'forbidden', message: 'Only the document page can close its session.' } })
    }
    req.resume()
    try {
      sessions.close(sid)
    } catch (error) {
      if (error instanceof ApiError) return sendJson(res, 404, { ok: false, error: { code: error.code, message: error.message } })
      throw error
    }
    res.writeHead(204, { ...BASE_HEADERS, ...NO_STORE_HEADERS })
    res.end()
  }

  /**
   * The request comes from the session's own page, in the browser it was bound to, because the user clicked
   * (its Edit button, or the editor's, which activates the page too: Sec-Fetch-User). An editor that posts
   * UI_Edit by itself gets the page that asks.
   */
  function fromOwnPage(req: IncomingMessage, sid: string): boolean {
    return (
      req.headers['sec-fetch-site'] === 'same-origin' &&
      req.headers['sec-fetch-user'] === '?1' &&
      sessions.pageKeyMatches(sid, pageKeyFrom(req, sid))
    )
  }

  async function switchToEdit(
    req: IncomingMessage,
    res: ServerResponse,
    sid: string,
    fileId: string | undefined,
    query: URLSearchParams,
    how: 'confirmed' | 'own-page',
  ): Promise<void> {
    req.resume()
    const site = req.headers['sec-fetch-site']
    // A browser says who sends; a client that is not a browser has no page key, which the service checks.
    if (how === 'confirmed' && site !== undefined && site !== 'same-origin') {
      return sendMessagePage(
        res,
        403,
        withConsoleLink({
          title: 'The document cannot be opened for editing',
          message:
            "Only the window this document was opened in can switch it to editing. Use its Edit button, or open the document from WOPI Desk's Files page.",
          tone: 'problem',
        }),
      )
    }
    await switchMode(req, res, sid, 'edit', fileId, query)
  }

  /** HostEditUrl reached from outside the page: a page that asks, whose button POSTs (with the page key) */
  function askForEdit(res: ServerResponse, sid: string, query: URLSearchParams, head: boolean): void {
    if (!sessions.openRow(sid)) return sendMessagePage(res, 404, withConsoleLink(ENDED), head)
    const fileName = sessions.fileName(sid) ?? 'this document'
    const kept = new URLSearchParams()
    for (const [name, value] of query) if (name === 'file' || /^wd/i.test(name)) kept.append(name, value)
    sendMessagePage(
      res,
      200,
      {
        title: `Edit ${fileName}?`,
        message: 'The editor asks to switch this document from viewing to editing.',
        detail: 'Only you can allow it, in the window the document was opened in. To keep viewing, go back.',
        form: { action: `/host/${sid}/edit${kept.size > 0 ? `?${kept}` : ''}`, label: 'Edit' },
        link: { href: `/host/${sid}`, label: 'Keep viewing' },
      },
      head,
      { 'Content-Security-Policy': MESSAGE_PAGE_WITH_FORM_CSP },
    )
  }

  /** HostViewUrl/HostEditUrl of a token without a session (sessions/host-links.ts): a new session, then its page. */
  async function openFromLink(res: ServerResponse, fileId: string, mode: 'edit' | 'view', query: URLSearchParams): Promise<void> {
    try {
      const result = await sessions.openLink(fileId, mode, Number(query.get('exp')), query.get('sig') ?? '')
      redirectToSession(res, result.sessionId, query, null)
    } catch (error) {
      refuseOpen(res, mode, error)
    }
  }

  /** 303 to a session's page, passing on Office's wd* parameters (spec 11.1 item 7) and, when given, its page key. */
  function redirectToSession(res: ServerResponse, sessionId: string, query: URLSearchParams, pageKey: string | null): void {
    const wd = new URLSearchParams()
    for (const [name, value] of query) if (/^wd/i.test(name)) wd.append(name, value)
    res.writeHead(303, {
      ...BASE_HEADERS,
      ...NO_STORE_HEADERS,
      Location: `/host/${sessionId}${wd.size > 0 ? `?${wd}` : ''}`,
      'Content-Length': '0',
      ...(pageKey ? { 'Set-Cookie': pageKeyCookie(sessionId, pageKey) } : {}),
    })
    res.end()
  }

  /** A session that could not be opened or switched, in words (ApiError); anything else is the caller's to handle. */
  function refuseOpen(res: ServerResponse, mode: 'edit' | 'view', error: unknown): void {
    if (!(error instanceof ApiError)) throw error
    const status = error.code === 'forbidden' ? 403 : error.code === 'not-found' ? 404 : 409
    sendMessagePage(
      res,
      status,
      withConsoleLink({
        title: mode === 'edit' ? 'The document cannot be opened for editing' : 'The document cannot be opened for viewing',
        message: error.message,
        tone: 'problem',
      }),
    )
  }

  async function switchMode(
    req: IncomingMessage,
    res: ServerResponse,
    sid: string,
    mode: 'edit' | 'view',
    fileId: string | undefined,
    query: URLSearchParams,
  ): Promise<void> {
    try {
      const pageKey = pageKeyFrom(req, sid)
      const ownPage = sessions.pageKeyMatches(sid, pageKey)
      const result = await sessions.switchMode(sid, mode, fileId, pageKey ? { pageKey } : undefined)
      // The sibling's page belongs to the same window: it gets its key with the redirect, before anyone else.
      redirectToSession(res, result.sessionId, query, ownPage ? sessions.claimPage(result.sessionId) : null)
    } catch (error) {
      refuseOpen(res, mode, error)
    }
  }

  function serveVersions(req: IncomingMessage, res: ServerResponse, sid: string, fileId: string | undefined, head: boolean): void {
    let versions
    try {
      versions = sessions.versions(sid, fileId)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      if (wantsHtml(req)) return sendMessagePage(res, 404, withConsoleLink(ENDED), head)
      return sendJson(res, 404, { ok: false, error: { code: error.code, message: error.message } }, head)
    }
    if (wantsHtml(req)) {
      // FileVersionUrl opened by an editor that navigates instead of posting UI_FileVersions.
      const count = versions.length
      return sendMessagePage(
        res,
        200,
        withConsoleLink({
          title: count === 0 ? 'No earlier versions yet' : `${count} earlier version${count === 1 ? '' : 's'} kept`,
          message:
            count === 0
              ? 'WOPI Desk keeps the previous content each time the document is saved.'
              : `The newest is from ${new Date(versions[0]!.createdAt).toUTCString()}.`,
          detail: "To look at or restore a version, use the Versions button on WOPI Desk's Files page.",
        }),
        head,
      )
    }
    sendJson(res, 200, { ok: true, value: versions }, head)
  }

  function serveClosed(res: ServerResponse, sid: string, head: boolean): void {
    const fileName = sessions.fileName(sid)
    // CloseUrl: the editor sent the whole window here, so the page and its session are gone.
    if (!head && sessions.openRow(sid)) sessions.close(sid)
    sendMessagePage(
      res,
      200,
      withConsoleLink({
        title: fileName ? `${fileName} is closed` : 'The document is closed',
        message: 'You can close this tab or window.',
        detail: "To open the document again, use WOPI Desk's Files page.",
        tone: 'done',
      }),
      head,
    )
  }

  function serveIcon(res: ServerResponse, sid: string, head: boolean): void {
    const row = sessions.openRow(sid)
    const icon = row?.appId && deps.readIcon ? deps.readIcon(row.appId) : null
    if (!icon) return sendPlain(res, 404, 'No icon')
    res.writeHead(200, {
      ...BASE_HEADERS,
      'Content-Type': icon.contentType,
      'Content-Length': String(icon.bytes.length),
      'Cache-Control': 'private, max-age=300',
      // An uploaded SVG is only ever an image here: even opened directly it may not run script.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      'Cross-Origin-Resource-Policy': 'same-origin',
    })
    res.end(head ? undefined : icon.bytes)
  }

  function serveStatus(res: ServerResponse, sid: string, head: boolean): void {
    const open = sessions.openRow(sid) !== null
    if (!open) return sendJson(res, 404, { ok: false, error: { code: 'not-found', message: 'This document session has ended.' } }, head)
    const requests = (deps.traffic?.recent({ sessionId: sid, limit: 20 }) ?? []).map((entry) => ({
      ts: entry.ts,
      operation: entry.operation,
      status: entry.status,
      error: entry.error,
    }))
    sendJson(res, 200, { ok: true, value: { open, requests } }, head)
  }
}

const PAGE_KEY_COOKIE_PREFIX = 'wopi-desk-page-'

/**
 * Scoped to the session's own paths; the host page never reads it (HttpOnly), it only comes back with a switch.
 * Lax, not Strict: an editor that navigates the window to HostViewUrl/HostEditUrl (a cross-site top-level GET)
 * keeps the page the user's. A switch to edit still needs a same-origin request with a click, or the POST of
 * the page that asks; cross-site POSTs never carry a Lax cookie.
 */
function pageKeyCookie(sid: string, key: string): string {
  return `${PAGE_KEY_COOKIE_PREFIX}${sid}=${key}; Path=/host/${sid}; HttpOnly; SameSite=Lax`
}

function pageKeyFrom(req: IncomingMessage, sid: string): string | undefined {
  const wanted = `${PAGE_KEY_COOKIE_PREFIX}${sid}`
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=')
    if (at > 0 && part.slice(0, at).trim() === wanted) return part.slice(at + 1).trim()
  }
  return undefined
}

function wantsHtml(req: IncomingMessage): boolean {
  const accept = String(req.headers.accept ?? '')
  return accept.includes('text/html') && !accept.includes('application/json')
}

function methodNotAllowed(res: ServerResponse, allow: string): true {
  res.writeHead(405, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', Allow: allow })
  res.end('Method not allowed\n')
  return true
}

function sendPlain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...BASE_HEADERS, ...NO_STORE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(`${text}\n`)
}

function sendJson(res: ServerResponse, status: number, value: unknown, head = false): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8')
  res.writeHead(status, {
    ...BASE_HEADERS,
    ...NO_STORE_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(body.length),
  })
  res.end(head ? undefined : body)
}
