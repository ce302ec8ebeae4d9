import type { ResponseData } from './response'

// What a support engineer needs to see of one exchange (validate --verbose, the console's "Check another host"):
// the headers that decide a WOPI operation, the status and the start of the body. Secrets never pass: proofs and
// Authorization are masked here, tokens in URLs and bodies are removed by the caller's redactor.

const BODY_EXCERPT_CHARS = 600
const SHOWN_RESPONSE_HEADERS = new Set(['content-type', 'content-length', 'location', 'www-authenticate'])
const MASKED_REQUEST_HEADERS: Record<string, string> = {
  'x-wopi-proof': '<signed>',
  'x-wopi-proofold': '<signed>',
  authorization: 'Bearer ***',
}

export function requestHeaderView(headers: readonly [string, string][]): Record<string, string> {
  const view: Record<string, string> = {}
  for (const [name, value] of headers) {
    const lower = name.toLowerCase()
    if (lower === 'x-wopi-correlationid') continue
    if (MASKED_REQUEST_HEADERS[lower]) view[name] = MASKED_REQUEST_HEADERS[lower]
    else if (lower.startsWith('x-wopi-') || lower === 'content-type') view[name] = value
  }
  return view
}

export function responseHeaderView(headers: ReadonlyMap<string, string>): Record<string, string> {
  const view: Record<string, string> = {}
  for (const [name, value] of headers) {
    if (name.startsWith('x-wopi-') || SHOWN_RESPONSE_HEADERS.has(name)) view[name] = value
  }
  return view
}

/** The start of a textual body, or its size when it is binary (GetFile) or empty. */
export function bodyExcerpt(response: ResponseData): string {
  if (response.body.length === 0) return ''
  const text = response.text ?? (looksTextual(response) ? new TextDecoder('utf-8').decode(response.body) : null)
  if (text === null) return `<${response.body.length} bytes>`
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > BODY_EXCERPT_CHARS ? `${flat.slice(0, BODY_EXCERPT_CHARS)}… (${response.body.length} bytes)` : flat
}

function looksTextual(response: ResponseData): boolean {
  const type = response.headers.get('content-type') ?? ''
  return /^text\/|json|xml|html/i.test(type)
}
