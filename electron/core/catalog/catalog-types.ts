import type { EventName, EventPayloads } from '../../contract/channels'
import type {
  AppDto,
  CatalogChange,
  EndpointDto,
  HandlerDto,
  ImportProgress,
  ImportRequest,
  ImportResult,
  RefreshReport,
} from '../../contract/dto'
import type { Db } from '../db/open-db'
import type { Clock, Log } from '../deps'
import type { ModelProofKeys } from '../discovery/build-model'
import type { Fetcher } from '../discovery/http-fetch'
import type { Timers } from './refresh-scheduler'

/** What `requires` values our WOPI host covers (spec 10.3): PutFile/PutRelativeFile and the lock family. */
export interface HostCapabilities {
  supported: readonly string[]
}
export const DEFAULT_HOST_CAPABILITIES: HostCapabilities = { supported: ['locks', 'update'] }

export const DEFAULT_PROOF_REFRESH_MIN_INTERVAL_MS = 5 * 60 * 1000

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

/** Why a refresh ran: the log says which. */
export type RefreshReason = 'manual' | 'schedule' | 'proof'

/** Import and refresh of editors: fetch a discovery, write it over the stored one, report what changed. */
export interface CatalogRefresh {
  importEndpoint(request: ImportRequest, onProgress?: ProgressListener): Promise<ImportResult>
  /** one endpoint, or all of them one after the other */
  refresh(endpointId?: string): Promise<RefreshReport[]>
  /** joins a refresh of the same endpoint that is already running */
  refreshEndpoint(endpointId: string, reason?: RefreshReason): Promise<RefreshReport>
  /** points an endpoint at a new discovery URL and refreshes it, keeping the admin's edits */
  relocateEndpoint(endpointId: string, url: string): Promise<RefreshReport>
  /** a re-fetch after a proof check failed or passed only with an old key, rate-limited per endpoint */
  requestProofRefresh(endpointId: string): Promise<ProofRefreshOutcome>
}

/** What the admin changes on the Editors page. Each returns the row as it is now and tells the consoles. */
export interface CatalogEdits {
  removeEndpoint(endpointId: string): void
  /** null goes back to the discovered name */
  renameApp(appId: string, name: string | null): AppDto
  /** null goes back to the editor's own icon */
  setAppIcon(appId: string, upload: IconUploadBytes | null): AppDto
  readIcon(appId: string): AppIcon | null
  setAppEnabled(appId: string, enabled: boolean): AppDto
  setEndpointEnabled(endpointId: string, enabled: boolean): EndpointDto
  setZone(endpointId: string, zone: string): Promise<EndpointDto>
}

/** Reading the catalog, and choosing what opens a file. */
export interface CatalogQueries {
  listEndpoints(): EndpointDto[]
  getEndpoint(id: string): EndpointDto
  getApp(id: string): AppDto
  /** the apps that can open this extension, the default first */
  handlersFor(ext: string): HandlerDto[]
  /** null clears the admin's default for the extension */
  setDefault(ext: string, appId: string | null): HandlerDto[]
  /** an app by id, or by display or discovered name when exactly one matches */
  resolveApp(idOrName: string): AppDto
  pickAction(appId: string, ext: string, actionName?: string, options?: PickOptions): PickedAction
  /** The keys a session opened with this app must be signed with; null when the app is unknown. */
  proofKeysFor(appId: string): ProofTarget | null
}

/** The editor catalog (see catalog.ts). */
export interface Catalog extends CatalogRefresh, CatalogEdits, CatalogQueries {
  startScheduler(): void
  stop(): void
  /** resolves when no import, refresh or scheduled tick is running (tests, shutdown) */
  idle(): Promise<void>
}
