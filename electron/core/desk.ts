import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { ApiImplementation } from '../contract/channels'
import { createBuiltinEditor, type BuiltinEditor, type BuiltinEditorOptions } from './builtin-editor/builtin-editor'
import { createBuiltinRemoval, type BuiltinRemoval } from './builtin-editor/builtin-removal'
import { probeEndpoint } from './catalog/endpoint-status'
import { ApiError } from '../contract/envelope'
import { createHttpFetcher, type Fetcher } from './discovery/http-fetch'
import { createCatalogApi } from './catalog/catalog-api'
import { createCatalog, type Catalog } from './catalog/catalog'
import { createProofGate } from './catalog/proof-gate'
import { silentLog, systemClock, systemRandom } from './deps'
import { createActivityApi } from './activity'
import { createConformanceApi } from './conformance'
import { createDoctorApi } from './doctor/doctor-api'
import { createEventBus, type EventBus } from './event-bus'
import { startFileChangeFeed } from './files/change-feed'
import { createFilesApi } from './files/files-api'
import { createFileActionsApi } from './files/file-actions-api'
import { createTrashApi } from './files/trash-api'
import { listenHost, openHost, type Host, type HostOptions } from './host'
import { startConsoleListener, type ConsoleListener } from './server/console-listener'
import { PortInUseError } from './server/wopi-listener'
import { createHostPageSessions, listenerPageOrigin } from './sessions/host-page-sessions'
import { createSessionRepo } from './db/session-repo'
import { createPlacesApi } from './places/places-api'
import type { SessionService } from './sessions/session-service'
import { createSettingsApi } from './settings/settings-api'
import { createHostPauseApi } from './host-pause-api'
import { createUpdatesApi, npmUpdates, type UpdateSource } from './updates/updates-api'

// The composition root: the WOPI host, the editor catalog and its proof gate, sessions and the host page, the
// built-in editor, diagnostics, and the one console API that both transports (IPC in the desktop app, HTTP in
// `serve`) expose. Nothing here knows whether it runs in Electron, under the CLI or in a test.

export const DEFAULT_EDITOR_PORT = 17891

export interface DeskOptions extends HostOptions {
  /** the built renderer (out/renderer): console, host page and built-in editor pages */
  staticDir: string
  /** resources/ as shipped (the validator's test cases) */
  resourcesDir: string
  appVersion: string
  /** versions shown in diagnostics reports inside the desktop app */
  electronVersion?: string | null
  chromeVersion?: string | null
  /** how long the host page waits for the editor before it explains what probably went wrong */
  hostPageLoadTimeoutMs?: number
  /** the app's updates (electron-updater in the desktop app); default: updated through npm */
  updates?: UpdateSource
  /** how the catalog fetches discovery documents and icons; default plain HTTP(S) with its own timeouts */
  fetcher?: Fetcher
}

/** The built-in editor's listener: default port 17891. */
export interface EditorListenOptions {
  port?: number
  /** when that port is taken: another free one ('move', the desktop app), or an EditorPortInUseError ('refuse', `serve`) */
  whenPortTaken?: 'move' | 'refuse'
}

/** The console over HTTP on 127.0.0.1 (headless mode); the desktop app uses IPC instead. */
export interface ConsoleListenOptions {
  /** default 0: a free port */
  port?: number
  /** default: a new one */
  secret?: string
  /** the command that prints the current Console URL where this runs */
  urlCommand?: string
}

/** Which listeners to open; each left out stays closed. */
export interface ListenOptions {
  /** the WOPI host with the host page, on the settings' bind address and port */
  wopi?: boolean
  console?: ConsoleListenOptions
  editor?: EditorListenOptions
  /** refresh every editor's discovery on Microsoft's 12-hour schedule while serving */
  scheduler?: boolean
}

export interface DeskAddresses {
  wopi: { url: string; port: number; hostPageOrigin: string } | null
  console: { url: string; loginUrl: string; port: number } | null
  editor: { origin: string; discoveryUrl: string; port: number } | null
}

export interface Desk {
  host: Host
  catalog: Catalog
  sessions: SessionService
  events: EventBus
  /** every console operation; both transports call exactly this */
  api: ApiImplementation
  /** where the browser loads host pages: the WOPI listener's origin (before listen, the one it will have) */
  readonly hostPageOrigin: string
  /** null until listen opens it */
  readonly console: ConsoleListener | null
  /** null until listen opens it */
  readonly editor: BuiltinEditor | null
  /** what listens now; all null for a desk that only answers commands */
  addresses(): DeskAddresses
  /** stops everything in reverse order: the console and editor listeners, the services, then the host (WOPI listener, database) */
  close(): Promise<void>
}

