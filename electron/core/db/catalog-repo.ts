import type { Db } from './open-db'
import type { EndpointKind } from '../../contract/dto'
import type { DiscoveryModel, ModelProofKeys } from '../discovery/build-model'

// The rows of endpoints, apps, actions and ext_defaults, and the one transaction that writes a fetched
// discovery over a stored one while keeping everything the admin set (names, icons, enabled flags, defaults).

export interface EndpointRow {
  id: string
  discoveryUrl: string
  name: string
  kind: EndpointKind
  enabled: boolean
  insecureTls: boolean
  /** chosen net-zone */
  zone: string
  zoneIsManual: boolean
  /** JSON array of the zone names in the document */
  zones: string
  /** JSON, null when the editor publishes none */
  proofKeys: string | null
  rawXml: string
  fetchedAt: number
  lastAttemptAt: number | null
  lastError: string | null
  /** JSON array of notes for the admin */
  notes: string
  createdAt: number
}

export interface AppRow {
  id: string
  endpointId: string
  /** the lookup key; the admin's edits live beside it */
  discoveredName: string
  displayName: string | null
  favIconUrl: string | null
  /** downloaded discovered icon, relative to the data directory */
  iconFile: string | null
  /** the admin's upload, relative to the data directory */
  customIconFile: string | null
  enabled: boolean
  /** false when the last refresh no longer listed it */
  present: boolean
  /** JSON array of the MIME-type apps of the discovery folded into this app */
  mimeTypes: string
  /** position in the discovery document */
  sortOrder: number
}

export interface ActionRow {
  id: number
  appId: string
  zone: string
  name: string
  ext: string
  progid: string | null
  /** comma-separated */
  requires: string
  isDefault: boolean
  urlsrc: string
  targetext: string | null
  newext: string | null
  newprogid: string | null
  useParent: boolean
  mimeType: string | null
}

interface RawEndpointRow {
  id: string
  discovery_url: string
  name: string
  kind: EndpointKind
  enabled: number
  insecure_tls: number
  zone: string
  zone_is_manual: number
  zones: string
  proof_keys: string | null
  raw_xml: string
  fetched_at: number
  last_attempt_at: number | null
  last_error: string | null
  notes: string
  created_at: number
}

interface RawAppRow {
  id: string
  endpoint_id: string
  discovered_name: string
  display_name: string | null
  fav_icon_url: string | null
  icon_file: string | null
  custom_icon_file: string | null
  enabled: number
  present: number
  mime_types: string
  sort_order: number
}

interface RawActionRow {
  id: number
  app_id: string
  zone: string
  name: string
  ext: string
  progid: string | null
  requires: string
  is_default: number
  urlsrc: string
  targetext: string | null
  newext: string | null
  newprogid: string | null
  use_parent: number
  mime_type: string | null
}

function toEndpoint(raw: RawEndpointRow): EndpointRow {
  return {
    id: raw.id,
    discoveryUrl: raw.discovery_url,
    name: raw.name,
    kind: raw.kind,
    enabled: raw.enabled === 1,
    insecureTls: raw.insecure_tls === 1,
    zone: raw.zone,
    zoneIsManual: raw.zone_is_manual === 1,
    zones: raw.zones,
    proofKeys: raw.proof_keys,
    rawXml: raw.raw_xml,
    fetchedAt: raw.fetched_at,
    lastAttemptAt: raw.last_attempt_at,
    lastError: raw.last_error,
    notes: raw.notes,
    createdAt: raw.created_at,
  }
}

function toApp(raw: RawAppRow): AppRow {
  return {
    id: raw.id,
    endpointId: raw.endpoint_id,
    discoveredName: raw.discovered_name,
    displayName: raw.display_name,
    favIconUrl: raw.fav_icon_url,
    iconFile: raw.icon_file,
    customIconFile: raw.custom_icon_file,
    enabled: raw.enabled === 1,
    present: raw.present === 1,
    mimeTypes: raw.mime_types,
    sortOrder: raw.sort_order,
  }
}

function toAction(raw: RawActionRow): ActionRow {
  return {
    id: raw.id,
    appId: raw.app_id,
    zone: raw.zone,
    name: raw.name,
    ext: raw.ext,
    progid: raw.progid,
    requires: raw.requires,
    isDefault: raw.is_default === 1,
    urlsrc: raw.urlsrc,
    targetext: raw.targetext,
    newext: raw.newext,
    newprogid: raw.newprogid,
    useParent: raw.use_parent === 1,
    mimeType: raw.mime_type,
  }
}

