import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import { PROBE_USER_AGENT, startProbeRequest } from './probe-request'

// One HTTP exchange as the doctor needs it: any method, no redirect following (a redirect is itself a finding),
// and a small body cap (the doctor looks at headers and the start of a page, never downloads documents); TLS
// trust and error sentences come from probe-request.ts, shared with the WebSocket probe.

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

export function createHttpProbe(defaults: { ca?: ProbeOptions['ca'] } = {}): HttpProbe {
  return (input, options = {}) =>
    new Promise<ProbeResponse>((resolve, reject) => {
      const url = new URL(input)
      const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
      const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body, 'utf8')
      const headers: Record<string, string | number> = { 'user-agent': PROBE_USER_AGENT, accept: '*/*', ...options.headers }
      if (body) headers['content-length'] = body.length
      const sentAt = Date.now()
      const probe = startProbeRequest(
        url,
        {
          method: options.method ?? 'GET',
          headers,
          timeoutMs: options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
          insecureTlsHost: options.insecureTlsHost,
          ca: options.ca ?? defaults.ca,
        },
        reject,
      )
      const { request, settle: finish } = probe
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
          if (probe.settled) return
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