// listen reaches into the closure openDesk made through this, so starting listeners stays one exported function
// rather than a method every holder of a Desk (the IPC binding, the CLI) could call.
type StartListeners = (options: ListenOptions) => Promise<DeskAddresses>
const listenerStarters = new WeakMap<Desk, StartListeners>()

/**
 * Builds the whole desk with no socket: database, settings, files, tokens, locks, traffic log, catalog, proof
 * gate, sessions and the host page, support services and the console API. CLI commands use it as it is;
 * `serve` and the desktop app then call listen.
 */
export async function openDesk(options: DeskOptions): Promise<Desk> {
  const clock = options.clock ?? systemClock
  const random = options.random ?? systemRandom
  const log = options.log ?? silentLog
  const events = createEventBus((error) => log.warn('a console listener failed', { error: (error as Error)?.message }))

  const host = await openHost(options)
  const closers: (() => Promise<void> | void)[] = [() => host.close()]
  let closed = false
  // Last started, first stopped: the listeners go before the services they call, the host (database) last.
  const close = async () => {
    if (closed) return
    closed = true
    for (const closeOne of [...closers].reverse()) {
      await Promise.resolve()
        .then(closeOne)
        .catch((error: unknown) => log.warn('shutdown step failed', { error: (error as Error)?.message }))
    }
  }

  try {
    const catalog = createCatalog({
      db: host.db,
      dataDir: host.dataDir,
      clock,
      log,
      emit: (event, payload) => events.emit(event, payload),
      ...(options.fetcher ? { fetcher: options.fetcher } : {}),
    })
    closers.push(async () => {
      catalog.stop()
      await catalog.idle()
    })
    const proofGate = createProofGate({ catalog, clock, log })

    let consoleListener: ConsoleListener | null = null
    let editor: BuiltinEditor | null = null
    const hostPage = createHostPageSessions({
      host,
      catalog,
      staticDir: options.staticDir,
      consoleUrl: () => consoleListener?.url ?? null,
      ...(options.hostPageLoadTimeoutMs !== undefined ? { loadTimeoutMs: options.hostPageLoadTimeoutMs } : {}),
      clock,
      random,
      log,
    })
    const { sessions } = hostPage

    const openSessions = createSessionRepo(host.db)
    let prewarmFiles: (() => void) | null = null
    const builtinRemoval = createBuiltinRemoval(host.db, () => clock.now())
    const catalogApi = createCatalogApi(catalog, { emit: (event, payload) => events.emit(event, payload) })
    const statusFetcher = createHttpFetcher()

    closers.push(startFileChangeFeed({ traffic: host.requestLog, files: host.files, events }))
    const activity = createActivityApi({ db: host.db, traffic: host.requestLog, clock, events })
    closers.push(() => activity.stop())
    const { stop: _stopActivity, ...activityApi } = activity

    const api: ApiImplementation = {
      ...catalogApi,
      'catalog:remove-endpoint': async (endpointId) => {
        const builtin = catalog.listEndpoints().find((endpoint) => endpoint.id === endpointId && endpoint.kind === 'builtin')
        await catalogApi['catalog:remove-endpoint'](endpointId)
        if (builtin) builtinRemoval.markRemoved()
      },
      'editors:restore-builtin': async () => {
        if (!editor)
          throw new ApiError('unavailable', 'The built-in editor is not running in this session; restart WOPI Desk with it enabled.')
        const existing = catalog.listEndpoints().find((endpoint) => endpoint.kind === 'builtin')
        builtinRemoval.clear()
        if (existing) return existing
        const result = await catalogApi['catalog:import']({ url: editor.discoveryUrl })
        return result.endpoint
      },
      'editors:status': async (endpointId) => {
        const endpoint = catalog.listEndpoints().find((candidate) => candidate.id === endpointId)
        if (!endpoint) throw new ApiError('not-found', 'This editor is no longer in the catalog; reload the Editors page.')
        return probeEndpoint(endpoint, { fetcher: statusFetcher, now: () => clock.now() })
      },
      ...hostPage.api,
      ...createPlacesApi({
        places: host.places,
        open: (request) => hostPage.api['files:open'](request),
        newDocument: (request, inFolder) => hostPage.sessions.newDocument(request, inFolder),
        lockedFiles: () => lockedFiles(host),
        openSessions: () => openSessions.openSessions(clock.now()),
        closeSession: (sessionId) => void sessions.close(sessionId),
        events,
        log,
      }),
      ...createFilesApi({
        files: host.files,
        locks: host.locks,
        clock,
        events,
        prewarm: (job) => (prewarmFiles = job),
        places: host.places,
      }),
      ...createFileActionsApi({
        files: host.files,
        locks: host.locks,
        events,
        maxFileSizeBytes: () => host.settings.get().maxFileSizeBytes,
        places: host.places,
      }),
      ...createTrashApi({
        files: host.files,
        retentionDays: () => host.settings.get().trashRetentionDays,
        events,
        places: host.places,
      }),
      ...activityApi,
      ...createSettingsApi({ settings: host.settings, dto: () => host.settingsDto() }),
      ...createHostPauseApi({ host, clock, events }),
      ...createUpdatesApi(options.updates ?? npmUpdates(options.appVersion)),
      ...createDoctorApi({
        desk: host,
        catalog,
        clock,
        random,
        log,
        // read at each run: the listener's origin once it listens
        get hostPageOrigin() {
          return listenerPageOrigin(host)
        },
        emit: (event, payload) => events.emit(event, payload),
        report: {
          appVersion: options.appVersion,
          electronVersion: options.electronVersion ?? null,
          chromeVersion: options.chromeVersion ?? null,
        },
      }),
      ...createConformanceApi({
        db: host.db,
        dataDir: host.dataDir,
        testCasesPath: join(options.resourcesDir, 'wopi-validator', 'TestCases.xml'),
        root: () => host.files.root,
        issueWriteToken: (relPath) => host.issueToken(relPath, { write: true, ttlSeconds: 3600 }),
        clock,
        random,
        log,
      }),
    }

    let listening = false
    const addresses = (): DeskAddresses => {
      const wopi = host.wopi
      return {
        wopi: wopi.port !== null ? { url: wopi.url, port: wopi.port, hostPageOrigin: listenerPageOrigin(host) } : null,
        console: consoleListener ? { url: consoleListener.url, loginUrl: consoleListener.loginUrl, port: consoleListener.port } : null,
        editor: editor ? { origin: editor.origin, discoveryUrl: editor.discoveryUrl, port: editor.port } : null,
      }
    }

    const startListeners: StartListeners = async (listen) => {
      if (closed) throw new Error('this desk is closed')
      if (listening) throw new Error('this desk listens already')
      listening = true
      if (listen.wopi) {
        await listenHost(host, {
          proofGate,
          hostUrls: (fileId, context) => sessions.hostUrls(fileId, context),
          extraRoutes: hostPage.routes,
        })
      }
      if (listen.editor) {
        const hostPageOrigin = listenerPageOrigin(host)
        editor = await startBuiltinEditor(options, listen.editor, host, catalog, builtinRemoval, {
          // Issue 13 item 9: this desk's WOPI host only (its public URL or its listener), driven and framed only
          // by its own host page (where browsers load it, and the PostMessageOrigin editors are told).
          allowWopiSrc: (wopiSrc) => wopiSrc.origin === originOf(host.wopiBase()) || wopiSrc.origin === hostPageOrigin,
          allowHostPage: (origin) => origin === hostPageOrigin || origin === sessions.hostPageOrigin(),
        })
        closers.push(() => editor?.close())
      }
      if (listen.console) {
        consoleListener = await startConsoleListener({
          api,
          events,
          staticDir: options.staticDir,
          secret: listen.console.secret ?? randomBytes(24).toString('base64url'),
          port: listen.console.port ?? 0,
          readIcon: async (appId) => catalog.readIcon(appId),
          ...(listen.console.urlCommand ? { urlCommand: listen.console.urlCommand } : {}),
          log,
        })
        closers.push(() => consoleListener?.close())
      }
      if (listen.scheduler) catalog.startScheduler()
      if (listen.wopi || listen.console) prewarmFiles?.()
      return addresses()
    }

    const desk: Desk = {
      host,
      catalog,
      sessions,
      events,
      api,
      get hostPageOrigin() {
        return listenerPageOrigin(host)
      },
      get console() {
        return consoleListener
      },
      get editor() {
        return editor
      },
      addresses,
      close,
    }
    listenerStarters.set(desk, startListeners)
    return desk
  } catch (error) {
    await close()
    throw error
  }
}

