import type { ActivityFilter } from '../../contract/dto'
import { ApiError } from '../../contract/envelope'
import type { Catalog } from '../catalog/catalog'
import { createCatalogRepo, parseProofKeys } from '../db/catalog-repo'
import type { RequestRecord } from '../db/request-log-repo'
import { silentLog, systemClock, systemRandom, type Clock, type Log, type Random } from '../deps'
import type { Host } from '../host'
import { createHttpFetcher, type Fetcher } from '../discovery/http-fetch'
import { readServeInfo, type ServeInfo } from '../server/serve-info'
import { effectiveWopiBase } from '../server/wopi-listener'
import type { DeskSettings } from '../settings/settings'
import { isDoctorTraffic } from './canary'
import type { EndpointInfo } from './checks/types'
import { lanAddresses, systemLookup, type Lookup } from './net/addresses'
import { createHttpProbe, type HttpProbe } from './net/http-probe'
import { createRedactor, type Redactor } from './redact'

// Everything a check may look at, gathered once per run: settings, whether and where the host runs, the editors
// of the catalog, the network edge (injected so tests reach only their own fake editors), and a memo so that
// checks running side by side share one discovery fetch, one capabilities call, one canary per editor.

export interface DoctorDeps {
  desk: Host
  catalog: Catalog
  clock?: Clock
  random?: Random
  log?: Log
  /** discovery GETs (redirects, size cap, TLS per endpoint); default: the catalog's HTTP fetcher */
  fetcher?: Fetcher
  /** every other request (POST, headers-only, no redirects) */
  probe?: HttpProbe
  /** extra certificate authorities to trust for editors (a company CA) */
  ca?: string | Buffer | Array<string | Buffer>
  lookup?: Lookup
  /** this machine's LAN addresses, offered in fixes for --public-url */
  lanAddresses?: () => string[]
  /** the origin the host page is served under: what PostMessageOrigin and frame-ancestors must name */
  hostPageOrigin?: string
  /** the host running in another process on the same data folder (`serve`); default: <data>/serve.json */
  serveInfo?: () => Promise<ServeInfo | null>
  /** how long a canary waits for the editor's CheckFileInfo; default 10 s */
  canaryWaitMs?: number
}

export interface HostFacts {
  /** 'in-process': this desk listens; 'serve': another process serves the data folder; 'none': nothing runs */
  state: 'in-process' | 'serve' | 'none'
  pid: number | null
  /** how this machine reaches the listener (loopback for an in-process listener) */
  localBase: string | null
  /** what editors are told: the WOPISrc base */
  wopiBase: string
}

export interface DoctorContext {
  desk: Host
  catalog: Catalog
  log: Log
  random: Random
  now(): number
  settings: DeskSettings
  host: HostFacts
  hostPageOrigin: string
  /** the editors this run covers */
  endpoints: EndpointInfo[]
  /** every editor of the catalog (host checks look across all of them) */
  allEndpoints: EndpointInfo[]
  fetcher: Fetcher
  probe: HttpProbe
  ca: DoctorDeps['ca']
  lookup: Lookup
  lanAddresses(): string[]
  canaryWaitMs: number
  signal: AbortSignal
  redact: Redactor
  /** one evaluation per key and run, shared by every check that asks */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>
  /** runs after the last check (canary files, tokens) */
  defer(cleanup: () => Promise<void> | void): void
  cleanup(): Promise<void>
  /** traffic-log rows of editors (the doctor's own probes left out), newest first */
  traffic(filter?: ActivityFilter): RequestRecord[]
}

export const DEFAULT_CANARY_WAIT_MS = 10_000
export const HOST_NOT_RUNNING_FIX = 'Start it with: wopi-desk serve --root <folder> --data <data folder> (or open the WOPI Desk app).'

export const HOST_NOT_RUNNING = 'The WOPI host is not running on this data folder, so nothing can answer the editor.'

export function readEndpoints(desk: Host): EndpointInfo[] {
  const store = createCatalogRepo(desk.db)
  return store.endpoints().map((row) => {
    const apps = new Map(store.apps(row.id).map((app) => [app.id, app]))
    const actions = store
      .actionsOfEndpoint(row.id)
      .filter((action) => action.zone === row.zone && apps.get(action.appId)?.present === true)
      .map((action) => ({
        appId: action.appId,
        app: apps.get(action.appId)?.discoveredName ?? action.appId,
        name: action.name,
        ext: action.ext,
        urlsrc: action.urlsrc,
        requires: action.requires
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      }))
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      discoveryUrl: row.discoveryUrl,
      insecureTls: row.insecureTls,
      enabled: row.enabled,
      zone: row.zone,
      fetchedAt: row.fetchedAt,
      proofKeys: parseProofKeys(row),
      actions,
    }
  })
}

