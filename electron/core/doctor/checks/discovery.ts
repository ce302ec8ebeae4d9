import { isDiscoveryError, type DiscoveryError } from '../../discovery/discovery-error'
import { TRUST_HINT } from '../../discovery/explain-network-error'
import { formatBytes } from '../../format-bytes'
import { discoveryFact, insecureHostOf } from '../facts'
import { ago, byKind, fail, pass, plural, skip, warn, type EndpointCheck, type EndpointInfo } from './types'

// The editor's discovery (clients.md rows 5, 8, 14): reachable and really a WOPI discovery document, offering
// the common formats, and still what the catalog stored (an upgraded editor serves new urlsrc paths).

const COMMON_FORMATS = ['docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'txt'] as const

const ONLYOFFICE_WOPI_FIX =
  'Turn WOPI on in ONLYOFFICE Docs: start the container with -e WOPI_ENABLED=true (Docker), or set "wopi": { "enable": true } in /etc/onlyoffice/documentserver/local.json and restart it.'

function discoveryFix(endpoint: EndpointInfo, error: DiscoveryError | Error): string {
  const code = isDiscoveryError(error) ? error.code : 'network'
  const status = isDiscoveryError(error) ? error.status : undefined
  const reimport = `wopi-desk discovery import ${endpoint.discoveryUrl} --insecure-tls`
  switch (code) {
    case 'http-status':
      if (status === 404) {
        return byKind(endpoint.kind, {
          onlyoffice: ONLYOFFICE_WOPI_FIX,
          collabora: 'Check the address points at Collabora itself (https://<server>:9980/hosting/discovery) and that coolwsd is running.',
          other: `Check the editor address. For ONLYOFFICE Docs, WOPI must be on: -e WOPI_ENABLED=true.`,
        })
      }
      if (status === 401 || status === 403 || status === 407)
        return "Let /hosting/discovery through without a login: point at the editor directly, or exempt /hosting/ from the proxy's authentication."
      if (status !== undefined && status >= 502 && status <= 504)
        return 'Start the editor (or wait until it has started), and check the proxy forwards to the right internal address.'
      return "Check the editor address and the editor's log."
    case 'empty':
    case 'no-apps':
      return byKind(endpoint.kind, {
        onlyoffice: ONLYOFFICE_WOPI_FIX,
        other: 'Check the editor finished starting; for ONLYOFFICE Docs turn WOPI on (-e WOPI_ENABLED=true).',
      })
    case 'html':
      return 'Point the catalog at the editor itself, not at a portal or proxy login page; or exempt /hosting/discovery from the login.'
    case 'tls-self-signed':
    case 'tls-untrusted':
      return `Install a certificate from an authority this computer trusts (Let's Encrypt, your company CA), or, if you trust this server: ${reimport}`
    case 'tls-expired':
      return `Renew the editor's certificate (and check the clocks of both machines). ${TRUST_HINT}`
    case 'tls-not-yet-valid':
      return 'Check the clock of this computer and of the editor server (NTP).'
    case 'tls-hostname':
      return 'Use an editor address with a name the certificate covers, or reissue the certificate with that name in subjectAltName.'
    case 'tls-wrong-version':
    case 'http-to-https-port':
      return 'Use the scheme the port really speaks (re-import the editor with http:// or with its https port).'
    case 'refused':
      return 'Start the editor, or correct the host name and port of its address.'
    case 'dns':
      return "Correct the host name, or use the server's IP address."
    case 'timeout':
    case 'unreachable':
      return 'Check the editor is running and that this computer can reach it (VPN, firewall, proxy).'
    case 'redirect-downgrade':
    case 'redirect-loop':
    case 'too-many-redirects':
      return 'Fix the redirects in the proxy in front of the editor, or import the address they end at.'
    default:
      return 'Check the editor address and that the editor is running; then re-import it.'
  }
}

export const discoveryReachableCheck: EndpointCheck = {
  id: 'discovery.reachable',
  title: 'Discovery answers with a WOPI discovery document',
  scope: 'endpoint',
  async run(ctx, endpoint) {
    const fact = await discoveryFact(ctx, endpoint)
    if (!fact.ok) {
      const status = fact.response
        ? ` (HTTP ${fact.response.status}${fact.response.headers['content-type'] ? `, ${String(fact.response.headers['content-type'])}` : ''})`
        : ''
      return fail(`${endpoint.discoveryUrl}${status}: ${fact.error.message}`, discoveryFix(endpoint, fact.error))
    }
    const { response, model, fetched } = fact
    const actions = model.apps.reduce((sum, app) => sum + app.actions.length, 0)
    const type = String(response.headers['content-type'] ?? 'no content type')
    const redirected = fetched.redirects.length ? `, after ${plural(fetched.redirects.length, 'redirect')} to ${fetched.finalUrl}` : ''
    const detail = `${endpoint.discoveryUrl} answered ${response.status} (${type}, ${formatBytes(response.body.length)}${redirected}): <wopi-discovery> with ${plural(model.apps.length, 'app')} and ${plural(actions, 'action')}, zones ${model.zones.join(', ')}, proof keys ${model.proofKeys ? 'published' : 'not published'}.`
    if (!/xml/i.test(type)) {
      return warn(
        `${detail} The content type is not XML; editors normally send text/xml.`,
        'Harmless on its own; if a proxy rewrites the answer, make it pass /hosting/discovery through unchanged.',
      )
    }
    return pass(detail)
  },
}

export const commonFormatsCheck: EndpointCheck = {
  id: 'discovery.formats',
  title: 'The editor opens the common document formats',
  scope: 'endpoint',
  async run(ctx, endpoint) {
    if (endpoint.kind === 'builtin')
      return skip(
        'The built-in editor opens text, Markdown and CSV only; office formats need Collabora, ONLYOFFICE or Office Online Server.',
      )
    const usable = COMMON_FORMATS.filter((ext) => ctx.catalog.handlersFor(ext).some((handler) => handler.endpointId === endpoint.id))
    const offered = new Set(endpoint.actions.map((action) => action.ext))
    const blocked = COMMON_FORMATS.filter((ext) => offered.has(ext) && !usable.includes(ext))
    const absent = COMMON_FORMATS.filter((ext) => !offered.has(ext))
    const list = (exts: readonly string[]) => exts.map((ext) => `.${ext}`).join(', ')
    if (usable.length === 0) {
      return fail(
        `${endpoint.name} opens none of ${list(COMMON_FORMATS)}${blocked.length ? ` (offered but disabled or needing unsupported features: ${list(blocked)})` : ''}: there is nothing to open documents with.`,
        blocked.length
          ? 'Enable its apps under Editors (wopi-desk apps), or choose another zone.'
          : byKind(endpoint.kind, {
              onlyoffice: ONLYOFFICE_WOPI_FIX,
              office:
                'Check the Office Online Server farm is set up with editing enabled (Set-OfficeWebAppsFarm -EditingEnabled:$true), then refresh the catalog.',
              other: `Refresh the catalog: wopi-desk discovery refresh ${endpoint.id}.`,
            }),
      )
    }
    if (blocked.length > 0) {
      return warn(
        `${endpoint.name} opens ${list(usable)}; it also offers ${list(blocked)}, but those apps are disabled or need features this host lacks.`,
        'Enable those apps under Editors (wopi-desk apps) if you want this editor to open them.',
      )
    }
    return pass(`${endpoint.name} opens ${list(usable)}${absent.length ? `; it does not offer ${list(absent)}` : ''}.`)
  },
}

function stripPlaceholders(urlsrc: string): string {
  return urlsrc.replace(/<[^<>]*>/g, '')
}

export const discoveryFreshCheck: EndpointCheck = {
  id: 'discovery.fresh',
  title: 'The catalog matches what the editor serves now',
  scope: 'endpoint',
  async run(ctx, endpoint) {
    const fact = await discoveryFact(ctx, endpoint)
    if (!fact.ok)
      return skip('The discovery could not be fetched now (see "Discovery answers"), so it cannot be compared with the catalog.')
    const stored = new Map<string, EndpointInfo['actions'][number]>(
      endpoint.actions.map((action) => [`${action.app}|${action.name}|${action.ext}`, action]),
    )
    const fresh = new Map<string, string>(
      fact.model.apps.flatMap((app) =>
        app.actions
          .filter((action) => action.zone === endpoint.zone)
          .map((action) => [`${app.name}|${action.name}|${action.ext}`, action.urlsrc] as const),
      ),
    )
    const changed = [...stored].filter(([key, action]) => fresh.has(key) && fresh.get(key) !== action.urlsrc)
    const removed = [...stored.keys()].filter((key) => !fresh.has(key))
    const added = [...fresh.keys()].filter((key) => !stored.has(key))
    const refreshed = `refreshed ${ago(ctx.now() - endpoint.fetchedAt)}`
    const fix = `Refresh the catalog: wopi-desk discovery refresh ${endpoint.id} --data <data folder> (desktop app: Editors, Refresh).`
    if (changed.length > 0) {
      const [key, action] = changed[0]!
      const before = new URL(stripPlaceholders(action.urlsrc))
      const after = new URL(stripPlaceholders(fresh.get(key)!))
      let oldGone = false
      try {
        const probe = await ctx.probe(`${before.origin}${before.pathname}`, {
          insecureTlsHost: insecureHostOf(endpoint),
          ca: ctx.ca,
          maxBytes: 1024,
          timeoutMs: 5_000,
        })
        oldGone = probe.status === 404
      } catch {
        // unreachable: the reachability check says so
      }
      const detail = `The editor's addresses changed since the catalog was ${refreshed} (${plural(changed.length, 'action')}; e.g. .${action.ext} ${action.name} was ${before.pathname} and is now ${after.pathname}): the editor was upgraded or reconfigured.`
      if (oldGone) return fail(`${detail} The stored address now answers 404, so documents opened from the catalog fail to load.`, fix)
      return warn(detail, fix)
    }
    if (removed.length > 0 || added.length > 0) {
      return warn(
        `The editor now offers ${plural(added.length, 'action')} the catalog lacks and no longer offers ${plural(removed.length, 'stored action')} (catalog ${refreshed}).`,
        fix,
      )
    }
    const stale = ctx.now() - endpoint.fetchedAt > 7 * 24 * 3600_000
    return pass(
      `The catalog (${refreshed}) matches the discovery the editor serves now.${stale ? ' It is over a week old: the app refreshes every 12 hours while it runs; the CLI only when asked.' : ''}`,
    )
  },
}
