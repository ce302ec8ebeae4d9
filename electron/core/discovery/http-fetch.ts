import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import https from 'node:https'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import { formatBytes } from '../format-bytes'
import { BodyTooLargeError, readBoundedBody } from '../read-bounded-body'
import { DiscoveryError } from './discovery-error'
import { explainNetworkError, timeoutError } from './explain-network-error'

// A small GET client for discovery documents and icons. node:http/https rather than global fetch because TLS
// trust must be decided per request (per endpoint), never process-wide: NODE_TLS_REJECT_UNAUTHORIZED is never
// touched. Every answer is bounded in time and size before it is buffered.

export interface FetchOptions {
  /** whole exchange including redirects and body; default 10 s */
  timeoutMs?: number
  /** TCP + TLS handshake of each hop; default 10 s */
  connectTimeoutMs?: number
  /** body limit; the transfer stops as soon as it is exceeded; default 5 MiB */
  maxBytes?: number
  /** default 5 */
  maxRedirects?: number
  /**
   * The `host[:port]` (URL.host) whose certificate the admin explicitly chose to accept unverified. Only that
   * exact host gets the exemption, so a redirect or an icon on another host is still verified.
   */
  insecureTlsHost?: string | null
  accept?: string
}

export interface FetchResult {
  /** final URL after redirects */
  url: string
  status: number
  statusText: string
  headers: IncomingHttpHeaders
  body: Buffer
  redirects: string[]
}

export type Fetcher = (url: string, options?: FetchOptions) => Promise<FetchResult>

export interface HttpFetcherDefaults {
  timeoutMs?: number
  connectTimeoutMs?: number
  maxBytes?: number
  maxRedirects?: number
  /** extra certificate authorities to trust (a company CA); added to, not replacing, verification */
  ca?: string | Buffer | Array<string | Buffer>
}

export const DEFAULT_TIMEOUT_MS = 10_000
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024
export const DEFAULT_MAX_REDIRECTS = 5
const USER_AGENT = 'WOPI-Desk/0.1 (discovery)'
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

export function createHttpFetcher(defaults: HttpFetcherDefaults = {}): Fetcher {
  return async (input, options = {}) => {
    const settings = {
      timeoutMs: options.timeoutMs ?? defaults.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      connectTimeoutMs: options.connectTimeoutMs ?? defaults.connectTimeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxBytes: options.maxBytes ?? defaults.maxBytes ?? DEFAULT_MAX_BYTES,
      maxRedirects: options.maxRedirects ?? defaults.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
      insecureTlsHost: options.insecureTlsHost?.toLowerCase() ?? null,
      accept: options.accept ?? '*/*',
      ca: defaults.ca,
    }
    const deadline = Date.now() + settings.timeoutMs
    let url = new URL(input)
    const first = url.href
    const visited = new Set<string>([url.href])
    const redirects: string[] = []
    for (;;) {
      const response = await requestOnce(url, settings, deadline)
      const location = response.headers.location
      if (!REDIRECT_STATUSES.has(response.status) || !location) {
        return { ...response, url: url.href, redirects, body: decodeContent(response, url, settings.maxBytes) }
      }
      let next: URL
      try {
        next = new URL(location, url)
      } catch {
        throw new DiscoveryError(
          'http-status',
          `${url.host} redirected to an invalid address ("${location.slice(0, 100)}").`,
          response.status,
        )
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new DiscoveryError('http-status', `${url.host} redirected to a non-web address (${next.protocol}).`, response.status)
      }
      if (url.protocol === 'https:' && next.protocol === 'http:') {
        throw new DiscoveryError(
          'redirect-downgrade',
          `${url.host} redirected from https to plain http (${next.host}). Refusing the downgrade: import the http address directly if that is really intended.`,
          response.status,
        )
      }
      next.hash = ''
      // Node would send redirect-supplied credentials as Basic auth, and the URL ends up in notes and logs.
      next.username = ''
      next.password = ''
      if (visited.has(next.href)) {
        throw new DiscoveryError(
          'redirect-loop',
          `The server redirects in a loop (${[first, ...redirects, next.href].map(shortUrl).join(' -> ')}). Check the editor's proxy configuration.`,
          response.status,
        )
      }
      if (redirects.length >= settings.maxRedirects) {
        throw new DiscoveryError(
          'too-many-redirects',
          `The server redirected more than ${settings.maxRedirects} times. Use the address the redirects end at, or fix the proxy configuration.`,
          response.status,
        )
      }
      visited.add(next.href)
      redirects.push(next.href)
      url = next
    }
  }
}

