// WOPISrc handling on the client side (spec 1.1): an absolute http(s) URL of a files endpoint whose path ends
// in `/wopi*/files/<id>`. The editor server calls whatever URL a form POST names, so the shape check keeps it
// from being pointed at arbitrary URLs, and `allowWopiSrc` (Collabora's alias_groups) can narrow it further.

const FILES_PATH = /\/wopi[^/]*\/files\/[^/]+$/i

export type WopiSrcCheck = { ok: true; url: URL } | { ok: false; message: string }

export function checkWopiSrc(raw: string | null | undefined): WopiSrcCheck {
  if (!raw) return { ok: false, message: 'The request names no document: the query parameter "wopisrc" is missing.' }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, message: 'The "wopisrc" parameter is not an absolute URL.' }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `The WOPISrc must be an http or https URL, not ${url.protocol}.` }
  }
  if (url.username || url.password) return { ok: false, message: 'The WOPISrc must not contain a user name or password.' }
  if (url.hash) return { ok: false, message: 'The WOPISrc must not contain a #fragment.' }
  if (!FILES_PATH.test(url.pathname)) {
    return {
      ok: false,
      message: `The WOPISrc path "${url.pathname}" is not a WOPI files endpoint (it must end in /wopi…/files/<file id>).`,
    }
  }
  for (const name of url.searchParams.keys()) {
    if (name.toLowerCase() === 'access_token' || name.toLowerCase() === 'access_token_ttl') {
      return { ok: false, message: 'The WOPISrc must not carry the access token; the host page posts it in the form body.' }
    }
  }
  return { ok: true, url }
}

/**
 * PutRelativeFile's `Url` is the new file's WOPISrc plus `?access_token=<new token>` (spec 5.5). Splits it
 * and insists on the same origin as the file it came from: a host must not send us elsewhere with a token.
 */
export function splitTokenUrl(raw: unknown, sameOriginAs: URL): { wopiSrc: URL; token: string } | null {
  if (typeof raw !== 'string') return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  const token = url.searchParams.get('access_token')
  if (!token || url.origin !== sameOriginAs.origin) return null
  url.searchParams.delete('access_token')
  url.searchParams.delete('access_token_ttl')
  const checked = checkWopiSrc(url.href)
  return checked.ok ? { wopiSrc: checked.url, token } : null
}

/** A real origin for postMessage and frame-ancestors, or null (never '*'). */
export function asOrigin(value: unknown): string | null {
  if (typeof value !== 'string' || !value) return null
  try {
    const url = new URL(value)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
    return url.origin
  } catch {
    return null
  }
}

/** The URL a WOPI call goes to: WOPISrc (+ /contents) + access_token, exactly as it will be signed and sent. */
export function wopiCallUrl(wopiSrc: URL, token: string, suffix = ''): string {
  const base = `${wopiSrc.origin}${wopiSrc.pathname}${suffix}`
  const search = wopiSrc.search ? `${wopiSrc.search}&` : '?'
  // WHATWG URL normalisation is what fetch puts on the wire, so the signed string is that form too.
  return new URL(`${base}${search}access_token=${encodeURIComponent(token)}`).href
}
