import type { PickedAction } from '../catalog/catalog'
import type { RequestRecord } from '../db/request-log-repo'
import { buildActionUrl } from '../discovery/action-url'
import type { DiscoveryModel } from '../discovery/build-model'
import type { FetchResult, Fetcher } from '../discovery/http-fetch'
import { fetchDiscovery, readDiscovery, type FetchedDiscovery } from '../discovery/load-discovery'
import { createCanaryFile, PROBE_ID_PREFIX, waitForCheckFileInfo, type CanaryFile } from './canary'
import type { EndpointInfo } from './checks/types'
import { HOST_NOT_RUNNING, HOST_NOT_RUNNING_FIX, type DoctorContext } from './context'
import { hostLocality } from './net/addresses'
import type { ProbeResponse } from './net/http-probe'
import { websocketProbe, type WebSocketProbeResult } from './net/websocket-probe'

// Facts several checks need, each computed once per run and editor (DoctorContext.memo): the discovery as the
// editor serves it now, Collabora's capabilities and wopiAccessCheck verdict, and the canary open.

export type DiscoveryFact =
  | { ok: true; fetched: FetchedDiscovery; model: DiscoveryModel; response: FetchResult; sentAt: number; receivedAt: number }
  | { ok: false; error: Error; response: FetchResult | null; sentAt: number; receivedAt: number }

/** <prefix>/hosting/discovery -> <prefix>/hosting/<name>: Collabora's REST endpoints sit next to its discovery. */
export function hostingUrl(discoveryUrl: string, name: string): string {
  const url = new URL(discoveryUrl)
  url.pathname = url.pathname.replace(/\/hosting\/discovery\/?$/i, '') + `/hosting/${name}`
  url.search = ''
  return url.href
}

/** The host of the editor's discovery: the one host whose certificate the admin may have chosen to trust. */
export function insecureHostOf(endpoint: EndpointInfo): string | null {
  return endpoint.insecureTls ? new URL(endpoint.discoveryUrl).host : null
}

export function discoveryFact(ctx: DoctorContext, endpoint: EndpointInfo): Promise<DiscoveryFact> {
  return ctx.memo(`discovery:${endpoint.id}`, async () => {
    let response: FetchResult | null = null
    // The response is kept whatever fetchDiscovery concludes: its Date header still tells the editor's clock.
    const capturing: Fetcher = async (url, options) => {
      response = await ctx.fetcher(url, options)
      return response
    }
    const sentAt = ctx.now()
    try {
      const fetched = await fetchDiscovery(capturing, endpoint.discoveryUrl, { insecureTls: endpoint.insecureTls })
      const model = readDiscovery(fetched.text, fetched.finalUrl)
      return { ok: true as const, fetched, model, response: response!, sentAt, receivedAt: ctx.now() }
    } catch (error) {
      return { ok: false as const, error: error as Error, response, sentAt, receivedAt: ctx.now() }
    }
  })
}

export type CapabilitiesFact = { ok: true; url: string; json: Record<string, unknown> } | { ok: false; url: string; error: string }

export function capabilitiesFact(ctx: DoctorContext, endpoint: EndpointInfo): Promise<CapabilitiesFact> {
  return ctx.memo(`capabilities:${endpoint.id}`, async () => {
    const url = hostingUrl(endpoint.discoveryUrl, 'capabilities')
    try {
      const response = await ctx.probe(url, {
        insecureTlsHost: insecureHostOf(endpoint),
        ca: ctx.ca,
        headers: { accept: 'application/json' },
      })
      if (response.status !== 200) return { ok: false as const, url, error: `it answered ${response.status}` }
      const json = JSON.parse(response.body.toString('utf8')) as unknown
      if (!json || typeof json !== 'object' || Array.isArray(json))
        return { ok: false as const, url, error: 'its answer is not a JSON object' }
      return { ok: true as const, url, json: json as Record<string, unknown> }
    } catch (error) {
      return { ok: false as const, url, error: error instanceof SyntaxError ? 'its answer is not JSON' : (error as Error).message }
    }
  })
}

export interface ProbeCallback {
  url: string
  /** the probe file whose CheckFileInfo proves the call arrived; null when a plain host URL had to do */
  file: CanaryFile | null
}

/** What Collabora's wopiAccessCheck is asked to call: a real CheckFileInfo URL, so a 200 means "reached WOPI Desk". */
export function probeCallback(ctx: DoctorContext): Promise<ProbeCallback> {
  return ctx.memo('probe-callback', async () => {
    const fallback = { url: `${ctx.host.wopiBase}/wopi/files/${PROBE_ID_PREFIX}probe`, file: null }
    if (ctx.host.state === 'none' || !ctx.desk.files.root) return fallback
    try {
      // No app id: Collabora's probe is not proof-signed, and it must not be refused for that.
      const file = await createCanaryFile(ctx.desk, ctx.random, ctx.now, { ext: 'txt' })
      ctx.redact.add(file.token)
      ctx.defer(file.remove)
      return { url: `${file.wopiSrc}?access_token=${encodeURIComponent(file.token)}`, file }
    } catch (error) {
      ctx.log.warn('doctor: no probe file', { error: (error as Error).message })
      return fallback
    }
  })
}

