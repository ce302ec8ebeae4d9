import http, { type ClientRequest } from 'node:http'
import https from 'node:https'
import { explainNetworkError, timeoutError } from '../../discovery/explain-network-error'

// The request set-up the HTTP and WebSocket probes share: http or https by the URL, no connection reuse, TLS
// trust decided per request exactly like the discovery fetcher (an admin's "accept this certificate" applies to
// that one host), one deadline for the exchange, and Node's socket/TLS errors turned into the plain sentences
// (DiscoveryError) the catalog shows.

export const PROBE_USER_AGENT = 'WOPI-Desk/0.1 (connection doctor)'

export interface ProbeRequestOptions {
  method: string
  headers: Record<string, string | number>
  timeoutMs: number
  /** URL.host whose certificate the admin chose to accept unverified (per endpoint), never anything else */
  insecureTlsHost?: string | null
  /** extra certificate authorities (a company CA); added to, not replacing, verification */
  ca?: string | Buffer | Array<string | Buffer> | undefined
}

export interface ProbeRequest {
  /** not yet ended: the caller adds its listeners, then ends it (with a body, if any) */
  request: ClientRequest
  /** runs `action` for the first outcome only (an answer, an error or the deadline), and stops the deadline */
  settle(action: () => void): void
  /** stops the deadline without settling: what follows the answer has its own limit */
  stopDeadline(): void
  /** whether an outcome was settled already */
  readonly settled: boolean
}

/** Starts `url`; an error or the deadline rejects through `reject` (once, via settle). */
export function startProbeRequest(url: URL, options: ProbeRequestOptions, reject: (error: Error) => void): ProbeRequest {
  const isHttps = url.protocol === 'https:'
  const requestOptions: https.RequestOptions = { method: options.method, agent: false, headers: options.headers }
  if (isHttps) {
    requestOptions.rejectUnauthorized = (options.insecureTlsHost ?? '').toLowerCase() !== url.host.toLowerCase()
    if (options.ca) requestOptions.ca = options.ca
  }
  const seconds = Math.round(options.timeoutMs / 100) / 10
  let settled = false
  const settle = (action: () => void) => {
    if (settled) return
    settled = true
    clearTimeout(timer)
    action()
  }
  const request = (isHttps ? https : http).request(url, requestOptions)
  const timer = setTimeout(() => {
    settle(() => reject(timeoutError(url, seconds)))
    request.destroy()
  }, options.timeoutMs)
  request.on('error', (error) => settle(() => reject(explainNetworkError(error, url, seconds))))
  return {
    request,
    settle,
    stopDeadline: () => clearTimeout(timer),
    get settled() {
      return settled
    },
  }
}
