import type { ServerResponse } from 'node:http'

// Small HTTP helpers for the editor listener: the response shapes it uses.

/** Every response: no MIME sniffing, and no Referer (the page URL is a capability). */
export const BASE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8')
  res.writeHead(status, {
    ...BASE_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    ...headers,
  })
  res.end(body)
}

export function sendText(
  res: ServerResponse,
  status: number,
  contentType: string,
  text: string,
  headers: Record<string, string> = {},
): void {
  const body = Buffer.from(text, 'utf8')
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': contentType, 'Content-Length': String(body.length), ...headers })
  res.end(body)
}

/**
 * A self-contained message page for browsers (form POST errors, ended sessions). Framable by any http(s)
 * origin: it shows a sentence and has no actions, and a blank "refused to connect" frame helps nobody.
 */
export function sendMessagePage(
  res: ServerResponse,
  status: number,
  title: string,
  message: string,
  extra: Record<string, string> = {},
): void {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>${escapeHtml(title)} · WOPI Desk Text</title>
<link rel="icon" href="/favicon.svg">
<style>
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;display:grid;place-items:center;min-height:100vh;background:Canvas;color:CanvasText}
main{max-width:32rem;padding:2rem}img{width:40px;height:40px}h1{font-size:1.15rem;margin:.75rem 0 .25rem}p{margin:.25rem 0;opacity:.85}
</style></head>
<body><main><img src="/favicon.svg" alt=""><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body></html>
`
  sendText(res, status, 'text/html; charset=utf-8', html, {
    'Cache-Control': 'no-store',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors http: https:",
    ...extra,
  })
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}