export const ACCESS_CHECK_STATUSES = [
  'Ok',
  'NotHttpSuccess',
  'HostNotFound',
  'WopiHostNotAllowed',
  'ConnectionAborted',
  'CertificateValidation',
  'SelfSignedCertificate',
  'ExpiredCertificate',
  'SslHandshakeFail',
  'MissingSsl',
  'NotHttps',
  'NoScheme',
  'Timeout',
  'UnspecifiedError',
] as const

export type AccessCheckFact =
  | { state: 'unsupported'; reason: string }
  | { state: 'error'; reason: string }
  | { state: 'answered'; status: string; callback: ProbeCallback; arrived: RequestRecord | null; productVersion: string | null }

/** Collabora's POST /hosting/wopiAccessCheck: Collabora itself tries to reach our WOPISrc and says what happened. */
export function accessCheckFact(ctx: DoctorContext, endpoint: EndpointInfo): Promise<AccessCheckFact> {
  return ctx.memo(`access-check:${endpoint.id}`, async (): Promise<AccessCheckFact> => {
    if (endpoint.kind !== 'collabora') return { state: 'unsupported', reason: 'only Collabora Online offers /hosting/wopiAccessCheck' }
    const capabilities = await capabilitiesFact(ctx, endpoint)
    if (!capabilities.ok) return { state: 'unsupported', reason: `its /hosting/capabilities could not be read (${capabilities.error})` }
    const version = typeof capabilities.json['productVersion'] === 'string' ? (capabilities.json['productVersion'] as string) : null
    if (capabilities.json['hasWopiAccessCheck'] !== true) {
      return {
        state: 'unsupported',
        reason: `this Collabora${version ? ` (${version})` : ''} does not offer /hosting/wopiAccessCheck (added in 24.04)`,
      }
    }
    const callback = await probeCallback(ctx)
    let response: ProbeResponse
    try {
      response = await ctx.probe(hostingUrl(endpoint.discoveryUrl, 'wopiAccessCheck'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ callbackUrl: callback.url }),
        insecureTlsHost: insecureHostOf(endpoint),
        ca: ctx.ca,
        timeoutMs: 10_000,
      })
    } catch (error) {
      return { state: 'error', reason: (error as Error).message }
    }
    if (response.status === 404) return { state: 'unsupported', reason: 'its /hosting/wopiAccessCheck answered 404' }
    if (response.status !== 200) return { state: 'error', reason: `/hosting/wopiAccessCheck answered ${response.status}` }
    let status: string
    try {
      const json = JSON.parse(response.body.toString('utf8')) as { status?: unknown }
      status = String(json.status ?? '')
    } catch {
      return { state: 'error', reason: '/hosting/wopiAccessCheck did not answer JSON' }
    }
    // Early builds serialised the enum with its C++ scope ("CheckStatus::Ok").
    status = status.replace(/^CheckStatus::/, '')
    const arrived = status === 'Ok' && callback.file ? await waitForCheckFileInfo(ctx.desk, callback.file.fileId, 1500, ctx.signal) : null
    return { state: 'answered', status, callback, arrived, productVersion: version }
  })
}

export function localityFact(ctx: DoctorContext, endpoint: EndpointInfo) {
  return ctx.memo(`locality:${endpoint.id}`, () => hostLocality(new URL(endpoint.discoveryUrl).hostname, ctx.lookup))
}

/** Common formats, most harmless first: a canary opens read-only in the first one the editor offers. */
export const CANARY_EXTENSIONS = ['txt', 'odt', 'docx', 'ods', 'xlsx', 'odp', 'pptx', 'md', 'csv'] as const

export type CanaryOpen =
  | { state: 'unavailable'; detail: string; fix: string }
  | { state: 'opened'; file: CanaryFile; picked: PickedAction; actionUrl: string; post: ProbeResponse | null; postError: string | null }

export type CanaryResult =
  | Extract<CanaryOpen, { state: 'unavailable' }>
  | (Extract<CanaryOpen, { state: 'opened' }> & {
      arrived: RequestRecord | null
      ws: WebSocketProbeResult | null
      wsError: string | null
      waitedMs: number
    })

function pickCanaryAction(ctx: DoctorContext, endpoint: EndpointInfo): PickedAction | null {
  for (const ext of CANARY_EXTENSIONS) {
    for (const handler of ctx.catalog.handlersFor(ext).filter((candidate) => candidate.endpointId === endpoint.id)) {
      try {
        return ctx.catalog.pickAction(handler.appId, ext, undefined, { canWrite: false })
      } catch {
        // this app cannot open it read-only here; try the next
      }
    }
  }
  return null
}

