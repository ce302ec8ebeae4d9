// Response headers of the host page (spec 11.1 item 6 and our CSP). The page frames exactly one editor
// origin: scripts and styles only from us, the frame and the form POST only to the editor, fetches only to
// ourselves, and nobody may frame the page itself (it holds a token in its body).

export function hostPageCsp(editorOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `frame-src ${editorOrigin}`,
    `form-action ${editorOrigin}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

export const NO_STORE_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-cache, no-store',
  Expires: '-1',
  Pragma: 'no-cache',
}

/** On every response of the host page routes: no sniffing, and no Referer (page URLs are capabilities). */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
}

export function hostPageHeaders(editorOrigin: string): Record<string, string> {
  return {
    ...BASE_HEADERS,
    // The page's form POST must carry its Origin (with no-referrer browsers send "Origin: null"), so the editor
    // can tell the host page from another site that drives it (issue 13 item 9); only the origin, never the
    // path with the session id.
    'Referrer-Policy': 'strict-origin',
    ...NO_STORE_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': hostPageCsp(editorOrigin),
    'X-Frame-Options': 'DENY',
  }
}

/** Pages without script (closed, ended, errors): styles inline, nothing else. */
export const MESSAGE_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** A message page with one button that POSTs back to the host page routes (the edit confirmation). */
export const MESSAGE_PAGE_WITH_FORM_CSP = MESSAGE_PAGE_CSP.replace("form-action 'none'", "form-action 'self'")
