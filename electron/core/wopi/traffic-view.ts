import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http'

// What the Activity detail panel shows of one exchange: the headers that matter for WOPI, and the start of a JSON
// answer. Redacted here, before anything is stored: no Authorization, cookies, proof signatures or tokens, and
// whatever a header or body says about a token is replaced.

const HIDDEN_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'x-wopi-proof', 'x-wopi-proofold', 'proxy-authorization'])
const MAX_HEADERS = 40
const MAX_VALUE = 300
export const BODY_EXCERPT_CHARS = 1_500

function redactText(text: string): string {
  return text
    .replace(/((?:access_token|token)=)[^&"\s]*/gi, '$1REDACTED')
    .replace(/("(?:access_token|AccessToken|token)"\s*:\s*")[^"]*"/gi, '$1REDACTED"')
}

/** Header name -> value, token-free, at most 40 headers of 300 characters. */
export function headerView(headers: IncomingHttpHeaders | OutgoingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  let count = 0
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const lower = name.toLowerCase()
    if (HIDDEN_HEADERS.has(lower) || lower.includes('token')) continue
    if (++count > MAX_HEADERS) break
    const text = Array.isArray(value) ? value.join(', ') : String(value)
    out[lower] = redactText(text).slice(0, MAX_VALUE)
  }
  return out
}

/** The start of a JSON answer (CheckFileInfo, PutRelativeFile...), token-free. */
export function jsonExcerpt(json: unknown): string {
  const text = JSON.stringify(json, null, 1) ?? ''
  const clipped = text.length > BODY_EXCERPT_CHARS ? `${text.slice(0, BODY_EXCERPT_CHARS)}…` : text
  return redactText(clipped)
}
