import { EDITOR_FORM_ID, EDITOR_FRAME_NAME, SESSION_DATA_ELEMENT_ID, type HostPageData } from '../../contract/host-page'

// Fills the built host.html (renderer/host.html through Vite) with one session: its data as a JSON block the
// page script reads, and the form that carries the token (spec 11.1 item 1). The token is only ever in this
// form's hidden input, in the body of a response to the session's own URL; never in a URL or the JSON.

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

/** JSON that cannot end its <script> element or open a comment inside it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

export interface EditorForm {
  actionUrl: string
  accessToken: string
  /** absolute expiry, ms since the epoch (spec 8.2) */
  accessTokenTtl: number
}

export function renderHostPage(template: string, data: HostPageData, form: EditorForm): string {
  const block =
    `<script type="application/json" id="${SESSION_DATA_ELEMENT_ID}">${jsonForScript(data)}</script>\n` +
    `<form id="${EDITOR_FORM_ID}" method="post" target="${EDITOR_FRAME_NAME}" action="${escapeHtml(form.actionUrl)}" hidden>` +
    `<input type="hidden" name="access_token" value="${escapeHtml(form.accessToken)}">` +
    `<input type="hidden" name="access_token_ttl" value="${escapeHtml(String(form.accessTokenTtl))}">` +
    `</form>\n`
  // A function replacement: a string one would read $' $& $$ in the file name as patterns.
  const title = `<title>${escapeHtml(`${data.fileName} – ${data.appName}`)}</title>`
  let html = template.replace(/<title>[^<]*<\/title>/i, () => title)
  const end = html.toLowerCase().lastIndexOf('</body>')
  html = end < 0 ? html + block : html.slice(0, end) + block + html.slice(end)
  return html
}