export interface EndpointWrite {
  discoveryUrl: string
  name: string
  insecureTls: boolean
  zone: string
  zoneIsManual: boolean
  rawXml: string
  fetchedAt: number
  notes: string[]
  createdAt: number
}

export type NewAppId = (discoveredName: string, taken: Set<string>) => string

export interface CatalogRepo {
  endpoints(): EndpointRow[]
  endpoint(id: string): EndpointRow | undefined
  endpointByUrl(url: string): EndpointRow | undefined
  endpointIds(): Set<string>
  /** present apps first, in discovery order */
  apps(endpointId: string): AppRow[]
  allApps(): AppRow[]
  app(id: string): AppRow | undefined
  actionsOfEndpoint(endpointId: string): ActionRow[]
  actionsOfApp(appId: string): ActionRow[]
  actionsForExt(ext: string): ActionRow[]
  /** ext -> app id */
  defaults(): Map<string, string>
  defaultFor(ext: string): string | null
  /** whether any app still names this icon file (downloaded or custom) */
  iconReferenced(file: string): boolean
  writeModel(endpointId: string, existing: EndpointRow | undefined, write: EndpointWrite, model: DiscoveryModel, newAppId: NewAppId): void
  recordFailure(id: string, at: number, error: string): void
  setDiscoveryUrl(id: string, url: string): void
  setNotes(id: string, notes: string[]): void
  setDisplayName(appId: string, name: string | null): void
  setIconFile(appId: string, file: string | null): void
  setCustomIcon(appId: string, file: string | null): void
  setAppEnabled(appId: string, enabled: boolean): void
  /** a new favicon URL forgets the icon downloaded from the old one */
  setFavIconUrl(appId: string, url: string | null): void
  setEndpointEnabled(id: string, enabled: boolean): void
  setZone(id: string, zone: string, manual: boolean): void
  /** null clears the extension's default */
  setDefault(ext: string, appId: string | null): void
  deleteEndpoint(id: string): void
  transaction<T>(fn: () => T): T
}

