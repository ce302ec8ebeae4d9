import type { CatalogChange } from '../../contract/dto'
import { parseJsonArray, parseProofKeys, type AppRow, type EndpointRow } from '../db/catalog-repo'
import type { DiscoveryModel } from '../discovery/build-model'
import { chooseZone } from '../discovery/choose-zone'
import { endpointDisplayName } from '../discovery/detect-kind'
import type { FetchedDiscovery } from '../discovery/load-discovery'
import type { CatalogContext } from './catalog-context'
import { diffCatalogs, type ComparableAction, type ComparableCatalog } from './catalog-diff'
import { downloadIcons } from './download-icons'

// Writing a fetched discovery over the stored one (import and refresh both end here), and fetching the icons
// it names.

const DEFAULT_ICON_TIMEOUT_MS = 5_000

export interface DiscoveryWriter {
  /** stores the model for a new or existing endpoint; the changes compare it with what was stored */
  apply(
    existing: EndpointRow | undefined,
    discoveryUrl: string,
    insecureTls: boolean,
    fetched: FetchedDiscovery,
    model: DiscoveryModel,
  ): { id: string; changes: CatalogChange[]; notes: string[] }
  /** downloads the icons the endpoint's present apps lack; failures become notes of the endpoint */
  storeIcons(endpointId: string, notes: string[]): Promise<void>
}

export function createDiscoveryWriter(ctx: CatalogContext): DiscoveryWriter {
  const { store, icons } = ctx

  function comparableFromStore(endpoint: EndpointRow): ComparableCatalog {
    const present = new Map(
      store
        .apps(endpoint.id)
        .filter((app) => app.present)
        .map((app) => [app.id, app.discoveredName]),
    )
    const apps = new Map<string, ComparableAction[]>([...present.values()].map((name) => [name, []]))
    for (const action of store.actionsOfEndpoint(endpoint.id)) {
      const name = present.get(action.appId)
      if (name !== undefined) apps.get(name)!.push(action)
    }
    return { apps, proofKeys: parseProofKeys(endpoint), zone: endpoint.zone, zones: parseJsonArray(endpoint.zones) }
  }

  function newEndpointId(discoveryUrl: string): string {
    const url = new URL(discoveryUrl)
    const prefix = url.pathname.replace(/\/hosting\/discovery$/i, '')
    return unique(slug(`${url.hostname}${url.port ? `-${url.port}` : ''}${prefix}`, 40), store.endpointIds())
  }

  function apply(
    existing: EndpointRow | undefined,
    discoveryUrl: string,
    insecureTls: boolean,
    fetched: FetchedDiscovery,
    model: DiscoveryModel,
  ) {
    const scheme = new URL(fetched.finalUrl).protocol === 'https:' ? 'https' : 'http'
    const keepManual = existing?.zoneIsManual === true && model.zones.includes(existing.zone)
    const zone = keepManual ? existing!.zone : chooseZone(model.zones, scheme)
    const notes = [...model.notes, ...addressNotes(fetched, model, zone)]
    const id = existing?.id ?? newEndpointId(discoveryUrl)
    const before = existing ? comparableFromStore(existing) : null
    const now = ctx.deps.clock.now()
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
        createdAt: existing?.createdAt ?? now,
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
      if (!app.present || !app.favIconUrl || icons.exists(app.iconFile)) continue
      byUrl.set(app.favIconUrl, [...(byUrl.get(app.favIconUrl) ?? []), app])
    }
    if (byUrl.size > 0) {
      const insecureTlsHost = endpoint.insecureTls ? new URL(endpoint.discoveryUrl).host : null
      const results = await downloadIcons(
        [...byUrl].map(([url, apps]) => ({ url, appNames: apps.map((app) => app.discoveredName) })),
        { fetcher: ctx.fetcher, icons, timeoutMs: ctx.deps.iconTimeoutMs ?? DEFAULT_ICON_TIMEOUT_MS, insecureTlsHost },
      )
      const errors: string[] = []
      store.transaction(() => {
        for (const result of results) {
          if (result.stored) for (const app of byUrl.get(result.url)!) store.setIconFile(app.id, result.stored)
          else if (result.error) errors.push(result.error)
        }
        store.setNotes(endpointId, [...notes, ...errors])
      })
      for (const error of errors) ctx.deps.log.warn('icon not stored', { endpointId, error })
    }
    icons.collectGarbage(store.iconReferenced)
  }

  return { apply, storeIcons }
}

function comparableFromModel(model: DiscoveryModel, zone: string): ComparableCatalog {
  return { apps: new Map(model.apps.map((app) => [app.name, app.actions])), proofKeys: model.proofKeys, zone, zones: model.zones }
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
