import { createHash } from 'node:crypto'
import type { EndpointKind } from '../../contract/dto'
import { hasKey, toPublicKey, type ProofPublicKey } from '../wopi/proof-keys'
import { DiscoveryError } from './discovery-error'
import { detectKind } from './detect-kind'
import { extensionsForMimeType, isMimeTypeName } from './mime-extensions'
import type { ParsedDiscovery, RawAction, RawProofKey } from './parse-discovery'

// From parsed records to what the catalog stores: usable actions only, MIME-type apps folded in, icon URLs
// made absolute, proof keys checked. Everything dropped is counted in a note, never silently.

export interface ModelAction {
  zone: string
  name: string
  /** lower case, no dot; '' for progid-only actions and MIME types we cannot map */
  ext: string
  progid: string | null
  requires: string[]
  isDefault: boolean
  urlsrc: string
  targetext: string | null
  newext: string | null
  newprogid: string | null
  useParent: boolean
  /** the MIME-type app this action came from, when its ext was derived from our table */
  mimeType: string | null
}

export interface ModelApp {
  /** the discovered name: the lookup key that admin edits hang on */
  name: string
  /** absolute favIconUrl per zone (Office publishes different hosts per zone) */
  favIconUrls: Record<string, string>
  /** MIME-type apps of the document that this app stands for */
  mimeTypes: string[]
  actions: ModelAction[]
}

export interface ModelProofKeys {
  current: ProofPublicKey
  old?: ProofPublicKey
  /** set when the published current key cannot be used: proofs then fail closed */
  error?: string
}

export interface DiscoveryModel {
  kind: EndpointKind
  zones: string[]
  apps: ModelApp[]
  proofKeys: ModelProofKeys | null
  notes: string[]
}

const ACTION_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/
const EXTENSION = /^[a-z0-9_+-]{1,32}$/
const MAX_NAME = 200

