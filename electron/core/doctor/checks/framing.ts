import { buildActionUrl } from '../../discovery/action-url'
import { PROBE_ID_PREFIX } from '../canary'
import { canaryOpen, insecureHostOf } from '../facts'
import { evaluateFraming } from '../net/frame-ancestors'
import { headerValues, type ProbeResponse } from '../net/http-probe'
import { byKind, fail, pass, skip, type EndpointCheck } from './types'

// Refused to frame (clients.md row 7): the editor page's Content-Security-Policy frame-ancestors, or an
// X-Frame-Options a proxy adds, must allow the host page's origin, or the editor view stays blank. The page is
// requested the way the host page loads it (the canary's form POST when one was made, else a GET).

const PREFERRED = ['docx', 'odt', 'xlsx', 'txt']

export const framingCheck: EndpointCheck = {
  id: 'editor.framing',
  title: 'The editor page may be framed by the host page',
  scope: 'endpoint',
  timeoutMs: 30_000,
  async run(ctx, endpoint) {
    const page = ctx.hostPageOrigin
    let response: ProbeResponse | null = null
    let error: string | null = null
    const canary = await canaryOpen(ctx, endpoint)
    if (canary.state === 'opened' && canary.post) {
      response = canary.post
    } else {
      const action =
        PREFERRED.map((ext) =>
          endpoint.actions.find((candidate) => candidate.ext === ext && (candidate.name === 'edit' || candidate.name === 'view')),
        ).find(Boolean) ?? endpoint.actions[0]
      if (!action) return skip('The catalog holds no editor address for this editor.')
      const url = buildActionUrl(action.urlsrc, `${ctx.host.wopiBase}/wopi/files/${PROBE_ID_PREFIX}frame`, ctx.settings.locale)
      try {
        response = await ctx.probe(url, { insecureTlsHost: insecureHostOf(endpoint), ca: ctx.ca, maxBytes: 16 * 1024, timeoutMs: 8_000 })
      } catch (caught) {
        error = (caught as Error).message
      }
    }
    // An action URL may answer the form POST with a redirect to the page itself (the built-in editor does, 303):
    // the page's headers are what the browser judges.
    for (let hops = 0; response && hops < 3 && response.status >= 300 && response.status < 400 && response.headers.location; hops++) {
      try {
        response = await ctx.probe(new URL(String(response.headers.location), response.url).href, {
          insecureTlsHost: insecureHostOf(endpoint),
          ca: ctx.ca,
          maxBytes: 16 * 1024,
          timeoutMs: 8_000,
        })
      } catch (caught) {
        error = (caught as Error).message
        response = null
      }
    }
    if (!response) return skip(`The editor page could not be loaded (${error ?? 'no answer'}); see "Editor page reachable".`)
    const csp = headerValues(response, 'content-security-policy')
    const xfo = headerValues(response, 'x-frame-options')
    const verdict = evaluateFraming(csp, xfo, page, response.url)
    const status = response.status >= 400 ? ` (the page itself answered ${response.status})` : ''
    if (verdict.allowed) return pass(`${verdict.reason}${status} Host page: ${page}.`)
    const fix =
      verdict.by === 'x-frame-options'
        ? `Something in front of the editor adds X-Frame-Options: remove it for the editor's paths (nginx: drop the add_header X-Frame-Options line, or proxy_hide_header X-Frame-Options; Apache: Header unset X-Frame-Options).`
        : byKind(endpoint.kind, {
            collabora: `Allow the host page in Collabora: -e "extra_params=--o:net.frame_ancestors=${page}" (Docker), or <frame_ancestors>${page}</frame_ancestors> under <net> in coolwsd.xml (newer releases: net.content_security_policy "frame-ancestors ${page}"); if a proxy adds its own Content-Security-Policy, allow ${page} there too.`,
            other: `Allow ${page} in the frame-ancestors of the Content-Security-Policy the editor or its proxy sends (nginx: add_header Content-Security-Policy "frame-ancestors ${page}";).`,
          })
    return fail(`${verdict.reason}${status} The editor view would stay blank ("refused to connect").`, fix)
  },
}
