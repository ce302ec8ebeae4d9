import type { TFunction } from 'i18next'
import type { AppDto, CatalogChange, EndpointDto, EndpointKind } from '../../../../electron/contract/dto'

/** The default names of the editor kinds, as the core names a new endpoint (English, like every stored name). */
export const endpointKindLabels: Record<EndpointKind, string> = {
  collabora: 'Collabora Online',
  onlyoffice: 'ONLYOFFICE Docs',
  office: 'Office Online Server',
  builtin: 'Built-in editor',
  unknown: 'WOPI editor',
}

/** The kind of an editor in the page's language: product names stay as they are, the two generic kinds are words. */
export function endpointKindLabel(kind: EndpointKind, t: TFunction): string {
  if (kind === 'builtin') return t('editors:kind.builtin')
  if (kind === 'unknown') return t('editors:kind.unknown')
  return endpointKindLabels[kind]
}

/** A chip with the kind only adds something when the endpoint is not simply named after its kind. */
export function showsKindChip(endpoint: Pick<EndpointDto, 'name' | 'kind'>, t: TFunction): boolean {
  return endpoint.name !== endpointKindLabels[endpoint.kind] && endpoint.name !== endpointKindLabel(endpoint.kind, t)
}

/**
 * Apps that open files by extension come first; MIME-type-only apps (Collabora, ONLYOFFICE list dozens) go under a
 * fold. Service entries that open no file at all (Collabora's "Capabilities" with its getinfo action) are not apps
 * a person can rename or enable: they are left out.
 */
export function splitApps(apps: readonly AppDto[]): { byExtension: AppDto[]; mimeOnly: AppDto[] } {
  const byExtension: AppDto[] = []
  const mimeOnly: AppDto[] = []
  for (const app of apps) {
    if (isServiceEntry(app)) continue
    ;(app.extensions.some((ext) => ext !== '') ? byExtension : mimeOnly).push(app)
  }
  return { byExtension, mimeOnly }
}

function isServiceEntry(app: AppDto): boolean {
  return app.extensions.every((ext) => ext === '') && app.mimeTypes.length === 0
}

/** Distinct action names of an app in discovery order: ['view', 'edit', 'editnew']. */
export function actionNames(app: AppDto): string[] {
  return [...new Set(app.actions.map((action) => action.name))]
}

// The actions a person recognises; Office's discovery lists a dozen more (syndicate, rtc, preloadview...).
const primaryActions = ['edit', 'view', 'editnew', 'view_comment', 'embedview', 'present', 'convert']

/** The recognisable actions first, at most `limit` of them, and how many others there are. */
export function actionSummary(app: AppDto, limit = 4): { shown: string[]; hidden: string[] } {
  const names = actionNames(app)
  const ordered = [
    ...names.filter((name) => primaryActions.includes(name)).sort((a, b) => primaryActions.indexOf(a) - primaryActions.indexOf(b)),
    ...names.filter((name) => !primaryActions.includes(name)),
  ]
  return { shown: ordered.slice(0, limit), hidden: ordered.slice(limit) }
}

/**
 * Extensions that more than one usable app handles, sorted: only for these does a default need choosing.
 * Disabled apps, apps of disabled editors and apps gone from discovery do not count.
 */
export function extensionsWithSeveralApps(endpoints: readonly EndpointDto[]): string[] {
  const counts = new Map<string, number>()
  for (const endpoint of endpoints) {
    if (!endpoint.enabled) continue
    for (const app of endpoint.apps) {
      if (!app.enabled || !app.present) continue
      for (const ext of new Set(app.extensions)) {
        if (ext === '') continue
        counts.set(ext, (counts.get(ext) ?? 0) + 1)
      }
    }
  }
  return [...counts]
    .filter(([, count]) => count > 1)
    .map(([ext]) => ext)
    .sort((a, b) => a.localeCompare(b))
}

// File types people open most, shown first; the rest wait behind "Show all".
const commonExtensions = ['docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'pdf', 'doc', 'xls', 'ppt', 'csv', 'txt', 'rtf', 'md', 'odg']

/** Common extensions first (in that order), then the rest alphabetically. */
export function orderExtensions(extensions: readonly string[]): string[] {
  const rank = (ext: string) => {
    const index = commonExtensions.indexOf(ext)
    return index < 0 ? commonExtensions.length : index
  }
  return [...extensions].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
}

export function isCommonExtension(ext: string): boolean {
  return commonExtensions.includes(ext)
}

export function replaceApp(endpoints: readonly EndpointDto[], app: AppDto): EndpointDto[] {
  return endpoints.map((endpoint) =>
    endpoint.id === app.endpointId
      ? { ...endpoint, apps: endpoint.apps.map((candidate) => (candidate.id === app.id ? app : candidate)) }
      : endpoint,
  )
}

export function replaceEndpoint(endpoints: readonly EndpointDto[], next: EndpointDto): EndpointDto[] {
  const found = endpoints.some((endpoint) => endpoint.id === next.id)
  return found ? endpoints.map((endpoint) => (endpoint.id === next.id ? next : endpoint)) : [...endpoints, next]
}

/**
 * What a person typed as a discovery address, checked before anything is sent. The server accepts a base URL
 * (https://collabora.example:9980) or the full /hosting/discovery URL, and works out the rest.
 */
export function checkDiscoveryUrl(text: string, t: TFunction): { ok: true; url: string } | { ok: false; message: string } {
  const url = text.trim()
  if (url === '') return { ok: false, message: t('editors:url.empty') }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    // The example repeats what was typed only when that looks like a host name ("https://not a url" helps nobody).
    const typed = url.replace(/^\/+/, '')
    const example = /^[\w.-]+(:\d+)?(\/\S*)?$/.test(typed) ? typed : 'collabora.example.com:9980'
    return { ok: false, message: t('editors:url.scheme', { example: `https://${example}` }) }
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { ok: false, message: t('editors:url.invalid') }
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, message: t('editors:url.protocol') }
  }
  if (parsed.username || parsed.password) {
    return { ok: false, message: t('editors:url.credentials') }
  }
  return { ok: true, url }
}

const changeKindLabels: Record<CatalogChange['kind'], `editors:changeKinds.${string}`> = {
  'app-added': 'editors:changeKinds.appAdded',
  'app-removed': 'editors:changeKinds.appRemoved',
  'action-added': 'editors:changeKinds.actionAdded',
  'action-removed': 'editors:changeKinds.actionRemoved',
  'urlsrc-changed': 'editors:changeKinds.urlsrcChanged',
  'proof-key-rotated': 'editors:changeKinds.proofKeyRotated',
  'proof-key-added': 'editors:changeKinds.proofKeyAdded',
  'proof-key-removed': 'editors:changeKinds.proofKeyRemoved',
  'zone-changed': 'editors:changeKinds.zoneChanged',
}

/** A catalog change in words, in the page's language; a kind this console does not know shows its code. */
export function changeKindLabel(kind: CatalogChange['kind'], t: (key: `editors:changeKinds.${string}`) => string): string {
  const key = changeKindLabels[kind]
  return key ? t(key) : kind
}

export function changeSeverity(kind: CatalogChange['kind']): 'info' | 'warning' | 'success' {
  if (kind === 'app-removed' || kind === 'action-removed' || kind === 'proof-key-removed') return 'warning'
  if (kind === 'app-added' || kind === 'action-added' || kind === 'proof-key-added') return 'success'
  return 'info'
}
