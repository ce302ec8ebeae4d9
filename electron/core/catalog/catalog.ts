import type { Db } from '../db/open-db'
import type { Clock, Log } from '../deps'
import { ApiError } from '../../contract/envelope'
import type { EventName, EventPayloads } from '../../contract/channels'
import type { AppDto, CatalogChange, EndpointDto, HandlerDto, ImportProgress, ImportRequest, ImportResult, RefreshReport } from '../../contract/dto'
import type { DiscoveryModel, ModelProofKeys } from '../discovery/build-model'
import { chooseZone } from '../discovery/choose-zone'
import { endpointDisplayName } from '../discovery/detect-kind'
import { normaliseDiscoveryUrl } from '../discovery/discovery-url'
import { createHttpFetcher, type Fetcher } from '../discovery/http-fetch'
import { formatBytes } from '../format-bytes'
import { MAX_ICON_BYTES, sniffImage } from '../discovery/image-sniff'
import { fetchDiscovery, readDiscovery, type FetchedDiscovery } from '../discovery/load-discovery'
import { diffCatalogs, type ComparableAction, type ComparableCatalog } from './catalog-diff'
import { createCatalogStore, parseJsonArray, parseProofKeys, type ActionRow, type AppRow, type EndpointRow } from './catalog-store'
import { downloadIcons } from './download-icons'
import { createIconStore, iconResponseHeaders } from './icon-store'
import { chooseDefaultAction } from './pick-action'
import { createRefreshScheduler, DEFAULT_REFRESH_INTERVAL_MS, DEFAULT_RETRY_INTERVAL_MS, systemTimers, type Timers } from './refresh-scheduler'
import { appIconUrl, isSupported, requiresOf, toAppDto, toEndpointDto } from './to-dto'
import { toApiError } from './to-api-error'

// The editor catalog: endpoints imported from <editor>/hosting/discovery, each a group of apps whose names,
// icons and enabled flags the admin edits, kept current by refreshes that report what changed.

/** What `requires` values our WOPI host covers (spec 10.3): PutFile/PutRelativeFile and the lock family. */
export interface HostCapabilities {
  supported: readonly string[]
}
export const DEFAULT_HOST_CAPABILITIES: HostCapabilities = { supported: ['locks', 'update'] }

export type CatalogEmit = <E extends EventName>(event: E, payload: EventPayloads[E]) => void
export type ImportStage = ImportProgress['stage']
export type ProgressListener = (stage: ImportStage, message: string) => void

export interface CatalogDeps {
  db: Db
  dataDir: string
  fetcher?: Fetcher
  clock: Clock
  log: Log
  hostCapabilities?: HostCapabilities
  emit?: CatalogEmit
  timers?: Timers
  /** scheduled refresh period, default 12 h */
  refreshIntervalMs?: number
  /** wait after a failed scheduled refresh, default 30 min */
  retryIntervalMs?: number
  /** at most one proof-triggered refresh per endpoint in this period, default 5 min */
  proofRefreshMinIntervalMs?: number
  /** discovery fetch timeout, default 10 s */
  fetchTimeoutMs?: number
  /** per-icon timeout, default 5 s */
  iconTimeoutMs?: number
}

export interface IconUploadBytes {
  bytes: Buffer
  fileName?: string
}

export interface PickOptions {
  /** whether the user may write the file; default true */
  canWrite?: boolean
}

export interface PickedAction {
  appId: string
  appName: string
  endpointId: string
  endpointName: string
  kind: EndpointDto['kind']
  zone: string
  action: string
  ext: string
  urlsrc: string
  requires: string[]
  isDefault: boolean
  targetext: string | null
  newext: string | null
}

export interface ProofTarget {
  endpointId: string
  endpointName: string
  keys: ModelProofKeys | null
}

export interface ProofRefreshOutcome {
  refreshed: boolean
  /** why not, or what happened, in a few words for the proof failure reason */
  detail: string
  changes: CatalogChange[]
}

