import { STATUS_CODES } from 'node:http'
import { buildModel, type DiscoveryModel } from './build-model'
import { decodeXmlBytes } from './decode-text'
import { DiscoveryError } from './discovery-error'
import type { Fetcher } from './http-fetch'
import { MAX_DISCOVERY_BYTES, parseDiscoveryXml } from './parse-discovery'

export interface FetchedDiscovery {
  text: string
  /** where the document actually came from, after redirects */
  finalUrl: string
  redirects: string[]
}

export interface LoadedDiscovery extends FetchedDiscovery {
  model: DiscoveryModel
}

export interface DiscoveryFetchOptions {
  /** the admin's explicit per-endpoint choice to accept this host's certificate unverified */
  insecureTls: boolean
  timeoutMs?: number
}

/** GET <editor>/hosting/discovery and check the answer is plausibly a discovery document (spec 10.1). */
export async function fetchDiscovery(fetcher: Fetcher, discoveryUrl: string, options: DiscoveryFetchOptions): Promise<FetchedDiscovery> {
  const url = new URL(discoveryUrl)
  const response = await fetcher(discoveryUrl, {
    accept: 'application/xml, text/xml;q=0.9, */*;q=0.1',
    maxBytes: MAX_DISCOVERY_BYTES,
    insecureTlsHost: options.insecureTls ? url.host : null,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  })
  const finalUrl = new URL(response.url)
  if (response.status < 200 || response.status > 299) throw statusError(response.status, finalUrl, response.body)
  if (response.body.length === 0) {
    throw new DiscoveryError(
      'empty',
      `${finalUrl.host} answered ${response.status} with an empty body instead of a discovery document. For ONLYOFFICE enable WOPI (WOPI_ENABLED=true); otherwise check the editor finished starting.`,
      response.status,
    )
  }
  const text = decodeXmlBytes(response.body)
  const contentType = String(response.headers['content-type'] ?? '').toLowerCase()
  if (contentType.includes('html') && !/<wopi-discovery[\s>/]/.test(text)) {
    throw new DiscoveryError(
      'html',
      'The server answered with an HTML page (probably a login page), not a WOPI discovery document. Check the URL points at the editor itself, not at a proxy login.',
      response.status,
    )
  }
  return { text, finalUrl: finalUrl.href, redirects: response.redirects }
}

/** Parse + model in one step, for callers that already have the text (tests, a pasted document). */
export function readDiscovery(text: string, documentUrl: string): DiscoveryModel {
  return buildModel(parseDiscoveryXml(text), documentUrl)
}

export async function loadDiscovery(fetcher: Fetcher, discoveryUrl: string, options: DiscoveryFetchOptions): Promise<LoadedDiscovery> {
  const fetched = await fetchDiscovery(fetcher, discoveryUrl, options)
  return { ...fetched, model: readDiscovery(fetched.text, fetched.finalUrl) }
}

function statusError(status: number, url: URL, body: Buffer): DiscoveryError {
  const label = `${status} ${STATUS_CODES[status] ?? ''}`.trim()
  const where = `${url.host} answered ${label} for ${url.pathname}`
  if (status === 404) {
    return new DiscoveryError(
      'http-status',
      `${where}: no WOPI discovery there. Check the address points at the editor itself (Collabora: https://<server>:9980); for ONLYOFFICE enable WOPI: WOPI_ENABLED=true (Docker) or wopi.enable in local.json.`,
      status,
    )
  }
  if (status === 401 || status === 403 || status === 407) {
    return new DiscoveryError(
      'http-status',
      `${where}: the discovery document must be readable without logging in. Point at the editor directly, not at a proxy or portal that asks for a login.`,
      status,
    )
  }
  if (status === 400 && /plain HTTP request was sent to HTTPS port/i.test(body.subarray(0, 4096).toString('latin1'))) {
    return new DiscoveryError(
      'http-to-https-port',
      `${url.host} speaks https on this port: use https://${url.host}${url.pathname}.`,
      status,
    )
  }
  if (status === 502 || status === 503 || status === 504) {
    return new DiscoveryError(
      'http-status',
      `${where}: the proxy in front of the editor cannot reach it, or it is still starting. Check the editor is running, then try again.`,
      status,
    )
  }
  if (status >= 500) {
    return new DiscoveryError('http-status', `${where}: the editor reported an internal error. Check its logs, then try again.`, status)
  }
  return new DiscoveryError('http-status', `${where} instead of a discovery document. Check the address.`, status)
}
