import { insecureHostOf } from '../facts'
import { byKind, fail, pass, plural, skip, warn, type CheckOutcome, type EndpointCheck, type EndpointInfo } from './types'

// The editor addresses (urlsrc) in the discovery (clients.md rows 3 and 4): they must be loadable by the editor
// view on this computer, under the scheme the page expects. Collabora builds them from server_name (or the Host
// header of the discovery request) and ssl.enable/ssl.termination; an internal name or an http scheme behind a
// TLS proxy breaks the editor view although the discovery itself was fine.

function stripPlaceholders(urlsrc: string): string {
  return urlsrc.replace(/<[^<>]*>/g, '')
}

function parsed(endpoint: EndpointInfo): { raw: string; url: URL }[] {
  const out: { raw: string; url: URL }[] = []
  // getinfo (Collabora's and ONLYOFFICE's "Capabilities") is a REST endpoint, not a page the editor view loads.
  for (const action of endpoint.actions.filter((candidate) => candidate.name !== 'getinfo')) {
    try {
      out.push({ raw: action.urlsrc, url: new URL(stripPlaceholders(action.urlsrc)) })
    } catch {
      // the catalog only stores parsable urlsrc
    }
  }
  return out
}

export const urlsrcCheck: EndpointCheck = {
  id: 'discovery.urlsrc',
  title: "The editor's addresses match how it is reached",
  scope: 'endpoint',
  async run(ctx, endpoint) {
    const discovery = new URL(endpoint.discoveryUrl)
    const all = parsed(endpoint)
    if (all.length === 0) return skip('The catalog holds no editor address for this editor.')
    const escaped = all.find((entry) => entry.raw.includes('\\.'))
    if (escaped) {
      return fail(
        `The editor's addresses contain an escaped dot (${escaped.raw.slice(0, 80)}): Collabora copies server_name into them verbatim, so the editor view loads a host name that does not exist.`,
        'Write server_name without backslashes: -e server_name=docs.example.com (Docker) or <server_name>docs.example.com</server_name> in coolwsd.xml; restart, then refresh the catalog.',
      )
    }
    const plain = all.filter((entry) => entry.url.protocol === 'http:')
    const pageIsHttps = ctx.hostPageOrigin.startsWith('https:')
    if (plain.length > 0 && (discovery.protocol === 'https:' || pageIsHttps)) {
      const why =
        discovery.protocol === 'https:'
          ? `the discovery was fetched over https (${discovery.origin})`
          : `the host page runs over https (${ctx.hostPageOrigin})`
      return fail(
        `${plural(plain.length, 'editor address', 'editor addresses')} use plain http (${plain[0]!.url.origin}) although ${why}: the browser blocks the editor as mixed content and shows nothing.`,
        byKind(endpoint.kind, {
          collabora:
            'Collabora is behind a TLS proxy but does not know it: set ssl.termination=true (Docker: -e "extra_params=--o:ssl.enable=false --o:ssl.termination=true"), restart, then refresh the catalog.',
          onlyoffice:
            'Make the proxy in front of ONLYOFFICE send X-Forwarded-Proto: https (nginx: proxy_set_header X-Forwarded-Proto $scheme;), then refresh the catalog.',
          other: 'Configure the editor (or its proxy) to publish https addresses, then refresh the catalog.',
        }),
      )
    }
    const origins = [...new Set(all.map((entry) => entry.url.origin))]
    const foreign = origins.filter((origin) => origin !== discovery.origin)
    if (foreign.length > 0) {
      return warn(
        `The editor's addresses point at ${foreign.slice(0, 3).join(', ')}, not at ${discovery.origin} where the discovery came from: the editor view on this computer must be able to load ${foreign.length === 1 ? 'that address' : 'those addresses'} (see "Editor page reachable").`,
        byKind(endpoint.kind, {
          collabora: `Collabora names itself after server_name, or the Host header of the discovery request: set -e server_name=${discovery.host} (Docker) or <server_name>${discovery.host}</server_name> in coolwsd.xml, or import the discovery through the public name; then refresh the catalog.`,
          onlyoffice: `ONLYOFFICE names itself after the request it got: import the discovery through the name the editor view uses (${foreign[0]}), or make the proxy forward the original Host header.`,
          office:
            'Office Online Server publishes its InternalURL/ExternalURL: check Set-OfficeWebAppsFarm -InternalURL/-ExternalURL, or choose the other zone under Editors.',
          other: 'Import the discovery through the address the editor view should use.',
        }),
      )
    }
    return pass(`All ${plural(all.length, 'editor address', 'editor addresses')} use ${discovery.origin}, like the discovery.`)
  },
}

export const editorPageCheck: EndpointCheck = {
  id: 'editor.reachable',
  title: 'Editor page reachable from this computer',
  scope: 'endpoint',
  async run(ctx, endpoint) {
    const targets = new Map<string, URL>()
    for (const entry of parsed(endpoint)) {
      const key = `${entry.url.origin}${entry.url.pathname}`
      if (!targets.has(key)) targets.set(key, entry.url)
    }
    if (targets.size === 0) return skip('The catalog holds no editor address for this editor.')
    // Up to three distinct pages, side by side: the first problem found (in catalog order) is the finding.
    const outcomes = await Promise.all(
      [...targets.values()].slice(0, 3).map(async (url): Promise<CheckOutcome | string> => {
        const page = `${url.origin}${url.pathname}`
        try {
          const response = await ctx.probe(page, {
            insecureTlsHost: insecureHostOf(endpoint),
            ca: ctx.ca,
            maxBytes: 4096,
            timeoutMs: 8_000,
          })
          if (response.status === 404) {
            return fail(
              `${page} answered 404: the editor page the catalog points at does not exist (the editor was upgraded and moved it, or the address names another server).`,
              `Refresh the catalog: wopi-desk discovery refresh ${endpoint.id}; if it persists, check server_name / the proxy's path rules.`,
            )
          }
          if (response.status >= 502 && response.status <= 504) {
            return fail(
              `${page} answered ${response.status}: the proxy in front of the editor cannot reach it.`,
              'Start the editor, and check the proxy forwards to its internal address.',
            )
          }
          return `${page} answered ${response.status}`
        } catch (error) {
          return fail(
            `This computer cannot load the editor page ${page}: ${(error as Error).message}`,
            `The editor view runs on this computer and must reach ${url.origin}: use an editor address this computer resolves (Collabora: server_name), and check VPN, firewall and proxy settings.`,
          )
        }
      }),
    )
    const problem = outcomes.find((outcome): outcome is CheckOutcome => typeof outcome !== 'string')
    if (problem) return problem
    const results = outcomes as string[]
    return pass(`${results.join('; ')}.`)
  },
}
