import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Catalog } from '../catalog/catalog'
import type { Host } from '../host'
import type { Clock, Log, Random } from '../deps'
import { createHostPageRoutes } from '../hostpage/host-routes'
import { hostPageOriginFor } from '../hostpage/host-page-origin'
import type { ExtraRoutes } from '../server/wopi-listener'
import type { HostUrlsProvider } from '../wopi/host-urls'
import { createSessionApi, type SessionApi } from './session-api'
import { createSessionService, type SessionService } from './session-service'

// Sessions need the desk (tokens, files, its listener's port), and the desk needs the sessions' host page
// routes and CheckFileInfo properties when it starts listening. This breaks the circle: pass `hostUrls` and
// `extraRoutes` to createHost, then `attach` once the desk (and the catalog on its database) exist. Until
// then the host page answers 503 and CheckFileInfo carries no host page properties.

export interface AttachOptions {
  desk: Pick<Host, 'db' | 'files' | 'settings' | 'wopi' | 'issueToken' | 'tokens' | 'requestLog'>
  catalog: Pick<Catalog, 'handlersFor' | 'resolveApp' | 'pickAction' | 'listEndpoints' | 'getApp' | 'getEndpoint' | 'readIcon'>
  /** the built renderer, out/renderer (host.html and assets/) */
  staticDir: string
  /** headless mode: the console's base URL for "Open WOPI Desk" links; leave out in the desktop app */
  consoleUrl?: () => string | null
  loadTimeoutMs?: number
  clock: Clock
  random: Random
  log: Log
}

export interface AttachedSessions {
  sessions: SessionService
  /** 'files:open', 'files:new-document', 'files:close-session' for the ApiImplementation */
  api: SessionApi
}

export interface SessionWiring {
  hostUrls: HostUrlsProvider
  extraRoutes: ExtraRoutes
  attach(options: AttachOptions): AttachedSessions
}

export function createSessionWiring(): SessionWiring {
  let sessions: SessionService | null = null
  let routes: ExtraRoutes | null = null

  return {
    hostUrls: (fileId, context) => sessions?.hostUrls(fileId, context),
    extraRoutes(req: IncomingMessage, res: ServerResponse) {
      if (routes) return routes(req, res)
      if (!(req.url ?? '').startsWith('/host/')) return false
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '1', 'Cache-Control': 'no-store' })
      res.end('WOPI Desk is starting; reload in a moment.\n')
      return true
    },
    attach(options) {
      if (sessions) throw new Error('sessions are attached already')
      const { desk, catalog } = options
      if (desk.wopi.port === null) throw new Error('the desk does not listen: the host page needs its WOPI listener')
      // Fixed for the life of the listener (bind and port change only with a restart). An admin who reaches the
      // host through another name sets hostPageOrigin in the settings.
      const listenerOrigin = hostPageOriginFor(desk.settings.get().bind, desk.wopi.port)
      const hostPageOrigin = () => desk.settings.get().hostPageOrigin ?? listenerOrigin
      const service = createSessionService({
        db: desk.db,
        files: desk.files,
        issueToken: (relPath, issue) => desk.issueToken(relPath, issue),
        revokeSessionTokens: (sessionId) => void desk.tokens.revokeSession(sessionId),
        catalog,
        settings: () => desk.settings.get(),
        hostPageOrigin,
        clock: options.clock,
        random: options.random,
        log: options.log,
      })
      routes = createHostPageRoutes({
        sessions: service,
        staticDir: options.staticDir,
        readIcon: (appId) => catalog.readIcon(appId),
        traffic: desk.requestLog,
        ...(options.consoleUrl ? { consoleUrl: options.consoleUrl } : {}),
        ...(options.loadTimeoutMs !== undefined ? { loadTimeoutMs: options.loadTimeoutMs } : {}),
        log: options.log,
      })
      sessions = service
      return { sessions: service, api: createSessionApi(service) }
    },
  }
}