async function hostFacts(desk: Host, serveInfo: () => Promise<ServeInfo | null>): Promise<HostFacts> {
  const settings = desk.settings.get()
  if (desk.wopi.listening && desk.wopi.port !== null) {
    return {
      state: 'in-process',
      pid: process.pid,
      localBase: effectiveWopiBase(null, settings.bind, desk.wopi.port),
      wopiBase: desk.wopiBase(),
    }
  }
  const info = await serveInfo()
  // serve.json names the public WOPI base; a listenUrl (the loopback listener), when serve writes one, is better
  // for reaching the host from this computer.
  const listenUrl = (info as (ServeInfo & { listenUrl?: unknown }) | null)?.listenUrl
  if (info)
    return { state: 'serve', pid: info.pid, localBase: typeof listenUrl === 'string' ? listenUrl : info.wopiBase, wopiBase: info.wopiBase }
  return { state: 'none', pid: null, localBase: null, wopiBase: desk.wopiBase() }
}

export async function createDoctorContext(deps: DoctorDeps, options: { endpointId?: string; signal: AbortSignal }): Promise<DoctorContext> {
  const { desk } = deps
  const clock = deps.clock ?? systemClock
  const allEndpoints = readEndpoints(desk)
  let endpoints: EndpointInfo[]
  if (options.endpointId !== undefined) {
    const chosen = allEndpoints.find((endpoint) => endpoint.id === options.endpointId)
    if (!chosen) {
      throw new ApiError(
        'not-found',
        `There is no editor with id "${options.endpointId}". List them with: wopi-desk discovery list --data <data folder>.`,
      )
    }
    endpoints = [chosen]
  } else {
    endpoints = allEndpoints.filter((endpoint) => endpoint.enabled)
  }
  const host = await hostFacts(desk, deps.serveInfo ?? (() => readServeInfo(desk.dataDir)))
  const settings = desk.settings.get()
  const memos = new Map<string, Promise<unknown>>()
  const cleanups: (() => Promise<void> | void)[] = []
  let cleanedUp = false
  const fetcher = deps.fetcher ?? createHttpFetcher(deps.ca ? { ca: deps.ca } : {})
  // The page runs on the WOPI listener as this computer reaches it (serve.json says where when serve runs).
  const defaultPageOrigin = new URL(host.localBase ?? host.wopiBase).origin
  return {
    desk,
    catalog: deps.catalog,
    log: deps.log ?? silentLog,
    random: deps.random ?? systemRandom,
    now: () => clock.now(),
    settings,
    host,
    hostPageOrigin: deps.hostPageOrigin ? new URL(deps.hostPageOrigin).origin : defaultPageOrigin,
    endpoints,
    allEndpoints,
    fetcher,
    probe: deps.probe ?? createHttpProbe(deps.ca ? { ca: deps.ca } : {}),
    ca: deps.ca,
    lookup: deps.lookup ?? systemLookup,
    lanAddresses: deps.lanAddresses ?? (() => lanAddresses()),
    canaryWaitMs: deps.canaryWaitMs ?? DEFAULT_CANARY_WAIT_MS,
    signal: options.signal,
    redact: createRedactor(),
    memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
      let found = memos.get(key) as Promise<T> | undefined
      if (!found) {
        found = compute()
        memos.set(key, found)
      }
      return found
    },
    defer(cleanup) {
      // A check that outlived its time limit may still create a canary after the run cleaned up: remove it at once.
      if (cleanedUp)
        void Promise.resolve()
          .then(cleanup)
          .catch(() => undefined)
      else cleanups.push(cleanup)
    },
    async cleanup() {
      cleanedUp = true
      for (const cleanup of cleanups.splice(0).reverse()) {
        try {
          await cleanup()
        } catch (error) {
          ;(deps.log ?? silentLog).warn('doctor cleanup failed', { error: (error as Error).message })
        }
      }
    },
    traffic(filter = {}) {
      return desk.requestLog.recent({ limit: 2000, ...filter }).filter((record) => !isDoctorTraffic(record))
    },
  }
}
