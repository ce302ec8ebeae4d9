import type { ServerResponse } from 'node:http'
import { BASE_HEADERS, MESSAGE_PAGE_CSP, NO_STORE_HEADERS } from './host-page-headers'
import { escapeHtml } from './render-host-page'

// Small script-free pages for the host page routes: a closed document, an ended session, a refused switch.
// They look like the host page (same mark, system font, light and dark) and always say what to do next.

export interface MessagePage {
  title: string
  message: string
  /** a second, quieter sentence */
  detail?: string
  link?: { href: string; label: string } | null
  /** a button that POSTs to a same-origin URL (the page then needs MESSAGE_PAGE_WITH_FORM_CSP) */
  form?: { action: string; label: string }
  tone?: 'neutral' | 'done' | 'problem'
}

const MARK_COLORS = { neutral: '#2456c4, #6d4bc3', done: '#1f8a4c, #2456c4', problem: '#b26a00, #c62828' }

export function messagePageHtml(page: MessagePage): string {
  const tone = page.tone ?? 'neutral'
  const link = page.link ? `<p class="actions"><a href="${escapeHtml(page.link.href)}">${escapeHtml(page.link.label)}</a></p>` : ''
  const detail = page.detail ? `<p class="detail">${escapeHtml(page.detail)}</p>` : ''
  const form = page.form
    ? `<form class="actions" method="post" action="${escapeHtml(page.form.action)}"><button type="submit">${escapeHtml(page.form.label)}</button></form>`
    : ''
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)} · WOPI Desk</title>
<style>
:root{--bg:#f4f6f9;--paper:#fff;--text:#17202e;--muted:#5a6577;--line:rgba(23,32,46,.11);--link:#2456c4}
@media (prefers-color-scheme:dark){:root{--bg:#0f1318;--paper:#171c23;--text:#e6eaf0;--muted:#9aa5b4;--line:rgba(230,234,240,.12);--link:#86a9ff}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:var(--bg);color:var(--text);
font:15px/1.55 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue","Liberation Sans",Arial,sans-serif}
main{max-width:34rem;margin:1.5rem;padding:2rem 2.25rem;background:var(--paper);border:1px solid var(--line);border-radius:12px}
.mark{width:40px;height:40px;border-radius:10px;display:grid;place-items:center;color:#fff;font-weight:800;font-size:18px;
letter-spacing:-.04em;background:linear-gradient(135deg,${MARK_COLORS[tone]})}
h1{font-size:1.2rem;font-weight:650;margin:1rem 0 .35rem}
p{margin:.35rem 0}.detail{color:var(--muted);font-size:.9rem}
button{font:inherit;font-weight:600;padding:.45rem 1.1rem;border-radius:8px;border:0;color:#fff;background:var(--link);cursor:pointer}
.actions{margin-top:1.25rem}a{color:var(--link);font-weight:600;text-decoration:none}a:hover{text-decoration:underline}
</style></head>
<body><main><div class="mark" aria-hidden="true">W</div><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p>${detail}${form}${link}</main></body></html>
`
}

export function sendMessagePage(
  res: ServerResponse,
  status: number,
  page: MessagePage,
  head = false,
  extra: Record<string, string> = {},
): void {
  const body = Buffer.from(messagePageHtml(page), 'utf8')
  res.writeHead(status, {
    ...BASE_HEADERS,
    ...NO_STORE_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(body.length),
    'Content-Security-Policy': MESSAGE_PAGE_CSP,
    'X-Frame-Options': 'DENY',
    ...extra,
  })
  res.end(head ? undefined : body)
}
