import type { ActionDto, AppDto, EndpointDto, ProofKeySummary } from '../../contract/dto'
import { proofKeyFingerprint, type ModelProofKeys } from '../discovery/build-model'
import { parseJsonArray, parseProofKeys, type ActionRow, type AppRow, type EndpointRow } from '../db/catalog-repo'

/**
 * Console route that serves an app's icon through `catalog.readIcon(appId)` (console listener and the
 * Electron app protocol both answer /api/icons/<appId>); `v` changes with the bytes so caches stay right.
 */
export const ICON_ROUTE_PREFIX = '/api/icons/'

export function appIconUrl(app: AppRow): string | null {
  const file = app.customIconFile ?? app.iconFile
  if (!file) return null
  const version = /([0-9a-f]{12})[0-9a-f]*\.[a-z]+$/.exec(file)?.[1] ?? '0'
  return `${ICON_ROUTE_PREFIX}${encodeURIComponent(app.id)}?v=${version}`
}

export function isSupported(requires: readonly string[], supported: readonly string[]): boolean {
  return requires.every((item) => supported.includes(item))
}

export function requiresOf(row: ActionRow): string[] {
  return row.requires ? row.requires.split(',').filter(Boolean) : []
}

export function toActionDto(row: ActionRow, supported: readonly string[]): ActionDto {
  const requires = requiresOf(row)
  const dto: ActionDto = { name: row.name, ext: row.ext, requires, isDefault: row.isDefault, supported: isSupported(requires, supported) }
  if (row.progid) dto.progid = row.progid
  if (row.targetext) dto.targetext = row.targetext
  if (row.newext) dto.newext = row.newext
  return dto
}

/** Only the actions of the endpoint's chosen zone are shown and offered. */
export function toAppDto(app: AppRow, endpoint: EndpointRow, actions: ActionRow[], supported: readonly string[]): AppDto {
  const zoneActions = actions.filter((action) => action.appId === app.id && action.zone === endpoint.zone)
  const extensions = [...new Set(zoneActions.map((action) => action.ext).filter(Boolean))]
  return {
    id: app.id,
    endpointId: app.endpointId,
    discoveredName: app.discoveredName,
    name: app.displayName ?? app.discoveredName,
    renamed: app.displayName !== null,
    iconUrl: appIconUrl(app),
    iconSource: app.customIconFile ? 'custom' : app.iconFile ? 'discovered' : 'none',
    enabled: app.enabled,
    present: app.present,
    extensions,
    mimeTypes: parseJsonArray(app.mimeTypes),
    actions: zoneActions.map((action) => toActionDto(action, supported)),
  }
}

export function proofKeySummary(keys: ModelProofKeys | null): ProofKeySummary {
  if (!keys) {
    return {
      present: false,
      hasOldKey: false,
      detail:
        'This editor publishes no proof keys, so its requests cannot be signature-checked and are accepted without X-WOPI-Proof (Collabora signs only when a proof_key is configured; ONLYOFFICE only when both keys are set).',
    }
  }
  const fingerprint = proofKeyFingerprint(keys.current)
  const summary: ProofKeySummary = { present: true, hasOldKey: Boolean(keys.old), ...(fingerprint ? { fingerprint } : {}) }
  summary.detail = keys.error
    ? `The editor publishes a proof key that cannot be used (${keys.error}): its requests are refused until it publishes a valid key.`
    : `Requests from this editor must carry a valid X-WOPI-Proof signature, checked against the current key${keys.old ? ' and the previous key' : ''} (timestamps older than 20 minutes are refused).`
  return summary
}

export function toEndpointDto(endpoint: EndpointRow, apps: AppRow[], actions: ActionRow[], supported: readonly string[]): EndpointDto {
  return {
    id: endpoint.id,
    name: endpoint.name,
    kind: endpoint.kind,
    discoveryUrl: endpoint.discoveryUrl,
    enabled: endpoint.enabled,
    insecureTls: endpoint.insecureTls,
    zone: endpoint.zone,
    zones: parseJsonArray(endpoint.zones),
    proofKeys: proofKeySummary(parseProofKeys(endpoint)),
    fetchedAt: endpoint.fetchedAt,
    lastAttemptAt: endpoint.lastAttemptAt,
    lastError: endpoint.lastError,
    notes: parseJsonArray(endpoint.notes),
    apps: apps.map((app) => toAppDto(app, endpoint, actions, supported)),
  }
}