export interface AppIcon {
  bytes: Buffer
  contentType: string
  headers: Record<string, string>
}

export type Catalog = ReturnType<typeof createCatalog>

export const DEFAULT_PROOF_REFRESH_MIN_INTERVAL_MS = 5 * 60 * 1000
const DEFAULT_ICON_TIMEOUT_MS = 5_000
const UPLOAD_KINDS = ['png', 'svg', 'ico'] as const

export function createCatalog(deps: CatalogDeps) {
  const { clock, log } = deps
  const store = createCatalogStore(deps.db)
  const icons = createIconStore(deps.dataDir)
  const fetcher = deps.fetcher ?? createHttpFetcher()
  const supported = (deps.hostCapabilities ?? DEFAULT_HOST_CAPABILITIES).supported
  const proofRefreshMinIntervalMs = deps.proofRefreshMinIntervalMs ?? DEFAULT_PROOF_REFRESH_MIN_INTERVAL_MS
  const emitChanged = (endpointId: string | null) => deps.emit?.('catalog:changed', { endpointId })

  // One fetch-and-write at a time per discovery URL; a refresh asked for while one runs joins it.
  const locks = new Map<string, Promise<unknown>>()
  const refreshing = new Map<string, Promise<RefreshReport>>()
  const pending = new Set<Promise<unknown>>()
  const lastProofRefresh = new Map<string, number>()

  function exclusive<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = locks.get(key) ?? Promise.resolve()
    const run = previous.then(task, task)
    const tail = run.catch(() => undefined)
    locks.set(key, tail)
    void tail.then(() => {
      if (locks.get(key) === tail) locks.delete(key)
    })
    return track(run)
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    pending.add(promise)
    void promise.catch(() => undefined).finally(() => pending.delete(promise))
    return promise
  }

  // ---------- reading ----------

  function endpointRow(id: string): EndpointRow {
    const row = store.endpoint(id)
    if (!row) throw new ApiError('not-found', `There is no editor with id "${id}". List them with: wopi-desk discovery list.`)
    return row
  }

  function appRow(id: string): AppRow {
    const row = store.app(id)
    if (!row) throw new ApiError('not-found', `There is no app with id "${id}". List them with: wopi-desk discovery list.`)
    return row
  }

  function endpointDto(row: EndpointRow): EndpointDto {
    return toEndpointDto(row, store.apps(row.id), store.actionsOfEndpoint(row.id), supported)
  }

  function appDto(app: AppRow): AppDto {
    const endpoint = endpointRow(app.endpoint_id)
    return toAppDto(app, endpoint, store.actionsOfApp(app.id), supported)
  }

  function listEndpoints(): EndpointDto[] {
    return store.endpoints().map(endpointDto)
  }

  function comparableFromStore(endpoint: EndpointRow): ComparableCatalog {
    const present = new Map(store.apps(endpoint.id).filter((app) => app.present === 1).map((app) => [app.id, app.discovered_name]))
    const apps = new Map<string, ComparableAction[]>([...present.values()].map((name) => [name, []]))
    for (const action of store.actionsOfEndpoint(endpoint.id)) {
      const name = present.get(action.app_id)
      if (name !== undefined) apps.get(name)!.push(action)
    }
    return { apps, proofKeys: parseProofKeys(endpoint), zone: endpoint.zone, zones: parseJsonArray(endpoint.zones) }
  }

  function comparableFromModel(model: DiscoveryModel, zone: string): ComparableCatalog {
    return { apps: new Map(model.apps.map((app) => [app.name, app.actions])), proofKeys: model.proofKeys, zone, zones: model.zones }
  }

  // ---------- writing a fetched discovery ----------

  function newEndpointId(discoveryUrl: string): string {
    const url = new URL(discoveryUrl)
    const prefix = url.pathname.replace(/\/hosting\/discovery$/i, '')
    return unique(slug(`${url.hostname}${url.port ? `-${url.port}` : ''}${prefix}`, 40), store.endpointIds())
  }

  function apply(existing: EndpointRow | undefined, discoveryUrl: string, insecureTls: boolean, fetched: FetchedDiscovery, model: DiscoveryModel) {
    const scheme = new URL(fetched.finalUrl).protocol === 'https:' ? 'https' : 'http'
    const keepManual = existing?.zone_is_manual === 1 && model.zones.includes(existing.zone)
    const zone = keepManual ? existing!.zone : chooseZone(model.zones, scheme)
    const notes = [...model.notes, ...addressNotes(fetched, model, zone)]
    const id = existing?.id ?? newEndpointId(discoveryUrl)
    const before = existing ? comparableFromStore(existing) : null
    const now = clock.now()
    store.writeModel(
      id,
      existing,
      {
        discoveryUrl,
        name: endpointDisplayName(model.kind, discoveryUrl),
        insecureTls,
        zone,
        zoneIsManual: keepManual,
        rawXml: fetched.text,
        fetchedAt: now,
        notes,
        createdAt: existing?.created_at ?? now,
      },
      model,
      // '_' never occurs in a slug, so it separates endpoint and app unambiguously; ids stay within the
      // [A-Za-z0-9_-]{1,100} the console's /api/icons/<appId> route accepts.
      (name, taken) => unique(`${id}_${slug(name, 50)}`, taken),
    )
    const changes = before ? diffCatalogs(before, comparableFromModel(model, zone)) : []
    return { id, changes, notes }
  }

  async function storeIcons(endpointId: string, notes: string[]): Promise<void> {
    const endpoint = store.endpoint(endpointId)
    if (!endpoint) return
    const byUrl = new Map<string, AppRow[]>()
    for (const app of store.apps(endpointId)) {
      if (app.present !== 1 || !app.fav_icon_url || icons.exists(app.icon_file)) continue
      byUrl.set(app.fav_icon_url, [...(byUrl.get(app.fav_icon_url) ?? []), app])
    }
    if (byUrl.size > 0) {
      const insecureTlsHost = endpoint.insecure_tls === 1 ? new URL(endpoint.discovery_url).host : null
      const results = await downloadIcons(
        [...byUrl].map(([url, apps]) => ({ url, appNames: apps.map((app) => app.discovered_name) })),
        { fetcher, icons, timeoutMs: deps.iconTimeoutMs ?? DEFAULT_ICON_TIMEOUT_MS, insecureTlsHost },
      )
      const errors: string[] = []
      store.transaction(() => {
        for (const result of results) {
          if (result.stored) for (const app of byUrl.get(result.url)!) store.setIconFile(app.id, result.stored)
          else if (result.error) errors.push(result.error)
        }
        store.setNotes(endpointId, [...notes, ...errors])
      })
      for (const error of errors) log.warn('icon not stored', { endpointId, error })
    }
    icons.collectGarbage(store.iconReferenced)
  }

  // ---------- import ----------

  async function importEndpoint(request: ImportRequest, onProgress: ProgressListener = () => undefined): Promise<ImportResult> {
    let discoveryUrl: string
    try {
      discoveryUrl = normaliseDiscoveryUrl(request.url).discoveryUrl
    } catch (error) {
      const apiError = toApiError(error)
      onProgress('failed', apiError.message)
      throw apiError
    }
    const insecureTls = request.insecureTls === true
    return exclusive(discoveryUrl, async () => {
      try {
        onProgress('fetching', `Fetching ${discoveryUrl}${insecureTls ? ' (trusting its certificate as you chose)' : ''}`)
        const fetched = await fetchDiscovery(fetcher, discoveryUrl, { insecureTls, ...(deps.fetchTimeoutMs ? { timeoutMs: deps.fetchTimeoutMs } : {}) })
        onProgress('parsing', `Reading the discovery document (${formatBytes(Buffer.byteLength(fetched.text))})`)
        const model = readDiscovery(fetched.text, fetched.finalUrl)
        onProgress('storing', `Storing ${model.apps.length} apps`)
        const existing = store.endpointByUrl(discoveryUrl)
        const { id, changes, notes } = apply(existing, discoveryUrl, insecureTls, fetched, model)
        onProgress('icons', 'Downloading icons')
        await storeIcons(id, notes)
        const endpoint = endpointDto(endpointRow(id))
        log.info(existing ? 'discovery re-imported' : 'discovery imported', { endpointId: id, url: discoveryUrl, changes: changes.length })
        onProgress('done', importSummary(endpoint))
        emitChanged(id)
        scheduler.replan()
        return { endpoint, created: !existing, changes }
      } catch (error) {
        const apiError = toApiError(error)
        log.warn('discovery import failed', { url: discoveryUrl, error: apiError.message })
        onProgress('failed', apiError.message)
        throw apiError
      }
    })
  }

  // ---------- refresh ----------

  /**
   * Points an endpoint at a new discovery URL and refreshes it, keeping the admin's names, icons and defaults:
   * the built-in editor moves when its port has to change, and an editor can move to a new address.
   */
  async function relocateEndpoint(endpointId: string, url: string): Promise<RefreshReport> {
    const row = endpointRow(endpointId)
    const discoveryUrl = normaliseDiscoveryUrl(url).discoveryUrl
    if (discoveryUrl !== row.discovery_url) {
      const other = store.endpointByUrl(discoveryUrl)
      if (other && other.id !== endpointId) throw new ApiError('conflict', `Another editor in the catalog already uses ${discoveryUrl}.`)
      await exclusive(row.discovery_url, async () => store.setDiscoveryUrl(endpointId, discoveryUrl))
    }
    return refreshEndpoint(endpointId)
  }

  function refreshEndpoint(endpointId: string, reason: 'manual' | 'schedule' | 'proof' = 'manual'): Promise<RefreshReport> {
    const row = endpointRow(endpointId)
    const running = refreshing.get(endpointId)
    if (running) return running
    const task = exclusive(row.discovery_url, async (): Promise<RefreshReport> => {
      const attemptAt = clock.now()
      try {
        const fetched = await fetchDiscovery(fetcher, row.discovery_url, {
          insecureTls: row.insecure_tls === 1,
          ...(deps.fetchTimeoutMs ? { timeoutMs: deps.fetchTimeoutMs } : {}),
        })
        const model = readDiscovery(fetched.text, fetched.finalUrl)
        const current = store.endpoint(endpointId)
        if (!current) return { endpointId, ok: false, error: 'The editor was removed while it was being refreshed.', changes: [] }
        const { changes, notes } = apply(current, current.discovery_url, current.insecure_tls === 1, fetched, model)
        await storeIcons(endpointId, notes)
        log.info('discovery refreshed', { endpointId, reason, changes: changes.length })
        emitChanged(endpointId)
        return { endpointId, ok: true, changes }
      } catch (error) {
        // The last good copy stays in use; only the attempt and its reason are recorded.
        const message = toApiError(error).message
        if (store.endpoint(endpointId)) store.recordFailure(endpointId, attemptAt, message)
        log.warn('discovery refresh failed; keeping the last good copy', { endpointId, reason, error: message })
        emitChanged(endpointId)
        return { endpointId, ok: false, error: message, changes: [] }
      }
    }).finally(() => {
      refreshing.delete(endpointId)
      scheduler.replan()
    })
    refreshing.set(endpointId, task)
    return task
  }

  async function refresh(endpointId?: string): Promise<RefreshReport[]> {
    if (endpointId) return [await refreshEndpoint(endpointId)]
    const reports: RefreshReport[] = []
    for (const row of store.endpoints()) reports.push(await refreshEndpoint(row.id))
    return reports
  }

  /**
   * Re-fetch after a proof check failed or passed only with an old key (spec 9.2), at most once per endpoint
   * per `proofRefreshMinIntervalMs`, so a client sending garbage cannot make us hammer the editor.
   */
  async function requestProofRefresh(endpointId: string): Promise<ProofRefreshOutcome> {
    const now = clock.now()
    const last = lastProofRefresh.get(endpointId)
    if (last !== undefined && now - last < proofRefreshMinIntervalMs) {
      return { refreshed: false, detail: `discovery not re-fetched: last proof-triggered refresh was ${Math.round((now - last) / 1000)} s ago`, changes: [] }
    }
    lastProofRefresh.set(endpointId, now)
    const report = await refreshEndpoint(endpointId, 'proof')
    if (!report.ok) return { refreshed: false, detail: `discovery re-fetch failed: ${report.error}`, changes: [] }
    const keyChanges = report.changes.filter((change) => change.kind.startsWith('proof-key'))
    return { refreshed: true, detail: keyChanges.length ? 'discovery re-fetched, proof keys changed' : 'discovery re-fetched, proof keys unchanged', changes: report.changes }
  }

  const scheduler = createRefreshScheduler({
    clock,
    log,
    timers: deps.timers ?? systemTimers,
    intervalMs: deps.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS,
    retryIntervalMs: deps.retryIntervalMs ?? DEFAULT_RETRY_INTERVAL_MS,
    endpoints: () =>
      store.endpoints().map((row) => ({
        id: row.id,
        enabled: row.enabled === 1,
        fetchedAt: row.fetched_at,
        lastAttemptAt: row.last_attempt_at,
        lastError: row.last_error,
      })),
    refresh: (id) => refreshEndpoint(id, 'schedule'),
  })

  // ---------- admin edits ----------

  function renameApp(appId: string, name: string | null): AppDto {
    const app = appRow(appId)
    let displayName: string | null = null
    if (name !== null) {
      const trimmed = name.trim()
      if (!trimmed) throw new ApiError('invalid-argument', 'A name cannot be empty. To go back to the discovered name, reset it.')
      if (trimmed.length > 100) throw new ApiError('invalid-argument', 'Names are limited to 100 characters.')
      if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw new ApiError('invalid-argument', 'A name cannot contain control characters.')
      displayName = trimmed === app.discovered_name ? null : trimmed
    }
    store.setDisplayName(app.id, displayName)
    emitChanged(app.endpoint_id)
    return appDto(appRow(app.id))
  }

  function setAppIcon(appId: string, upload: IconUploadBytes | null): AppDto {
    const app = appRow(appId)
    if (upload === null) {
      store.setCustomIcon(app.id, null)
    } else {
      if (upload.bytes.length === 0) throw new ApiError('invalid-argument', 'The icon file is empty. Choose a PNG, SVG or ICO image.')
      if (upload.bytes.length > MAX_ICON_BYTES) {
        throw new ApiError('invalid-argument', `The icon is ${formatBytes(upload.bytes.length)}; icons are limited to 512 KiB. Choose a smaller PNG, SVG or ICO image.`)
      }
      const kind = sniffImage(upload.bytes)
      if (!kind || !(UPLOAD_KINDS as readonly string[]).includes(kind)) {
        throw new ApiError(
          'invalid-argument',
          `${upload.fileName ? `"${upload.fileName}" is` : 'The file is'} not a PNG, SVG or ICO image (checked by its content${kind ? `: it is a ${kind.toUpperCase()}` : ''}). Choose a PNG, SVG or ICO file of at most 512 KiB.`,
        )
      }
      store.setCustomIcon(app.id, icons.save(upload.bytes, kind))
    }
    icons.collectGarbage(store.iconReferenced)
    emitChanged(app.endpoint_id)
    return appDto(appRow(app.id))
  }

  function readIcon(appId: string): AppIcon | null {
    const app = store.app(appId)
    if (!app) return null
    const icon = icons.read(app.custom_icon_file) ?? icons.read(app.icon_file)
    return icon ? { ...icon, headers: iconResponseHeaders(icon.contentType) } : null
  }

  function setAppEnabled(appId: string, enabled: boolean): AppDto {
    const app = appRow(appId)
    store.setAppEnabled(app.id, enabled)
    emitChanged(app.endpoint_id)
    return appDto(appRow(app.id))
  }

  function setEndpointEnabled(endpointId: string, enabled: boolean): EndpointDto {
    const row = endpointRow(endpointId)
    store.setEndpointEnabled(row.id, enabled)
    emitChanged(row.id)
    scheduler.replan()
    return endpointDto(endpointRow(row.id))
  }

  async function setZone(endpointId: string, zone: string): Promise<EndpointDto> {
    const row = endpointRow(endpointId)
    const zones = parseJsonArray(row.zones)
    if (!zones.includes(zone)) {
      throw new ApiError('invalid-argument', `The discovery of ${row.name} has no zone "${zone}"; it has ${zones.join(', ')}.`)
    }
    store.transaction(() => {
      store.setZone(row.id, zone, true)
      // Office publishes per-zone favicons on per-zone hosts; follow the chosen zone.
      const model = readDiscoveryIcons(row)
      for (const app of store.apps(row.id)) {
        const url = model.get(app.discovered_name)?.[zone]
        if (url && url !== app.fav_icon_url) store.setFavIconUrl(app.id, url)
      }
    })
    await storeIcons(row.id, parseJsonArray(row.notes))
    emitChanged(row.id)
    return endpointDto(endpointRow(row.id))
  }

  function readDiscoveryIcons(row: EndpointRow): Map<string, Record<string, string>> {
    try {
      return new Map(readDiscovery(row.raw_xml, row.discovery_url).apps.map((app) => [app.name, app.favIconUrls]))
    } catch {
      return new Map()
    }
  }

  function removeEndpoint(endpointId: string): void {
    const row = endpointRow(endpointId)
    store.deleteEndpoint(row.id)
    icons.collectGarbage(store.iconReferenced)
    lastProofRefresh.delete(row.id)
    log.info('editor removed from the catalog', { endpointId: row.id, url: row.discovery_url })
    emitChanged(row.id)
    scheduler.replan()
  }

  // ---------- lookups for opening files ----------

  function handlersFor(extInput: string): HandlerDto[] {
    const ext = normaliseExt(extInput)
    if (!ext) return []
    const endpoints = new Map(store.endpoints().filter((row) => row.enabled === 1).map((row) => [row.id, row]))
    const endpointOrder = [...endpoints.keys()]
    const byApp = new Map<string, ActionRow[]>()
    for (const action of store.actionsForExt(ext)) byApp.set(action.app_id, [...(byApp.get(action.app_id) ?? []), action])
    const explicit = store.defaultFor(ext)
    const handlers: { dto: HandlerDto; rank: number[] }[] = []
    for (const [appId, actions] of byApp) {
      const app = store.app(appId)
      const endpoint = app && endpoints.get(app.endpoint_id)
      if (!app || !endpoint || app.enabled !== 1 || app.present !== 1) continue
      const names = [
        ...new Set(actions.filter((action) => action.zone === endpoint.zone && isSupported(requiresOf(action), supported)).map((action) => action.name)),
      ]
      if (names.length === 0) continue
      handlers.push({
        dto: {
          appId,
          appName: app.display_name ?? app.discovered_name,
          endpointId: endpoint.id,
          endpointName: endpoint.name,
          iconUrl: appIconUrl(app),
          actions: names,
          isDefault: false,
        },
        // The admin's default, then apps that can edit, then import order.
        rank: [appId === explicit ? 0 : 1, names.includes('edit') ? 0 : 1, endpointOrder.indexOf(endpoint.id), app.sort_order],
      })
    }
    handlers.sort((a, b) => compareRanks(a.rank, b.rank))
    if (handlers[0]) handlers[0].dto.isDefault = true
    return handlers.map((handler) => handler.dto)
  }

  function setDefault(extInput: string, appId: string | null): HandlerDto[] {
    const ext = normaliseExt(extInput)
    if (!ext) throw new ApiError('invalid-argument', 'Give an extension without the dot, such as docx.')
    if (appId !== null) {
      const app = appRow(appId)
      if (!handlersFor(ext).some((handler) => handler.appId === app.id)) {
        throw new ApiError('invalid-argument', `"${app.display_name ?? app.discovered_name}" cannot open .${ext} files (or it is disabled), so it cannot be their default.`)
      }
    }
    store.setDefault(ext, appId)
    emitChanged(null)
    return handlersFor(ext)
  }

  function resolveApp(idOrName: string): AppDto {
    const exact = store.app(idOrName)
    if (exact) return appDto(exact)
    const wanted = idOrName.trim().toLowerCase()
    const matches = store
      .allApps()
      .filter((app) => app.present === 1 && [app.display_name, app.discovered_name].some((name) => name?.toLowerCase() === wanted))
    if (matches.length === 1) return appDto(matches[0]!)
    if (matches.length > 1) {
      throw new ApiError(
        'conflict',
        `"${idOrName}" matches ${matches.length} apps: ${matches.map((app) => `${app.id} (${app.display_name ?? app.discovered_name})`).join(', ')}; use one of these ids.`,
      )
    }
    throw new ApiError('not-found', `There is no app with id or name "${idOrName}". List them with: wopi-desk discovery list.`)
  }

  function pickAction(appId: string, extInput: string, actionName?: string, options: PickOptions = {}): PickedAction {
    const app = appRow(appId)
    const endpoint = endpointRow(app.endpoint_id)
    const appName = app.display_name ?? app.discovered_name
    if (endpoint.enabled !== 1) throw new ApiError('unavailable', `${endpoint.name} is disabled; enable it under Editors or choose another app.`)
    if (app.enabled !== 1) throw new ApiError('unavailable', `"${appName}" is disabled; enable it under Editors or choose another app.`)
    if (app.present !== 1) throw new ApiError('unavailable', `"${appName}" is no longer offered by ${endpoint.name}; choose another app.`)
    const ext = normaliseExt(extInput)
    const candidates = store.actionsOfApp(app.id).filter((action) => action.zone === endpoint.zone && action.ext === ext && ext !== '')
    if (candidates.length === 0) {
      const others = handlersFor(ext).map((handler) => `"${handler.appName}"`)
      throw new ApiError(
        'not-found',
        `"${appName}" does not open .${ext || '?'} files.${others.length ? ` Apps that do: ${others.join(', ')}.` : ' No app in the catalog does.'}`,
      )
    }
    const usable = candidates.filter((action) => isSupported(requiresOf(action), supported))
    let chosen: ActionRow | undefined
    if (actionName) {
      chosen = candidates.find((action) => action.name === actionName) ?? candidates.find((action) => action.name.toLowerCase() === actionName.toLowerCase())
      if (!chosen) {
        throw new ApiError(
          'invalid-argument',
          `"${appName}" has no "${actionName}" action for .${ext}; it offers ${[...new Set(usable.map((action) => action.name))].join(', ') || 'nothing this host supports'}.`,
        )
      }
      if (!usable.includes(chosen)) {
        throw new ApiError(
          'invalid-argument',
          `The "${chosen.name}" action of "${appName}" for .${ext} requires ${requiresOf(chosen).join(', ')}, and this host supports only ${supported.join(', ')}.`,
        )
      }
    } else {
      chosen = chooseDefaultAction(usable, options.canWrite ?? true)
      if (!chosen) {
        throw new ApiError(
          'not-found',
          `"${appName}" offers no action for .${ext} that this host supports (${candidates.map((action) => `${action.name} requires ${action.requires || 'nothing'}`).join('; ')}).`,
        )
      }
    }
    return {
      appId: app.id,
      appName,
      endpointId: endpoint.id,
      endpointName: endpoint.name,
      kind: endpoint.kind,
      zone: endpoint.zone,
      action: chosen.name,
      ext,
      urlsrc: chosen.urlsrc,
      requires: requiresOf(chosen),
      isDefault: chosen.is_default === 1,
      targetext: chosen.targetext,
      newext: chosen.newext,
    }
  }

  /** The keys a session opened with this app must be signed with; null when the app is unknown. */
  function proofKeysFor(appId: string): ProofTarget | null {
    const app = store.app(appId)
    const endpoint = app && store.endpoint(app.endpoint_id)
    if (!app || !endpoint) return null
    return { endpointId: endpoint.id, endpointName: endpoint.name, keys: parseProofKeys(endpoint) }
  }

  return {
    importEndpoint,
    refresh,
    refreshEndpoint,
    relocateEndpoint,
    requestProofRefresh,
    listEndpoints,
    getEndpoint: (id: string) => endpointDto(endpointRow(id)),
    getApp: (id: string) => appDto(appRow(id)),
    removeEndpoint,
    renameApp,
    setAppIcon,
    readIcon,
    setAppEnabled,
    setEndpointEnabled,
    setZone,
    setDefault,
    handlersFor,
    resolveApp,
    pickAction,
    proofKeysFor,
    startScheduler: () => scheduler.start(),
    stop: () => scheduler.stop(),
    /** resolves when no import, refresh or scheduled tick is running (tests, shutdown) */
    async idle(): Promise<void> {
      while (pending.size > 0) await Promise.allSettled([...pending])
      await scheduler.settled()
      while (pending.size > 0) await Promise.allSettled([...pending])
    },
  }
}

