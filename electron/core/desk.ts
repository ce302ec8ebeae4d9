import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { ApiImplementation } from '../contract/channels'
import { createBuiltinEditor, type BuiltinEditor, type BuiltinEditorOptions } from './builtin-editor/builtin-editor'
import { createBuiltinRemoval, type BuiltinRemoval } from './builtin-editor/builtin-removal'
import { probeEndpoint } from './catalog/endpoint-status'
import { ApiError } from '../contract/envelope'
import { createHttpFetcher } from './discovery/http-fetch'
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
import { createHost, type Host, type HostOptions } from './host'
import { hostPageOriginFor } from './hostpage/host-page-origin'
import { startConsoleListener, type ConsoleListener } from './server/console-listener'
import { PortInUseError } from './server/wopi-listener'
import { createSessionWiring } from './sessions/session-wiring'
import type { SessionService } from './sessions/session-service'
import { createSettingsApi } from './settings/settings-api'
import { createUpdatesApi, npmUpdates, type UpdateSource } from './updates/updates-api'
import type { ProofGate } from './wopi/proof-gate'

// The composition root: the WOPI host, the editor catalog and its proof gate, sessions and the host page, the
// built-in editor, diagnostics, and the one console API that both transports (IPC in the desktop app, HTTP in
// `serve`) expose. Nothing here knows whether it runs in Electron, under the CLI or in a test.

export const DEFAULT_EDITOR_PORT = 17891

export interface DeskOptions extends Omit<HostOptions, 'proofGate' | 'hostUrls' | 'extraRoutes' | 'listen'> {
  /** the built renderer (out/renderer): console, host page and built-in editor pages */
  staticDir: string
  /** resources/ as shipped (the validator's test cases) */
  resourcesDir: string
  appVersion: string
  /** versions shown in diagnostics reports inside the desktop app */
  electronVersion?: string | null
  chromeVersion?: string | null
  /** the console over HTTP on 127.0.0.1 (headless mode); the desktop app uses IPC instead */
  console?: { port?: number; secret?: string; urlCommand?: string }
  /**
   * our own WOPI editor on its own origin; default port 17891. When that port is taken: another free one
   * ('move', the desktop app), or an EditorPortInUseError like a taken WOPI port ('refuse', `serve`).
   */
  builtinEditor?: { port?: number; whenPortTaken?: 'move' | 'refuse' } | false
  /** refresh every editor's discovery on Microsoft's 12-hour schedule */
  scheduler?: boolean
  /** how long the host page waits for the editor before it explains what probably went wrong */
  hostPageLoadTimeoutMs?: number
  /** the app's updates (electron-updater in the desktop app); default: updated through npm */
  updates?: UpdateSource
}

export interface Desk {
  host: Host
  catalog: Catalog
  sessions: SessionService
  events: EventBus
  /** every console operation; both transports call exactly this */
  api: ApiImplementation
  hostPageOrigin: string
  console: ConsoleListener | null
  editor: BuiltinEditor | null
  close(): Promise<void>
}