/**
 * Opens the listeners asked for (port 0 picks a free one) and returns their addresses. Once per desk. When one
 * cannot start, it throws; closing the desk then stops those that did.
 */
export async function listen(desk: Desk, options: ListenOptions): Promise<DeskAddresses> {
  const start = listenerStarters.get(desk)
  if (!start) throw new Error('listen takes a desk made by openDesk')
  return start(options)
}

/** createDesk's options: the desk's, and which editor and console listeners to open with the WOPI host. */
export interface CreateDeskOptions extends DeskOptions {
  /** default: on port 17891 */
  builtinEditor?: EditorListenOptions | false
  console?: ConsoleListenOptions
}

/** Tests' shorthand for openDesk then listen: the WOPI listener always, the editor unless false, the console when given. */
export async function createDesk(options: CreateDeskOptions): Promise<Desk> {
  const desk = await openDesk(options)
  await listen(desk, {
    wopi: true,
    ...(options.builtinEditor !== false ? { editor: options.builtinEditor ?? {} } : {}),
    ...(options.console ? { console: options.console } : {}),
  }).catch(async (error: unknown) => {
    await desk.close()
    throw error
  })
  return desk
}

/**
 * Starts the built-in editor and makes sure the catalog points at it: imported on first run, and moved (keeping
 * the admin's names and icons) when it had to take another port.
 */
