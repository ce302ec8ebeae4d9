import type { RequestSummary } from './types'

// One WOPI request as an editor sends it, and the raw answer. The transport never judges: the scenarios do.
// Proof headers are added by the caller-supplied signer over the exact URL string that goes on the wire.

export interface WopiCall {
  method: 'GET' | 'POST'
  /** absolute URL including `access_token` */
  url: string
  /** the token as the editor holds it (decoded): what proof keys sign (spec 9.4) */
  token: string
  headers: Record<string, string>
  body?: Buffer
}

export interface WopiAnswer {
  status: number
  headers: Headers
  body: Buffer
  /** transport failure (refused, timeout, TLS); status is 0 then */
  error?: string
}

export type ProofHeaderSigner = (url: string, token: string) => Record<string, string>

/** Header names whose values are secret or noise; they are shown as a marker, never as their value. */
const SECRET_HEADERS = new Set(['x-wopi-proof', 'x-wopi-proofold', 'authorization'])

export interface WopiTransport {
  send(call: WopiCall): Promise<{ answer: WopiAnswer; summary: RequestSummary }>
}

export function createWopiTransport(deps: {
  fetchImpl: typeof fetch
  sign: ProofHeaderSigner | null
  redact: (text: string) => string
  timeoutMs: number
}): WopiTransport {
  return {
    async send(call) {
      const headers: Record<string, string> = { ...call.headers, ...(deps.sign ? deps.sign(call.url, call.token) : {}) }
      // An empty Uint8Array (not undefined) makes fetch send `Content-Length: 0` on bodiless POSTs, which
      // Collabora does on purpose ("IIS requires content-length for POST requests").
      const body = call.method === 'POST' ? new Uint8Array(call.body ?? Buffer.alloc(0)) : undefined
      const summary: RequestSummary = {
        method: call.method,
        url: deps.redact(call.url),
        headers: Object.fromEntries(
          Object.entries(headers).map(([name, value]) => [name, SECRET_HEADERS.has(name.toLowerCase()) ? '<signed>' : deps.redact(value)]),
        ),
        bodyBytes: body?.byteLength ?? 0,
      }
      try {
        const response = await deps.fetchImpl(call.url, {
          method: call.method,
          headers,
          body,
          redirect: 'follow',
          signal: AbortSignal.timeout(deps.timeoutMs),
        })
        const bytes = Buffer.from(await response.arrayBuffer())
        return { answer: { status: response.status, headers: response.headers, body: bytes }, summary }
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause
        const reason =
          (error as Error).name === 'TimeoutError'
            ? `no answer within ${deps.timeoutMs} ms`
            : (cause?.code ?? cause?.message ?? (error as Error).message)
        return { answer: { status: 0, headers: new Headers(), body: Buffer.alloc(0), error: deps.redact(String(reason)) }, summary }
      }
    },
  }
}

/** Parses a JSON object body; null for anything else (empty, not JSON, an array, a string). */
export function jsonObject(body: Buffer): Record<string, unknown> | null {
  const text = body.toString('utf8').trim()
  if (!text) return null
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/** Appends `access_token` exactly like the editors do: percent-encoded, after any query the WOPISrc has. */
export function withToken(base: string, token: string): string {
  return `${base}${base.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`
}

/** The decoded `access_token` of a URL the host handed out (PutRelativeFile `Url`), or null. */
export function tokenOf(url: string): string | null {
  try {
    return new URL(url).searchParams.get('access_token')
  } catch {
    return null
  }
}
