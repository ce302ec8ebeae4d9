import { discoveryFreshCheck, commonFormatsCheck, discoveryReachableCheck } from './discovery'
import { editorTlsCheck } from './editor-tls'
import { framingCheck } from './framing'
import { dataFolderCheck, publicUrlCheck, servedFolderCheck } from './host-config'
import { hostListenerCheck } from './host-listener'
import { desktopLocksCheck, expiredLocksCheck } from './host-locks'
import { aliasGroupsCheck, hostReachableCheck, loopbackCheck } from './host-reachability'
import { selfTestCheck } from './host-self-test'
import { postMessageOriginCheck } from './postmessage-origin'
import { clockCheck, proofKeysCheck } from './proof'
import { putFileCheck, requestFailuresCheck } from './traffic'
import type { EndpointCheck, HostCheck } from './types'
import { editorPageCheck, urlsrcCheck } from './urlsrc'
import { websocketCheck } from './websocket'

// The registry, in the order results are shown: the host first, then each editor from "can I reach it" to
// "what went wrong lately".

export const HOST_CHECKS: readonly HostCheck[] = [
  hostListenerCheck,
  publicUrlCheck,
  dataFolderCheck,
  servedFolderCheck,
  selfTestCheck,
  postMessageOriginCheck,
  expiredLocksCheck,
  desktopLocksCheck,
]

export const ENDPOINT_CHECKS: readonly EndpointCheck[] = [
  discoveryReachableCheck,
  editorTlsCheck,
  commonFormatsCheck,
  urlsrcCheck,
  editorPageCheck,
  discoveryFreshCheck,
  hostReachableCheck,
  loopbackCheck,
  aliasGroupsCheck,
  framingCheck,
  websocketCheck,
  proofKeysCheck,
  clockCheck,
  putFileCheck,
  requestFailuresCheck,
]

/**
 * clients.md section 1, failure modes 1-18, and the checks that detect each with a specific fix. Each detected mode
 * has a test with a local fake editor (doctor/checks/*.test.ts, see the `mode N` test names).
 *
 * | #  | failure mode                                   | detected by                                                        |
 * | 1  | Collabora "Unauthorized WOPI host"             | collabora.alias-groups, host.reachable-from-editor                 |
 * | 2  | editor cannot reach the host URL               | host.reachable-from-editor, host.loopback, host.public-url         |
 * | 3  | http urlsrc under https (mixed content)        | discovery.urlsrc, host.reachable-from-editor (NotHttps)            |
 * | 4  | urlsrc names an internal host / escaped dots   | discovery.urlsrc, editor.reachable                                 |
 * | 5  | stale discovery after an editor upgrade        | discovery.fresh, editor.reachable                                  |
 * | 6  | proxy breaks the WebSocket upgrade             | collabora.websocket                                                |
 * | 7  | frame-ancestors / X-Frame-Options              | editor.framing                                                     |
 * | 8  | TLS: self-signed, expired, http port           | editor.tls, discovery.reachable, host.reachable-from-editor        |
 * | 9  | 500 on every call with proofs (URL, clock)     | proof.keys, editor.clock                                           |
 * | 10 | editor publishes no proof keys                 | proof.keys                                                         |
 * | 11 | saves fail (401/403/404, 413, 500)             | wopi.put-file, host.self-test, host.served-folder, host.data-dir   |
 * | 12 | 409 without COOLStatusCode 1010                | wopi.put-file                                                      |
 * | 13 | read-only / locked by another user             | host.desktop-locks, host.locks, wopi.requests                      |
 * | 14 | ONLYOFFICE WOPI disabled (404 / empty)         | discovery.reachable, discovery.formats                             |
 * | 15 | token not taken from the POST body             | wopi.requests, host.reachable-from-editor                          |
 * | 16 | invalid CheckFileInfo / redirects              | host.self-test                                                     |
 * | 17 | PostMessageOrigin missing or wrong             | host.postmessage-origin                                            |
 * | 18 | site URL differs from the page origin          | not detected as such: see below                                    |
 *
 * Mode 18 is a multi-domain web deployment (shares, a second domain, one alias). A desktop host has one page origin
 * and one WOPISrc base; host.postmessage-origin shows both and host.public-url checks the WOPISrc base, but the
 * "second domain" itself is not knowable here. Parts not automated: watching App_LoadingStatus / Action_Load_Resp
 * postMessages needs a browser (row 6, 17), and a 413 from a proxy never reaches our traffic log (row 11).
 */
export const FAILURE_MODE_COVERAGE: Readonly<Record<number, readonly string[]>> = {
  1: ['collabora.alias-groups', 'host.reachable-from-editor'],
  2: ['host.reachable-from-editor', 'host.loopback', 'host.public-url'],
  3: ['discovery.urlsrc', 'host.reachable-from-editor'],
  4: ['discovery.urlsrc', 'editor.reachable'],
  5: ['discovery.fresh', 'editor.reachable'],
  6: ['collabora.websocket'],
  7: ['editor.framing'],
  8: ['editor.tls', 'discovery.reachable', 'host.reachable-from-editor'],
  9: ['proof.keys', 'editor.clock'],
  10: ['proof.keys'],
  11: ['wopi.put-file', 'host.self-test', 'host.served-folder', 'host.data-dir'],
  12: ['wopi.put-file'],
  13: ['host.desktop-locks', 'host.locks', 'wopi.requests'],
  14: ['discovery.reachable', 'discovery.formats'],
  15: ['wopi.requests', 'host.reachable-from-editor'],
  16: ['host.self-test'],
  17: ['host.postmessage-origin'],
  18: [],
}

export type { Check, CheckOutcome, EndpointCheck, EndpointInfo, HostCheck } from './types'
