import { PROBE_ID_PREFIX } from '../canary'
import { collaboraSocketUrl, insecureHostOf } from '../facts'
import { websocketProbe } from '../net/websocket-probe'
import { fail, pass, skip, warn, type EndpointCheck } from './types'

// "Failed to establish socket connection" (clients.md row 6): Collabora's page edits over a WebSocket at
// <service root>/cool/<WOPISrc>/ws, and a reverse proxy that does not pass the Upgrade breaks every document
// although discovery and cool.html load fine. The handshake is made as the page makes it (Origin: the editor
// page's origin); the document named is a probe id, so Collabora's attempt to load it fails harmlessly.

const NGINX =
  'nginx: location ~ ^/cool/(.*)/ws$ { proxy_pass http://<collabora>:9980; proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "Upgrade"; proxy_set_header Host $host; proxy_read_timeout 36000s; }'
const APACHE = 'Apache: ProxyPassMatch "/cool/(.*)/ws$" ws://<collabora>:9980/cool/$1/ws nocanon (with mod_proxy_wstunnel enabled)'

export const websocketCheck: EndpointCheck = {
  id: 'collabora.websocket',
  title: 'WebSocket upgrades reach Collabora',
  scope: 'endpoint',
  async run(ctx, endpoint) {
    if (endpoint.kind !== 'collabora') return skip('Only checked for Collabora Online (its editing session runs over /cool/<WOPISrc>/ws).')
    const action = endpoint.actions.find((candidate) => /\/(browser|loleaflet)\//.test(candidate.urlsrc)) ?? endpoint.actions[0]
    if (!action) return skip('The catalog holds no editor address for this editor.')
    const url = collaboraSocketUrl(action.urlsrc, `${ctx.host.wopiBase}/wopi/files/${PROBE_ID_PREFIX}websocket`)
    const origin = new URL(action.urlsrc.replace(/<[^<>]*>/g, '')).origin
    const where = new URL(url)
    const shown = `${where.protocol}//${where.host}${where.pathname.replace(/\/(cool|lool)\/.*\/ws$/, '/$1/<WOPISrc>/ws')}`
    let result
    try {
      result = await websocketProbe(url, { origin, insecureTlsHost: insecureHostOf(endpoint), ca: ctx.ca, timeoutMs: 8_000 })
    } catch (error) {
      return fail(
        `The WebSocket to ${shown} could not be opened: ${(error as Error).message}`,
        `Check the editor is reachable from this computer (see "Editor page reachable"). ${NGINX}`,
      )
    }
    if (result.upgraded && result.acceptValid) return pass(`${shown} answered 101 Switching Protocols: WebSocket upgrades reach Collabora.`)
    if (result.upgraded) {
      return fail(
        `${shown} answered 101 but with a wrong Sec-WebSocket-Accept: something between this computer and Collabora rewrites the handshake.`,
        `Let the proxy pass WebSocket upgrades through untouched. ${NGINX}. ${APACHE}.`,
      )
    }
    const server = String(result.headers['server'] ?? '')
    const firstLine = result.body.split('\n')[0]!.trim().slice(0, 120)
    if (/COOLWSD|LOOLWSD|Collabora/i.test(server)) {
      return warn(
        `Collabora itself answered ${result.status} ${result.statusText} to the WebSocket upgrade${firstLine ? ` ("${firstLine}")` : ''}: the proxy passes upgrades, but Collabora refused this one, most often because the page origin ${origin} does not match the Host it sees (an explicit :443, or a proxy that rewrites Host).`,
        'Make the proxy forward the original Host header (nginx: proxy_set_header Host $host;) and use the same host name and port form everywhere.',
      )
    }
    return fail(
      `${shown} answered ${result.status} ${result.statusText}${server ? ` (server: ${server})` : ''} instead of 101 Switching Protocols: a reverse proxy in front of Collabora does not pass WebSocket upgrades, so documents fail with "Failed to establish socket connection".`,
      `Pass the upgrade on /cool/…/ws in the proxy. ${NGINX}. ${APACHE}.`,
    )
  },
}