export function createCatalogRepo(db: Db): CatalogRepo {
  const q = {
    endpoints: db.prepare<[], RawEndpointRow>('SELECT * FROM endpoints ORDER BY created_at, rowid'),
    endpoint: db.prepare<[string], RawEndpointRow>('SELECT * FROM endpoints WHERE id = ?'),
    endpointByUrl: db.prepare<[string], RawEndpointRow>('SELECT * FROM endpoints WHERE discovery_url = ?'),
    endpointIds: db.prepare<[], { id: string }>('SELECT id FROM endpoints'),
    apps: db.prepare<[string], RawAppRow>('SELECT * FROM apps WHERE endpoint_id = ? ORDER BY present DESC, sort_order, discovered_name'),
    allApps: db.prepare<[], RawAppRow>('SELECT * FROM apps ORDER BY endpoint_id, present DESC, sort_order, discovered_name'),
    app: db.prepare<[string], RawAppRow>('SELECT * FROM apps WHERE id = ?'),
    appIds: db.prepare<[], { id: string }>('SELECT id FROM apps'),
    actionsOfEndpoint: db.prepare<[string], RawActionRow>(
      'SELECT actions.* FROM actions JOIN apps ON apps.id = actions.app_id WHERE apps.endpoint_id = ? ORDER BY actions.id',
    ),
    actionsOfApp: db.prepare<[string], RawActionRow>('SELECT * FROM actions WHERE app_id = ? ORDER BY id'),
    actionsForExt: db.prepare<[string], RawActionRow>('SELECT * FROM actions WHERE ext = ? ORDER BY id'),
    defaults: db.prepare<[], { ext: string; app_id: string }>('SELECT ext, app_id FROM ext_defaults'),
    defaultFor: db.prepare<[string], { app_id: string }>('SELECT app_id FROM ext_defaults WHERE ext = ?'),
    iconRefs: db.prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM apps WHERE icon_file = ? OR custom_icon_file = ?'),
    insertEndpoint: db.prepare(
      `INSERT INTO endpoints (id, discovery_url, name, kind, enabled, insecure_tls, zone, zone_is_manual, zones, proof_keys, raw_xml,
         fetched_at, last_attempt_at, last_error, notes, created_at)
       VALUES (@id, @discovery_url, @name, @kind, 1, @insecure_tls, @zone, @zone_is_manual, @zones, @proof_keys, @raw_xml,
         @fetched_at, @fetched_at, NULL, @notes, @created_at)`,
    ),
    updateEndpoint: db.prepare(
      `UPDATE endpoints SET name = @name, kind = @kind, insecure_tls = @insecure_tls, zone = @zone, zone_is_manual = @zone_is_manual,
         zones = @zones, proof_keys = @proof_keys, raw_xml = @raw_xml, fetched_at = @fetched_at, last_attempt_at = @fetched_at,
         last_error = NULL, notes = @notes WHERE id = @id`,
    ),
    insertApp: db.prepare(
      `INSERT INTO apps (id, endpoint_id, discovered_name, fav_icon_url, present, mime_types, sort_order)
       VALUES (@id, @endpoint_id, @discovered_name, @fav_icon_url, 1, @mime_types, @sort_order)`,
    ),
    updateApp: db.prepare(
      `UPDATE apps SET fav_icon_url = @fav_icon_url, present = 1, mime_types = @mime_types, sort_order = @sort_order,
         icon_file = CASE WHEN fav_icon_url IS @fav_icon_url THEN icon_file ELSE NULL END
       WHERE id = @id`,
    ),
    markAbsent: db.prepare('UPDATE apps SET present = 0 WHERE endpoint_id = ? AND id = ?'),
    deleteActionsOfEndpoint: db.prepare('DELETE FROM actions WHERE app_id IN (SELECT id FROM apps WHERE endpoint_id = ?)'),
    insertAction: db.prepare(
      `INSERT INTO actions (app_id, zone, name, ext, progid, requires, is_default, urlsrc, targetext, newext, newprogid, use_parent, mime_type)
       VALUES (@app_id, @zone, @name, @ext, @progid, @requires, @is_default, @urlsrc, @targetext, @newext, @newprogid, @use_parent, @mime_type)`,
    ),
    recordFailure: db.prepare('UPDATE endpoints SET last_attempt_at = ?, last_error = ? WHERE id = ?'),
    setNotes: db.prepare('UPDATE endpoints SET notes = ? WHERE id = ?'),
    setDisplayName: db.prepare('UPDATE apps SET display_name = ? WHERE id = ?'),
    setIconFile: db.prepare('UPDATE apps SET icon_file = ? WHERE id = ?'),
    setCustomIcon: db.prepare('UPDATE apps SET custom_icon_file = ? WHERE id = ?'),
    setAppEnabled: db.prepare('UPDATE apps SET enabled = ? WHERE id = ?'),
    setFavIcon: db.prepare(
      'UPDATE apps SET fav_icon_url = ?, icon_file = CASE WHEN fav_icon_url IS ? THEN icon_file ELSE NULL END WHERE id = ?',
    ),
    setEndpointEnabled: db.prepare('UPDATE endpoints SET enabled = ? WHERE id = ?'),
    setDiscoveryUrl: db.prepare('UPDATE endpoints SET discovery_url = ? WHERE id = ?'),
    setZone: db.prepare('UPDATE endpoints SET zone = ?, zone_is_manual = ? WHERE id = ?'),
    setDefault: db.prepare('INSERT INTO ext_defaults (ext, app_id) VALUES (?, ?) ON CONFLICT(ext) DO UPDATE SET app_id = excluded.app_id'),
    clearDefault: db.prepare('DELETE FROM ext_defaults WHERE ext = ?'),
    deleteEndpoint: db.prepare('DELETE FROM endpoints WHERE id = ?'),
  }

  /**
   * Writes a fetched discovery for a new or existing endpoint. Apps are matched on their discovered name, so
   * their ids, display names, icons and enabled flags survive; apps the document no longer lists are kept
   * with present = 0 (edits survive a temporary disappearance) and lose their actions.
   */
  const writeModelTx = db.transaction(
    (endpointId: string, existing: EndpointRow | undefined, write: EndpointWrite, model: DiscoveryModel, newAppId: NewAppId) => {
      const endpointValues = {
        id: endpointId,
        discovery_url: write.discoveryUrl,
        name: write.name,
        kind: model.kind,
        insecure_tls: write.insecureTls ? 1 : 0,
        zone: write.zone,
        zone_is_manual: write.zoneIsManual ? 1 : 0,
        zones: JSON.stringify(model.zones),
        proof_keys: model.proofKeys ? JSON.stringify(model.proofKeys) : null,
        raw_xml: write.rawXml,
        fetched_at: write.fetchedAt,
        notes: JSON.stringify(write.notes),
        created_at: write.createdAt,
      }
      if (existing) q.updateEndpoint.run(endpointValues)
      else q.insertEndpoint.run(endpointValues)

      const stored = new Map(q.apps.all(endpointId).map((row) => [row.discovered_name, row]))
      const taken = new Set(q.appIds.all().map((row) => row.id))
      const listed = new Set<string>()
      q.deleteActionsOfEndpoint.run(endpointId)
      model.apps.forEach((app, order) => {
        listed.add(app.name)
        const favIconUrl = app.favIconUrls[write.zone] ?? Object.values(app.favIconUrls)[0] ?? null
        const row = stored.get(app.name)
        let appId: string
        const values = { fav_icon_url: favIconUrl, mime_types: JSON.stringify(app.mimeTypes), sort_order: order }
        if (row) {
          appId = row.id
          q.updateApp.run({ id: appId, ...values })
        } else {
          appId = newAppId(app.name, taken)
          taken.add(appId)
          q.insertApp.run({ id: appId, endpoint_id: endpointId, discovered_name: app.name, ...values })
        }
        for (const action of app.actions) {
          q.insertAction.run({
            app_id: appId,
            zone: action.zone,
            name: action.name,
            ext: action.ext,
            progid: action.progid,
            requires: action.requires.join(','),
            is_default: action.isDefault ? 1 : 0,
            urlsrc: action.urlsrc,
            targetext: action.targetext,
            newext: action.newext,
            newprogid: action.newprogid,
            use_parent: action.useParent ? 1 : 0,
            mime_type: action.mimeType,
          })
        }
      })
      for (const row of stored.values()) if (!listed.has(row.discovered_name)) q.markAbsent.run(endpointId, row.id)
    },
  )

  return {
    endpoints: () => q.endpoints.all().map(toEndpoint),
    endpoint: (id) => optional(q.endpoint.get(id), toEndpoint),
    endpointByUrl: (url) => optional(q.endpointByUrl.get(url), toEndpoint),
    endpointIds: () => new Set(q.endpointIds.all().map((row) => row.id)),
    apps: (endpointId) => q.apps.all(endpointId).map(toApp),
    allApps: () => q.allApps.all().map(toApp),
    app: (id) => optional(q.app.get(id), toApp),
    actionsOfEndpoint: (endpointId) => q.actionsOfEndpoint.all(endpointId).map(toAction),
    actionsOfApp: (appId) => q.actionsOfApp.all(appId).map(toAction),
    actionsForExt: (ext) => q.actionsForExt.all(ext).map(toAction),
    defaults: () => new Map(q.defaults.all().map((row) => [row.ext, row.app_id])),
    defaultFor: (ext) => q.defaultFor.get(ext)?.app_id ?? null,
    iconReferenced: (file) => (q.iconRefs.get(file, file)?.n ?? 0) > 0,
    writeModel: (endpointId, existing, write, model, newAppId) => {
      writeModelTx(endpointId, existing, write, model, newAppId)
    },
    recordFailure: (id: string, at: number, error: string) => void q.recordFailure.run(at, error, id),
    setDiscoveryUrl: (id: string, url: string) => void q.setDiscoveryUrl.run(url, id),
    setNotes: (id: string, notes: string[]) => void q.setNotes.run(JSON.stringify(notes), id),
    setDisplayName: (appId: string, name: string | null) => void q.setDisplayName.run(name, appId),
    setIconFile: (appId: string, file: string | null) => void q.setIconFile.run(file, appId),
    setCustomIcon: (appId: string, file: string | null) => void q.setCustomIcon.run(file, appId),
    setAppEnabled: (appId: string, enabled: boolean) => void q.setAppEnabled.run(enabled ? 1 : 0, appId),
    setFavIconUrl: (appId: string, url: string | null) => void q.setFavIcon.run(url, url, appId),
    setEndpointEnabled: (id: string, enabled: boolean) => void q.setEndpointEnabled.run(enabled ? 1 : 0, id),
    setZone: (id: string, zone: string, manual: boolean) => void q.setZone.run(zone, manual ? 1 : 0, id),
    setDefault: (ext: string, appId: string | null) => void (appId ? q.setDefault.run(ext, appId) : q.clearDefault.run(ext)),
    deleteEndpoint: (id: string) => void q.deleteEndpoint.run(id),
    transaction: (fn) => db.transaction(fn)(),
  }
}

export function parseProofKeys(row: EndpointRow): ModelProofKeys | null {
  return row.proofKeys ? (JSON.parse(row.proofKeys) as ModelProofKeys) : null
}

function optional<Raw, Row>(raw: Raw | undefined, map: (raw: Raw) => Row): Row | undefined {
  return raw ? map(raw) : undefined
}

export function parseJsonArray(text: string | null): string[] {
  if (!text) return []
  try {
    const value = JSON.parse(text) as unknown
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
  } catch {
    return []
  }
}
