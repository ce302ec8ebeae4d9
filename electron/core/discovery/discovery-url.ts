import { DiscoveryError } from './discovery-error'

export const DISCOVERY_PATH = '/hosting/discovery'

export interface NormalisedDiscoveryUrl {
  /** what we fetch and store: `<scheme>://<host>[:port][/prefix]/hosting/discovery` */
  discoveryUrl: string
  /** the editor's base, for display and for resolving relative icon URLs */
  baseUrl: string
}

/**
 * Admins paste either the editor's base URL (`https://code.example:9980`, possibly below a proxy prefix such
 * as `https://office.example/collabora`) or the full discovery URL. Both map to one canonical discovery URL,
 * which is also the identity of the endpoint, so pasting either form twice finds the same endpoint.
 */
export function normaliseDiscoveryUrl(input: string): NormalisedDiscoveryUrl {
  const text = input.trim()
  if (!text) throw new DiscoveryError('bad-url', 'Enter the address of the editor, for example https://code.example:9980.')
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new DiscoveryError(
      'bad-url',
      `"${clip(text)}" has no scheme. Write it with https:// (or http:// if the editor has no TLS), for example https://${clip(text)}.`,
    )
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new DiscoveryError('bad-url', `"${clip(text)}" is not a valid address. Write it like https://code.example:9980.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DiscoveryError('bad-url', `Only http:// and https:// addresses can be imported, not ${url.protocol}//.`)
  }
  if (url.username || url.password) {
    // Credentials in the URL would be stored in the catalog and shown in the console.
    throw new DiscoveryError(
      'bad-url',
      'Remove the user name and password from the address: the discovery document must be readable without logging in.',
    )
  }
  url.hash = ''
  let path = url.pathname.replace(/\/+$/, '')
  if (path.toLowerCase().endsWith(DISCOVERY_PATH)) path = path.slice(0, -DISCOVERY_PATH.length)
  else url.search = '' // a base URL's query means nothing to /hosting/discovery
  const base = `${url.protocol}//${url.host}${path}`
  const discoveryUrl = `${base}${DISCOVERY_PATH}${url.search}`
  return { discoveryUrl, baseUrl: base || `${url.protocol}//${url.host}` }
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}