export function buildModel(parsed: ParsedDiscovery, documentUrl: string): DiscoveryModel {
  const allApps = parsed.zones.flatMap((zone) => zone.apps)
  const allActions = allApps.flatMap((app) => app.actions)
  if (parsed.zones.length === 0 || allApps.length === 0) {
    throw new DiscoveryError(
      'no-apps',
      'The discovery document lists no applications (no <app> in any <net-zone>), so there is nothing to open documents with. For ONLYOFFICE check WOPI is enabled (WOPI_ENABLED=true); for Office Online Server check the farm is set up.',
    )
  }
  if (!allActions.some((action) => action.urlsrc && action.urlsrc.trim())) {
    const looksLikeTemplate =
      allApps.some((app) => ['writer', 'calc', 'impress'].includes(app.name.toLowerCase())) ||
      allApps.some((app) => app.favIconUrl !== undefined && !/^[a-z]+:/i.test(app.favIconUrl))
    if (looksLikeTemplate) {
      throw new DiscoveryError(
        'template',
        "This looks like Collabora's discovery template (no urlsrc): import the discovery your running Collabora server serves, at https://<server>:9980/hosting/discovery",
      )
    }
    throw new DiscoveryError(
      'no-urlsrc',
      'The discovery lists applications but none of their actions has a urlsrc, so there is no editor address to open documents with. Import the discovery the running editor serves at <editor>/hosting/discovery.',
    )
  }

  const notes: string[] = []
  const skipped = { noName: 0, noUrl: 0, badUrl: 0, badExt: 0, duplicates: 0, namelessApps: 0 }
  const apps = new Map<string, ModelApp>()
  const zones: string[] = []
  const appFor = (name: string): ModelApp => {
    let app = apps.get(name)
    if (!app) {
      app = { name, favIconUrls: {}, mimeTypes: [], actions: [] }
      apps.set(name, app)
    }
    return app
  }

  for (const rawZone of parsed.zones) {
    const zone = rawZone.name.trim().slice(0, 64) || 'unnamed'
    if (!zones.includes(zone)) zones.push(zone)
    // Merge apps listed twice in one zone (Collabora lists application/msword twice).
    const zoneApps = new Map<string, { favIconUrl?: string; actions: ModelAction[] }>()
    for (const rawApp of rawZone.apps) {
      const name = rawApp.name.trim()
      if (!name || name.length > MAX_NAME || /[\u0000-\u001f]/.test(name)) {
        skipped.namelessApps++
        continue
      }
      const entry = zoneApps.get(name) ?? { actions: [] }
      if (!entry.favIconUrl && rawApp.favIconUrl) entry.favIconUrl = rawApp.favIconUrl
      for (const rawAction of rawApp.actions) {
        const action = toModelAction(rawAction, zone, skipped)
        if (action) entry.actions.push(action)
      }
      zoneApps.set(name, entry)
    }

    const extApps = [...zoneApps].filter(([name, app]) => !isMimeApp(name, app.actions))
    const coveredBy = new Map<string, string[]>()
    for (const [name, app] of extApps) {
      for (const action of app.actions) {
        if (!action.ext) continue
        const list = coveredBy.get(action.ext) ?? []
        if (!list.includes(name)) list.push(name)
        coveredBy.set(action.ext, list)
      }
    }
    for (const [name, app] of zoneApps) {
      const icon = resolveIconUrl(app.favIconUrl, documentUrl)
      if (!isMimeApp(name, app.actions)) {
        const model = appFor(name)
        if (icon) model.favIconUrls[zone] = icon
        model.actions.push(...app.actions)
        continue
      }
      // A MIME-type app whose formats an extension app already serves only adds its MIME type to that app:
      // the per-extension listing is the editor's precise word on view versus edit.
      const extensions = extensionsForMimeType(name)
      const covering = [...new Set(extensions.flatMap((ext) => coveredBy.get(ext) ?? []))]
      if (covering.length > 0) {
        for (const target of covering) {
          const model = appFor(target)
          if (!model.mimeTypes.includes(name)) model.mimeTypes.push(name)
        }
        continue
      }
      // Otherwise it is the only way to that format: keep it as an app of its own, with real extensions.
      const model = appFor(name)
      if (icon) model.favIconUrls[zone] = icon
      if (!model.mimeTypes.includes(name)) model.mimeTypes.push(name)
      for (const action of app.actions) {
        if (extensions.length === 0) model.actions.push({ ...action, mimeType: name })
        else for (const ext of extensions) model.actions.push({ ...action, ext, mimeType: name })
      }
    }
  }

  for (const app of apps.values()) {
    const seen = new Set<string>()
    app.actions = app.actions.filter((action) => {
      const key = `${action.zone}|${action.name}|${action.ext}|${action.progid ?? ''}`
      if (seen.has(key)) {
        skipped.duplicates++
        return false
      }
      seen.add(key)
      return true
    })
  }
  const kept = [...apps.values()].filter((app) => app.actions.length > 0 || app.mimeTypes.length > 0)
  const usable = kept.filter((app) => app.actions.length > 0)
  if (usable.length === 0) {
    throw new DiscoveryError(
      'no-urlsrc',
      'None of the actions in the discovery has a usable http(s) urlsrc, so there is no editor address to open documents with. Import the discovery the running editor serves at <editor>/hosting/discovery.',
    )
  }
  const droppedApps = apps.size - kept.length
  if (skipped.noUrl) notes.push(`${skipped.noUrl} action(s) without a urlsrc were left out.`)
  if (skipped.badUrl) notes.push(`${skipped.badUrl} action(s) whose urlsrc is not an http(s) address were left out.`)
  if (skipped.noName) notes.push(`${skipped.noName} action(s) without a valid name were left out.`)
  if (skipped.badExt) notes.push(`${skipped.badExt} action(s) with an invalid extension were left out.`)
  if (skipped.namelessApps) notes.push(`${skipped.namelessApps} app(s) without a valid name were left out.`)
  if (droppedApps) notes.push(`${droppedApps} app(s) with no usable action were left out.`)

  const proofKeys = buildProofKeys(parsed.proofKey, notes)
  const kind = detectKind({
    appNames: allApps.map((app) => app.name),
    urlsrcs: allActions.map((action) => action.urlsrc ?? ''),
    favIconUrls: allApps.map((app) => app.favIconUrl ?? ''),
    checkLicense: allApps.some((app) => app.checkLicense?.toLowerCase() === 'true'),
  })
  return { kind, zones, apps: kept, proofKeys, notes }
}

