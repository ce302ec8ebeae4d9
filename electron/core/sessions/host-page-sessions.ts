import type { Catalog } from '../catalog/catalog'
import type { Clock, Log, Random } from '../deps'
import type { Host } from '../host'
import { hostPageOriginFor } from '../hostpage/host-page-origin'
import { createHostPageRoutes } from '../hostpage/host-routes'
import type { ExtraRoutes } from '../server/wopi-listener'
import { createSessionApi, type SessionApi } from './session-api'
import { createSessionService, type SessionService } from './session-service'

// Sessions and the host page routes, built before anything listens: the WOPI listener is then started with
// `routes` and `sessions.hostUrls`, so the host page and CheckFileInfo's host page properties are there from
// its first request.

type SessionHost = Pick<Host, 'db' | 'files' | 'settings' | 'wopi' | 'issueToken' | 'tokens' | 'requestLog'>

export interface HostPageSessionsOptions {
  host: SessionHost
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

export interface HostPageSessions {
  sessions: SessionService
  /** 'files:open', 'files:new-document', 'files:close-session' for the ApiImplementation */
  api: SessionApi
  /** the host page on the WOPI listener's origin */
  routes: ExtraRoutes
}

/**
 * Where the user's browser loads host pages: the WOPI listener's own origin, or before it listens, the one the
 * settings will give it. (A hostPageOrigin setting only changes what editors are told; the doctor compares the two.)
 */
export function listenerPageOrigin(host: Pick<Host, 'settings' | 'wopi'>): string {
  const { wopi } = host
  const settings = host.settings.get()
  return hostPageOriginFor(wopi.bind ?? settings.bind, wopi.port ?? settings.port)
}

export function createHostPageSessions(options: HostPageSessionsOptions): HostPageSessions {
  const { host, catalog } = options
  const sessions = createSessionService({
    db: host.db,
    files: host.files,
    issueToken: (relPath, issue) => host.issueToken(relPath, issue),
    revokeSessionTokens: (sessionId) => void host.tokens.revokeSession(sessionId),
    catalog,
    settings: () => host.settings.get(),
    // An admin who reaches the host through another name sets hostPageOrigin in the settings.
    hostPageOrigin: () => host.settings.get().hostPageOrigin ?? listenerPageOrigin(host),
    clock: options.clock,
    random: options.random,
    log: options.log,
  })
  const routes = createHostPageRoutes({
    sessions,
    staticDir: options.staticDir,
    readIcon: (appId) => catalog.readIcon(appId),
    traffic: host.requestLog,
    ...(options.consoleUrl ? { consoleUrl: options.consoleUrl } : {}),
    ...(options.loadTimeoutMs !== undefined ? { loadTimeoutMs: options.loadTimeoutMs } : {}),
    log: options.log,
  })
  return { sessions, api: createSessionApi(sessions), routes }
}
