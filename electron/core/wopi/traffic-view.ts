import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http'

// What the Activity detail panel shows of one exchange: the headers that matter for WOPI, and the start of a JSON
// answer. No Authorization, cookies, proof signatures or tokens, and whatever a header or body says about a
// token is replaced.
//
// Building that view (redaction, clipping, pretty-printed JSON) cost about a tenth of the host's CPU per
// CheckFileInfo when it ran for every request (issue 11), and almost nobody looks at most requests. So the request
// path only captures (captureHeaders: drops the hidden headers, replaces tokens; the answer object is kept as
// it is), and exchangeView formats when the panel asks. Secrets are gone at capture, not at view.

const HIDDEN_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'x-wopi-proof', 'x-wopi-proofold', 'proxy-authorization'])
const MAX_HEADERS = 40
const MAX_VALUE = 300
export const BODY_EXCERPT_CHARS = 1_500
const MENTIONS_TOKEN = /token/i

function redactText(text: string): string {
  return text
    .replace(/((?:access_token|token)=)[^&"\s]*/gi, '$1REDACTED')
    .replace(/("(?:access_token|AccessToken|token)"\s*:\s*")[^"]*"/gi, '$1REDACTED"')
}

/** Header name -> value without credentials, proofs or tokens, at most 40 headers; values unclipped. */
export function captureHeaders(headers: IncomingHttpHeaders | OutgoingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  let count = 0
  for (const name in headers) {
    const value = headers[name]
    if (value === undefined) continue
    const lower = name.toLowerCase()
    if (HIDDEN_HEADERS.has(lower) || lower.includes('token')) continue
    if (++count > MAX_HEADERS) break
    const text = Array.isArray(value) ? value.join(', ') : String(value)
    // The test is cheap and almost always false; the replacing is what costs.
    out[lower] = MENTIONS_TOKEN.test(text) ? redactText(text) : text
  }
  return out
}

/** Header name -> value, token-free, at most 40 headers of 300 characters. */
export function headerView(headers: IncomingHttpHeaders | OutgoingHttpHeaders): Record<string, string> {
  const out = captureHeaders(headers)
  for (const name in out) out[name] = out[name]!.slice(0, MAX_VALUE)
  return out
}

/** The start of a JSON answer (CheckFileInfo, PutRelativeFile...), token-free. */
export function jsonExcerpt(json: unknown): string {
  const text = JSON.stringify(json, null, 1) ?? ''
  const clipped = text.length > BODY_EXCERPT_CHARS ? `${text.slice(0, BODY_EXCERPT_CHARS)}…` : text
  return redactText(clipped)
}

/** One exchange as the router captured it: headers already without secrets, the answer as the operation built it. */
export interface CapturedExchange {
  requestHeaders: Record<string, string>
  responseHeaders: Record<string, string>
  /** the JSON answer or error body; must not be changed after capture (operations build a fresh one per call) */
  answer?: unknown
}

/** The shape Activity's detail panel reads (RequestDetailDto.details), built from a capture. */
export interface ExchangeView {
  requestHeaders: Record<string, string>
  responseHeaders: Record<string, string>
  responseBody?: string
}

export function exchangeView(captured: CapturedExchange): ExchangeView {
  return {
    requestHeaders: headerView(captured.requestHeaders),
    responseHeaders: headerView(captured.responseHeaders),
    ...(captured.answer !== undefined ? { responseBody: jsonExcerpt(captured.answer) } : {}),
  }
}