function isMimeApp(name: string, actions: ModelAction[]): boolean {
  return isMimeTypeName(name) && actions.every((action) => action.ext === '')
}

function toModelAction(
  raw: RawAction,
  zone: string,
  skipped: { noName: number; noUrl: number; badUrl: number; badExt: number },
): ModelAction | null {
  const name = raw.name.trim()
  if (!ACTION_NAME.test(name)) {
    skipped.noName++
    return null
  }
  const urlsrc = raw.urlsrc?.trim()
  if (!urlsrc) {
    skipped.noUrl++
    return null
  }
  if (!isWebTemplate(urlsrc)) {
    skipped.badUrl++
    return null
  }
  const ext = normaliseExt(raw.ext)
  if (ext === null) {
    skipped.badExt++
    return null
  }
  return {
    zone,
    name,
    ext,
    progid: clean(raw.progid),
    requires: (raw.requires ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter(Boolean),
    isDefault: raw.default?.trim().toLowerCase() === 'true',
    urlsrc,
    targetext: clean(raw.targetext)?.toLowerCase().replace(/^\./, '') ?? null,
    newext: clean(raw.newext)?.toLowerCase().replace(/^\./, '') ?? null,
    newprogid: clean(raw.newprogid),
    useParent: raw.useParent?.trim().toLowerCase() === 'true',
    mimeType: null,
  }
}

/** '' stays '' (MIME-type apps); anything else must be a plain extension. */
function normaliseExt(value: string): string | null {
  const ext = value.trim().toLowerCase().replace(/^\./, '')
  if (ext === '') return ''
  return EXTENSION.test(ext) ? ext : null
}

function clean(value: string | undefined): string | null {
  const text = value?.trim()
  return text ? text.slice(0, 100) : null
}

/** The editor view will load this address: only http(s), checked with the placeholders taken out. */
function isWebTemplate(urlsrc: string): boolean {
  if (urlsrc.length > 8192) return false
  try {
    const url = new URL(urlsrc.replace(/<[^<>]*>/g, ''))
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

function resolveIconUrl(value: string | undefined, documentUrl: string): string | null {
  if (!value?.trim()) return null
  try {
    const url = new URL(value.trim(), documentUrl)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

function buildProofKeys(raw: RawProofKey | null, notes: string[]): ModelProofKeys | null {
  if (!raw) return null
  const current = keyOf(raw.modulus, raw.exponent, raw.value)
  const old = keyOf(raw.oldmodulus, raw.oldexponent, raw.oldvalue)
  if (!hasKey(current)) {
    if (!hasKey(old)) {
      notes.push('The discovery has an empty <proof-key> element: it is treated as publishing no proof keys.')
      return null
    }
    return { current, ...(hasKey(old) ? { old } : {}), error: 'the discovery lists a previous proof key but no current one' }
  }
  const result: ModelProofKeys = { current }
  try {
    toPublicKey(current)
  } catch (error) {
    result.error = `the current proof key cannot be read (${(error as Error).message})`
  }
  if (hasKey(old)) {
    try {
      toPublicKey(old)
      result.old = old
    } catch (error) {
      notes.push(`The previous proof key in the discovery cannot be read (${(error as Error).message}); only the current key is used.`)
    }
  }
  return result
}

function keyOf(modulus: string | undefined, exponent: string | undefined, value: string | undefined): ProofPublicKey {
  const key: ProofPublicKey = {}
  if (modulus?.trim()) key.modulus = modulus.trim()
  if (exponent?.trim()) key.exponent = exponent.trim()
  if (value?.trim()) key.value = value.trim()
  return key
}

/** SHA-256 of the key's SubjectPublicKeyInfo, first 16 hex digits: safe to show and to compare. */
export function proofKeyFingerprint(key: ProofPublicKey | undefined): string | null {
  if (!key || !hasKey(key)) return null
  try {
    const publicKey = toPublicKey(key)
    if (!publicKey) return null
    return createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex')
      .slice(0, 16)
  } catch {
    return null
  }
}