interface Settings {
  timeoutMs: number
  connectTimeoutMs: number
  maxBytes: number
  insecureTlsHost: string | null
  accept: string
  ca: HttpFetcherDefaults['ca']
}

interface RawResponse {
  status: number
  statusText: string
  headers: IncomingHttpHeaders
  body: Buffer
}

function requestOnce(url: URL, settings: Settings, deadline: number): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    const isHttps = url.protocol === 'https:'
    const seconds = Math.round(settings.timeoutMs / 100) / 10
    const requestOptions: https.RequestOptions = {
      method: 'GET',
      // No keep-alive pool: a pooled socket would carry one request's TLS decision into another's.
      agent: false,
      headers: { accept: settings.accept, 'accept-encoding': 'gzip, deflate, br', 'user-agent': USER_AGENT },
    }
    if (isHttps) {
      requestOptions.rejectUnauthorized = settings.insecureTlsHost !== url.host.toLowerCase()
      if (settings.ca) requestOptions.ca = settings.ca
    }
    let settled = false
    let responded = false
    let connectTimer: NodeJS.Timeout | undefined
    const finish = () => {
      settled = true
      clearTimeout(totalTimer)
      clearTimeout(connectTimer)
    }
    const fail = (error: unknown) => {
      if (settled) return
      finish()
      request.destroy()
      reject(explainNetworkError(error, url, seconds))
    }
    const request = (isHttps ? https : http).request(url, requestOptions)
    const totalTimer = setTimeout(() => fail(timeoutError(url, seconds)), Math.max(0, deadline - Date.now()))
    request.on('socket', (socket) => {
      connectTimer = setTimeout(() => fail(timeoutError(url, Math.round(settings.connectTimeoutMs / 100) / 10)), settings.connectTimeoutMs)
      socket.once(isHttps ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer))
    })
    // Once headers have arrived, a socket error means the body was cut off, whatever Node calls it.
    const cutOff = () =>
      new DiscoveryError(
        'reset',
        `${url.host} closed the connection before the whole answer arrived. Try again; if it persists, check the editor and any proxy in front of it.`,
      )
    request.on('error', (error) => fail(responded ? cutOff() : error))
    request.on('response', (response: IncomingMessage) => {
      responded = true
      const status = response.statusCode ?? 0
      const head = { status, statusText: response.statusMessage ?? '', headers: response.headers }
      if (REDIRECT_STATUSES.has(status) && response.headers.location) {
        finish()
        response.destroy()
        resolve({ ...head, body: Buffer.alloc(0) })
        return
      }
      // Reading stops at once past the cap: an 80 MB answer must never be buffered.
      readBoundedBody(response, settings.maxBytes, response.headers['content-length']).then(
        (body) => {
          if (settled) return
          finish()
          resolve({ ...head, body })
        },
        (error: unknown) => fail(error instanceof BodyTooLargeError ? tooLarge(url, settings.maxBytes) : cutOff()),
      )
    })
    request.end()
  })
}

function decodeContent(response: RawResponse, url: URL, maxBytes: number): Buffer {
  const encoding = String(response.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase()
  if (!encoding || encoding === 'identity' || response.body.length === 0) return response.body
  try {
    // maxOutputLength keeps a small compressed bomb from inflating past the same limit as a plain body.
    if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(response.body, { maxOutputLength: maxBytes })
    if (encoding === 'deflate') return inflateSync(response.body, { maxOutputLength: maxBytes })
    if (encoding === 'br') return brotliDecompressSync(response.body, { maxOutputLength: maxBytes })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw tooLarge(url, maxBytes)
    throw new DiscoveryError('network', `${url.host} sent a ${encoding}-compressed answer that could not be decompressed.`)
  }
  throw new DiscoveryError('network', `${url.host} sent an answer in an unsupported encoding (${encoding}).`)
}

export function tooLarge(url: URL, maxBytes: number): DiscoveryError {
  return new DiscoveryError(
    'too-large',
    `${url.host} sent more than ${formatBytes(maxBytes)}, far more than expected here: the address probably points at something else (a download or a video, not the editor).`,
  )
}

function shortUrl(href: string): string {
  const url = new URL(href)
  return `${url.host}${url.pathname}`
}