/** Creates the canary and opens it the way the host page does: a form POST of access_token to the action URL. */
export function canaryOpen(ctx: DoctorContext, endpoint: EndpointInfo): Promise<CanaryOpen> {
  return ctx.memo(`canary-open:${endpoint.id}`, async (): Promise<CanaryOpen> => {
    if (ctx.host.state === 'none') return { state: 'unavailable', detail: HOST_NOT_RUNNING, fix: HOST_NOT_RUNNING_FIX }
    if (!ctx.desk.files.root) {
      return {
        state: 'unavailable',
        detail: 'No folder is being served, so there is nothing to open.',
        fix: 'Choose the folder to serve (Settings, or wopi-desk serve --root <folder>).',
      }
    }
    const picked = pickCanaryAction(ctx, endpoint)
    if (!picked) {
      return {
        state: 'unavailable',
        detail: `${endpoint.name} offers no enabled app that opens ${CANARY_EXTENSIONS.map((ext) => `.${ext}`).join(', ')} read-only, so no test document can be opened.`,
        fix: 'Enable an app of this editor under Editors, or refresh the catalog: wopi-desk discovery refresh ' + endpoint.id,
      }
    }
    let file: CanaryFile
    try {
      file = await createCanaryFile(ctx.desk, ctx.random, ctx.now, { ext: picked.ext, appId: picked.appId })
    } catch (error) {
      return {
        state: 'unavailable',
        detail: `The test document could not be created in the served folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
        fix: 'Check that the served folder exists and that this account may write to it.',
      }
    }
    ctx.redact.add(file.token)
    ctx.defer(file.remove)
    const actionUrl = buildActionUrl(picked.urlsrc, file.wopiSrc, ctx.settings.locale)
    try {
      const post = await ctx.probe(actionUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: `access_token=${encodeURIComponent(file.token)}&access_token_ttl=${file.tokenTtl}`,
        insecureTlsHost: insecureHostOf(endpoint),
        ca: ctx.ca,
        timeoutMs: 10_000,
      })
      return { state: 'opened', file, picked, actionUrl, post, postError: null }
    } catch (error) {
      return { state: 'opened', file, picked, actionUrl, post: null, postError: (error as Error).message }
    }
  })
}

/** Collabora's document WebSocket URL for a WOPISrc: <service root>/cool/<encoded WOPISrc+token>/ws. */
export function collaboraSocketUrl(urlsrc: string, wopiSrc: string, query = ''): string {
  const url = new URL(urlsrc.replace(/<[^<>]*>/g, ''))
  const match = /^(.*?)\/(browser|loleaflet)\//.exec(url.pathname)
  const root = match ? match[1]! : ''
  const segment = match?.[2] === 'loleaflet' ? 'lool' : 'cool'
  const scheme = url.protocol === 'https:' ? 'wss:' : 'ws:'
  const documentUrl = query ? `${wopiSrc}?${query}` : wopiSrc
  return `${scheme}//${url.host}${root}/${segment}/${encodeURIComponent(documentUrl)}/ws?WOPISrc=${encodeURIComponent(wopiSrc)}&compat=/ws`
}

/**
 * Opens the canary and waits for the editor's CheckFileInfo. Collabora before 24.04 only reads the document once
 * the page opens its WebSocket, so for Collabora the document socket is opened too (and held until the
 * CheckFileInfo arrives or the wait ends).
 */
export function canaryResult(ctx: DoctorContext, endpoint: EndpointInfo): Promise<CanaryResult> {
  return ctx.memo(`canary-result:${endpoint.id}`, async (): Promise<CanaryResult> => {
    const opened = await canaryOpen(ctx, endpoint)
    if (opened.state !== 'opened') return opened
    if (opened.postError !== null) return { ...opened, arrived: null, ws: null, wsError: null, waitedMs: 0 }
    const arrival = waitForCheckFileInfo(ctx.desk, opened.file.fileId, ctx.canaryWaitMs, ctx.signal)
    let ws: WebSocketProbeResult | null = null
    let wsError: string | null = null
    const socket =
      endpoint.kind === 'collabora'
        ? websocketProbe(
            collaboraSocketUrl(
              opened.picked.urlsrc,
              opened.file.wopiSrc,
              `access_token=${encodeURIComponent(opened.file.token)}&access_token_ttl=${opened.file.tokenTtl}`,
            ),
            {
              origin: new URL(opened.actionUrl).origin,
              insecureTlsHost: insecureHostOf(endpoint),
              ca: ctx.ca,
              timeoutMs: Math.min(ctx.canaryWaitMs, 10_000),
              holdOpen: () => arrival.then(() => undefined),
            },
          ).then(
            (result) => void (ws = result),
            (error: unknown) => void (wsError = (error as Error).message),
          )
        : Promise.resolve()
    const arrived = await arrival
    await socket
    return { ...opened, arrived, ws, wsError, waitedMs: ctx.canaryWaitMs }
  })
}