/** "Imported Collabora Online (127.0.0.1:9980): 9 apps, 120 actions, proof keys: yes, zone external-http" */
export function importSummary(endpoint: EndpointDto, verb = 'Imported'): string {
  const apps = endpoint.apps.filter((app) => app.present && app.actions.length > 0)
  const actions = apps.reduce((sum, app) => sum + app.actions.length, 0)
  const keys = endpoint.proofKeys.present ? (endpoint.proofKeys.hasOldKey ? 'yes (current + previous)' : 'yes') : 'no'
  return `${verb} ${endpoint.name}: ${apps.length} apps, ${actions} actions, proof keys: ${keys}, zone ${endpoint.zone}${endpoint.insecureTls ? ', certificate trusted without verification' : ''}`
}

function addressNotes(fetched: FetchedDiscovery, model: DiscoveryModel, zone: string): string[] {
  const notes: string[] = []
  if (fetched.redirects.length) notes.push(`The discovery address redirected to ${fetched.finalUrl}.`)
  const fetchedFrom = new URL(fetched.finalUrl)
  const origins = new Set<string>()
  let plainHttp = 0
  for (const app of model.apps) {
    for (const action of app.actions) {
      if (action.zone !== zone) continue
      const url = new URL(action.urlsrc.replace(/<[^<>]*>/g, ''))
      origins.add(url.origin)
      if (url.protocol === 'http:') plainHttp++
    }
  }
  // clients.md rows 3 and 4: mixed content, and editors that bake an internal host name into urlsrc.
  if (fetchedFrom.protocol === 'https:' && plainHttp > 0) {
    notes.push(
      `The editor's addresses (urlsrc) use plain http although the discovery was fetched over https: browsers block that as mixed content. Behind a TLS proxy, Collabora needs ssl.termination=true.`,
    )
  }
  const foreign = [...origins].filter((origin) => origin !== fetchedFrom.origin)
  if (foreign.length > 0) {
    notes.push(
      `The editor's addresses point at ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ' and more' : ''}, not at ${fetchedFrom.origin} where the discovery came from: this computer must be able to reach them. Editors build these addresses from their configured server name (Collabora: server_name) or from the Host header of the discovery request.`,
    )
  }
  return notes
}

function normaliseExt(value: string): string {
  return value.trim().toLowerCase().replace(/^\./, '')
}

function slug(text: string, max: number): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '')
  return cleaned || 'x'
}

function unique(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}