export async function createDesk(options: DeskOptions): Promise<Desk> {
  const clock = options.clock ?? systemClock
  const random = options.random ?? systemRandom
  const log = options.log ?? silentLog
  const events = createEventBus((error) => log.warn('a console listener failed', { error: (error as Error)?.message }))
  const wiring = createSessionWiring()

  // The host needs the proof gate when it starts listening; the gate needs the catalog, which lives in the
  // host's database. The gate therefore asks a catalog that is filled in right after.
  let gate: ProofGate | null = null
  const proofGate: ProofGate = {
    verify: (input) => {
      if (!gate) throw new Error('the proof gate is not ready')
      return gate.verify(input)
    },
  }

  const host = await createHost({ ...options, proofGate, hostUrls: wiring.hostUrls, extraRoutes: wiring.extraRoutes, listen: true })
  const closers: (() => Promise<void> | void)[] = [() => host.close()]
  let closed = false
  // Last started, first stopped: the console and the editor go before the host they talk to.
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
    const catalog = createCatalog({ db: host.db, dataDir: host.dataDir, clock, log, emit: (event, payload) => events.emit(event, payload) })
    closers.push(async () => {
      catalog.stop()
      await catalog.idle()
    })
    gate = createProofGate({ catalog, clock, log })

    const { sessions, api: sessionApi } = wiring.attach({
      desk: host,
      catalog,
      staticDir: options.staticDir,
      consoleUrl: () => consoleListener?.url ?? null,
      ...(options.hostPageLoadTimeoutMs !== undefined ? { loadTimeoutMs: options.hostPageLoadTimeoutMs } : {}),
      clock,
      random,
      log,
    })
    // Where the user's browser loads host pages: the listener's own origin. (A hostPageOrigin setting only
    // changes what editors are told; the doctor compares the two.)
    const hostPageOrigin = hostPageOriginFor(host.settings.get().bind, host.wopi.port!)

    const builtinRemoval = createBuiltinRemoval(host.db, () => clock.now())
    let editor: BuiltinEditor | null = null
    if (options.builtinEditor !== false) {
      editor = await startBuiltinEditor(options, host, catalog, builtinRemoval, {
        // Issue 13 item 9: this desk's WOPI host only (its public URL or its listener), driven and framed only
        // by its own host page (where browsers load it, and the PostMessageOrigin editors are told).
        allowWopiSrc: (wopiSrc) => wopiSrc.origin === originOf(host.wopiBase()) || wopiSrc.origin === hostPageOrigin,
        allowHostPage: (origin) => origin === hostPageOrigin || origin === sessions.hostPageOrigin(),
      })
      closers.push(() => editor?.close())
    }
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
        if (!editor) throw new ApiError('unavailable', 'The built-in editor is not running in this session; restart WOPI Desk with it enabled.')
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
      ...sessionApi,
      ...createFilesApi({ files: host.files, locks: host.locks, clock, events, prewarm: true }),
      ...createFileActionsApi({ files: host.files, locks: host.locks, events, maxFileSizeBytes: () => host.settings.get().maxFileSizeBytes }),
      ...createTrashApi({ files: host.files, retentionDays: () => host.settings.get().trashRetentionDays, events }),
      ...activityApi,
      ...createSettingsApi({ settings: host.settings, dto: () => host.settingsDto() }),
      ...createUpdatesApi(options.updates ?? npmUpdates(options.appVersion)),
      ...createDoctorApi({
        desk: host,
        catalog,
        clock,
        random,
        log,
        hostPageOrigin,
        emit: (event, payload) => events.emit(event, payload),
        report: { appVersion: options.appVersion, electronVersion: options.electronVersion ?? null, chromeVersion: options.chromeVersion ?? null },
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

    let consoleListener: ConsoleListener | null = null
    if (options.console) {
      consoleListener = await startConsoleListener({
        api,
        events,
        staticDir: options.staticDir,
        secret: options.console.secret ?? randomBytes(24).toString('base64url'),
        port: options.console.port ?? 0,
        readIcon: async (appId) => catalog.readIcon(appId),
        ...(options.console.urlCommand ? { urlCommand: options.console.urlCommand } : {}),
        log,
      })
      closers.push(() => consoleListener?.close())
    }

    if (options.scheduler) catalog.startScheduler()

    return { host, catalog, sessions, events, api, hostPageOrigin, console: consoleListener, editor, close }
  } catch (error) {
    await close()
    throw error
  }
}

/**
 * Starts the built-in editor and makes sure the catalog points at it: imported on first run, and moved (keeping
 * the admin's names and icons) when it had to take another port.
 */
async function startBuiltinEditor(
  options: DeskOptions,
  host: Host,
  catalog: Catalog,
  removal: BuiltinRemoval,
  confinement: Pick<BuiltinEditorOptions, 'allowWopiSrc' | 'allowHostPage'>,
): Promise<BuiltinEditor> {
  const clock = options.clock ?? systemClock
  const random = options.random ?? systemRandom
  const log = options.log ?? silentLog
  const base = { dataDir: host.dataDir, staticDir: options.staticDir, clock, random, log, version: options.appVersion, ...confinement }
  const wanted = (options.builtinEditor || {}).port ?? DEFAULT_EDITOR_PORT
  let editor: BuiltinEditor
  try {
    editor = await createBuiltinEditor({ ...base, port: wanted })
  } catch (error) {
    if (wanted === 0 || !isPortInUse(error)) throw error
    if ((options.builtinEditor || {}).whenPortTaken === 'refuse') throw new EditorPortInUseError(wanted)
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