async function startBuiltinEditor(
  options: DeskOptions,
  listen: EditorListenOptions,
  host: Host,
  catalog: Catalog,
  removal: BuiltinRemoval,
  confinement: Pick<BuiltinEditorOptions, 'allowWopiSrc' | 'allowHostPage'>,
): Promise<BuiltinEditor> {
  const clock = options.clock ?? systemClock
  const random = options.random ?? systemRandom
  const log = options.log ?? silentLog
  const base = { dataDir: host.dataDir, staticDir: options.staticDir, clock, random, log, version: options.appVersion, ...confinement }
  const wanted = listen.port ?? DEFAULT_EDITOR_PORT
  let editor: BuiltinEditor
  try {
    editor = await createBuiltinEditor({ ...base, port: wanted })
  } catch (error) {
    if (wanted === 0 || !isPortInUse(error)) throw error
    if (listen.whenPortTaken === 'refuse') throw new EditorPortInUseError(wanted)
    log.warn('the built-in editor port is taken; using another one', { port: wanted })
    editor = await createBuiltinEditor({ ...base, port: 0 })
  }
  try {
    const existing = catalog.listEndpoints().find((endpoint) => endpoint.kind === 'builtin')
    if (!existing && removal.removed()) log.info('the built-in editor was removed from the catalog; it stays out until restored')
    else if (!existing) await catalog.importEndpoint({ url: editor.discoveryUrl })
    else if (existing.discoveryUrl !== editor.discoveryUrl) await catalog.relocateEndpoint(existing.id, editor.discoveryUrl)
    else await catalog.refreshEndpoint(existing.id)
  } catch (error) {
    // The host still works without it: other editors can be imported, and the doctor will say what failed.
    log.warn('could not register the built-in editor in the catalog', { error: (error as Error).message })
  }
  return editor
}

/** The built-in editor's port is taken and the caller asked to be told rather than moved. */
export class EditorPortInUseError extends Error {
  readonly port: number
  constructor(port: number) {
    super(`the built-in editor's port ${port} is in use`)
    this.name = 'EditorPortInUseError'
    this.port = port
  }
}

/** Files a place cannot be removed under: an editor holds them. */
function lockedFiles(host: Host): { fileId: string; who: string }[] {
  const nameOf = (fileId: string) => `"${host.files.get(fileId)?.relPath.split('/').pop() ?? fileId}"`
  return host.locks
    .active()
    .map((lock) => ({ fileId: lock.fileId, who: `${nameOf(lock.fileId)} is open in ${lock.client ?? 'an editor'}.` }))
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin
  } catch {
    return null
  }
}

function isPortInUse(error: unknown): boolean {
  return error instanceof PortInUseError || (error as NodeJS.ErrnoException)?.code === 'EADDRINUSE'
}
