import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import https from 'node:https'
import { explainNetworkError, timeoutError } from '../../discovery/explain-network-error'

// One HTTP exchange as the doctor needs it: any method, no redirect following (a redirect is itself a finding),
// a small body cap (the doctor looks at headers and the start of a page, never downloads documents), TLS trust
// decided per request exactly like the discovery fetcher, and Node's socket/TLS errors turned into the same
// plain sentences (DiscoveryError) the catalog shows.

export interface ProbeOptions {
  method?: 'GET' | 'POST' | 'HEAD'
  headers?: Record<string, string>
  body?: string | Buffer
  /** whole exchange; default 8 s */
  timeoutMs?: number
  /** bytes of body kept; the rest is not read; default 64 KiB */
  maxBytes?: number
  /** URL.host whose certificate the admin chose to accept unverified (per endpoint), never anything else */
  insecureTlsHost?: string | null
  /** extra certificate authorities (a company CA); added to, not replacing, verification */
  ca?: string | Buffer | Array<string | Buffer>
}

export interface ProbeResponse {
  url: string
  status: number
  statusText: string
  headers: IncomingHttpHeaders
  /** as received, for headers that may repeat (Content-Security-Policy) */
  rawHeaders: string[]
  body: Buffer
  /** the body was longer than maxBytes and was cut */
  truncated: boolean
  /** local clock readings (Date.now) when the request left and when the headers arrived */
  sentAt: number
  receivedAt: number
}

export type HttpProbe = (url: string, options?: ProbeOptions) => Promise<ProbeResponse>

export const DEFAULT_PROBE_TIMEOUT_MS = 8_000
const DEFAULT_MAX_BYTES = 64 * 1024
const USER_AGENT = 'WOPI-Desk/0.1 (connection doctor)'

export function createHttpProbe(defaults: { ca?: ProbeOptions['ca'] } = {}): HttpProbe {
  return (input, options = {}) =>
    new Promise<ProbeResponse>((resolve, reject) => {
      const url = new URL(input)
      const isHttps = url.protocol === 'https:'
      const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS
      const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
      const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body, 'utf8')
      const headers: Record<string, string | number> = { 'user-agent': USER_AGENT, accept: '*/*', ...options.headers }
      if (body) headers['content-length'] = body.length
      const requestOptions: https.RequestOptions = { method: options.method ?? 'GET', agent: false, headers }
      if (isHttps) {
        requestOptions.rejectUnauthorized = (options.insecureTlsHost ?? '').toLowerCase() !== url.host.toLowerCase()
        const ca = options.ca ?? defaults.ca
        if (ca) requestOptions.ca = ca
      }
      const sentAt = Date.now()
      let settled = false
      const finish = (action: () => void) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        action()
      }
      const request = (isHttps ? https : http).request(url, requestOptions)
      const timer = setTimeout(() => {
        finish(() => reject(timeoutError(url, Math.round(timeoutMs / 100) / 10)))
        request.destroy()
      }, timeoutMs)
      request.on('error', (error) => finish(() => reject(explainNetworkError(error, url, Math.round(timeoutMs / 100) / 10))))
      request.on('response', (response: IncomingMessage) => {
        const receivedAt = Date.now()
        const chunks: Buffer[] = []
        let total = 0
        let truncated = false
        const done = () =>
          finish(() =>
            resolve({
              url: url.href,
              status: response.statusCode ?? 0,
              statusText: response.statusMessage ?? '',
              headers: response.headers,
              rawHeaders: response.rawHeaders,
              body: Buffer.concat(chunks),
              truncated,
              sentAt,
              receivedAt,
            }),
          )
        response.on('data', (chunk: Buffer) => {
          if (settled) return
          const room = maxBytes - total
          if (chunk.length >= room) {
            if (room > 0) chunks.push(chunk.subarray(0, room))
            total = maxBytes
            truncated = chunk.length > room || truncated
            // Enough seen: the rest of a page (or a download) is not the doctor's business.
            done()
            response.destroy()
            request.destroy()
            return
          }
          chunks.push(chunk)
          total += chunk.length
        })
        response.on('end', done)
        // Cut off after the headers: what arrived is still an answer.
        response.on('error', done)
        response.on('close', done)
      })
      request.end(body)
    })
}

/** All values of a header as received (Node joins most repeated headers with ", ", which CSP gives meaning to). */
export function headerValues(response: Pick<ProbeResponse, 'rawHeaders'>, name: string): string[] {
  const wanted = name.toLowerCase()
  const values: string[] = []
  for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
    if (response.rawHeaders[i]!.toLowerCase() === wanted) values.push(response.rawHeaders[i + 1]!)
  }
  return values
}

export function firstHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}
