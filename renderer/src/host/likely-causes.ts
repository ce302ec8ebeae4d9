import type { EndpointKind } from '../../../electron/contract/dto'

// "The editor did not finish opening the document": what probably went wrong, in plain words, most likely
// first. The causes are the failure modes of docs/clients.md section 1 (row numbers kept for support), chosen
// for the editor kind and ordered by what this page and the host saw: did the editor's server call the host
// at all, did the host refuse it, did the editor report an error.

export interface SeenRequest {
  operation: string
  status: number
  error: string | null
}

export type Trigger =
  | { type: 'timeout' }
  /** App_LoadingStatus with Status: Failed */
  | { type: 'failed'; reason: string | null }
  /** Action_Load_Resp with success false */
  | { type: 'load-error'; errorType: string | null; errorMsg: string | null }

export interface DiagnosisInput {
  kind: EndpointKind
  appName: string
  endpointName: string
  fileName: string
  action: string
  editorOrigin: string
  /** the origin sent as PostMessageOrigin */
  hostOrigin: string
  /** the origin this page really runs under (location.origin) */
  pageOrigin: string
  wopiBase: string
  trigger: Trigger
  /** WOPI requests the host received for this session; null when they could not be read */
  requests: SeenRequest[] | null
  /** some valid message came from the editor frame */
  editorSpoke: boolean
}

export interface Cause {
  id: string
  /** row of docs/clients.md section 1, for support */
  row: number | null
  title: string
  detail: string
  fix: string
}

export interface Diagnosis {
  title: string
  /** what the editor itself said, if anything */
  editorSaid: string | null
  /** what the host saw, in one sentence */
  evidence: string | null
  causes: Cause[]
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '')
  } catch {
    return ''
  }
}

function portOf(url: string): string {
  try {
    const parsed = new URL(url)
    return parsed.port || (parsed.protocol === 'https:' ? '443' : '80')
  } catch {
    return ''
  }
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host)
}

function withExplicitPort(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.hostname}:${portOf(url)}`
  } catch {
    return url
  }
}

type Builder = (input: DiagnosisInput) => Cause

const CAUSES: Record<string, Builder> = {
  'host-unreachable': (input) => {
    const loopback = isLoopbackHost(hostOf(input.wopiBase))
    const port = portOf(input.wopiBase)
    return {
      id: 'host-unreachable',
      row: 2,
      title: 'The editor cannot reach WOPI Desk',
      detail:
        `${input.endpointName} reads the document by calling ${input.wopiBase} from its own server.` +
        (loopback
          ? ' That address is this computer only as seen from here: inside a Docker container or on another machine, 127.0.0.1 and localhost mean that machine itself.'
          : ' A firewall, a wrong address or a name the editor cannot resolve stops it.'),
      fix: loopback
        ? `In WOPI Desk's Settings, set the public URL to an address the editor's server can reach: http://host.docker.internal:${port} for an editor in Docker (on Linux start it with --add-host=host.docker.internal:host-gateway), or this computer's network address, and listen on that address or 0.0.0.0.`
        : `Check that ${input.wopiBase} answers from the editor's machine (for example: curl ${input.wopiBase}/wopi/files/x) and that the firewall lets it through.`,
    }
  },
  'collabora-alias': (input) => ({
    id: 'collabora-alias',
    row: 1,
    title: 'Collabora does not allow this WOPI host',
    detail:
      'Collabora opens documents only from hosts listed in its alias groups; for any other host it shows "Unauthorized WOPI host" and never calls WOPI Desk.',
    fix: `Add ${withExplicitPort(input.wopiBase)} to Collabora's allowed hosts (Docker: -e aliasgroup1=${withExplicitPort(input.wopiBase)}; coolwsd.xml: storage.wopi.alias_groups) and restart Collabora.`,
  }),
  'editor-unreachable': (input) => ({
    id: 'editor-unreachable',
    row: 4,
    title: "This computer cannot load the editor's page",
    detail: `The frame loads ${input.editorOrigin}. Editors build that address from their own configuration or from the address the discovery was fetched with; an internal name or a stopped editor leaves the frame blank or showing an error.`,
    fix: `Open ${input.editorOrigin} in a browser on this computer. If it does not answer, fix the editor's public address (Collabora: server_name) and refresh the editor on WOPI Desk's Editors page.`,
  }),
  'stale-discovery': (input) => ({
    id: 'stale-discovery',
    row: 5,
    title: 'The editor changed since it was imported',
    detail: `WOPI Desk opens ${input.appName} at the address its discovery gave when it was imported. After an upgrade or a restart on another port that address can be gone (404 on the editor's page).`,
    fix: `Refresh ${input.endpointName} on WOPI Desk's Editors page, then open the document again.`,
  }),
  'frame-ancestors': (input) => ({
    id: 'frame-ancestors',
    row: 7,
    title: 'The editor refuses to be shown inside WOPI Desk',
    detail: `An editor page may only be framed by the origins its Content-Security-Policy frame-ancestors allows (a proxy can also add X-Frame-Options). ${input.hostOrigin} must be allowed, otherwise the frame stays blank or shows "refused to connect".`,
    fix:
      input.kind === 'collabora'
        ? `Allow ${input.hostOrigin} in Collabora's net.frame_ancestors (Docker: -e "extra_params=--o:net.frame_ancestors=${input.hostOrigin}"), and make sure no proxy adds X-Frame-Options.`
        : `Allow ${input.hostOrigin} in the editor's frame-ancestors, and make sure no proxy in front of it adds X-Frame-Options or frame-ancestors 'none'.`,
  }),
  websocket: (input) => ({
    id: 'websocket',
    row: 6,
    title: "The editor's live connection is blocked",
    detail: `${input.kind === 'onlyoffice' ? 'ONLYOFFICE' : 'Collabora'} reads the document and then keeps a WebSocket open to its server. A reverse proxy that does not pass WebSocket upgrades, or rewrites the path (it carries the encoded WOPISrc), stops the document from loading.`,
    fix: 'Let the proxy pass WebSocket upgrades to the editor unchanged (nginx: proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade"), and do not decode or rewrite its paths.',
  }),
  'mixed-content': (input) => ({
    id: 'mixed-content',
    row: 3,
    title: 'The browser blocks part of the editor (mixed content)',
    detail: `The editor runs on ${input.editorOrigin}, but behind a TLS proxy it may still build plain http:// addresses for its own files, which browsers block on an https page.`,
    fix:
      input.kind === 'collabora'
        ? 'Behind a TLS-terminating proxy, start Collabora with ssl.termination=true (Docker: -e "extra_params=--o:ssl.enable=false --o:ssl.termination=true").'
        : "Make the editor generate https addresses behind the proxy (forwarded-proto headers), then refresh it on WOPI Desk's Editors page.",
  }),
  'postmessage-origin': (input) => ({
    id: 'postmessage-origin',
    row: 17,
    title: 'The editor does not talk to this page',
    detail:
      input.pageOrigin !== input.hostOrigin
        ? `This page runs on ${input.pageOrigin}, but editors only send their messages to ${input.hostOrigin} (PostMessageOrigin), so the page never hears that the document loaded.`
        : `Editors send their "loaded" message only to ${input.hostOrigin} (PostMessageOrigin). An editor that rewrites it (Collabora turns http into https when ssl.termination is on) or never sends it leaves this page waiting even if the document is open.`,
    fix:
      input.pageOrigin !== input.hostOrigin
        ? `Open documents from WOPI Desk instead of typing the address, so the page runs on ${input.hostOrigin}.`
        : 'Choose "Show the editor anyway": if the document is there, only the messages are missing and editing works.',
  }),
  'office-editing': () => ({
    id: 'office-editing',
    row: null,
    title: 'Editing may be turned off on the Office Online Server',
    detail: 'Office Online Server only views documents until editing is enabled on its farm.',
    fix: 'On the server run: Set-OfficeWebAppsFarm -EditingEnabled:$true',
  }),
  'builtin-restarted': (input) => ({
    id: 'builtin-restarted',
    row: 5,
    title: "WOPI Desk's own editor moved",
    detail: `The built-in editor answers on ${input.editorOrigin}. If WOPI Desk started it on another port since it was imported, that address leads nowhere.`,
    fix: `Refresh ${input.endpointName} on the Editors page, then open the document again.`,
  }),
  doctor: (input) => ({
    id: 'doctor',
    row: null,
    title: 'Run the connection doctor',
    detail: `It checks ${input.endpointName} step by step: discovery, reachability both ways, TLS, framing, WebSocket and proofs.`,
    fix: "Open WOPI Desk's Doctor page and run it for this editor.",
  }),
}

/** What the host's answer to the editor's server means, when it refused something. */
function refusedCause(input: DiagnosisInput, refused: SeenRequest): Cause {
  const said = refused.error ? ` (${refused.error})` : ''
  const base = {
    id: 'host-refused',
    row: null as number | null,
    title: `WOPI Desk refused the editor's ${refused.operation} request`,
    detail: `It answered ${refused.status}${said}.`,
  }
  if (refused.status === 500 && /proof/i.test(refused.error ?? '')) {
    return {
      ...base,
      row: 9,
      fix: `The editor's request signature did not verify. Refresh ${input.endpointName} on the Editors page (its proof keys may have changed) and check that both machines have the right time.`,
    }
  }
  if (refused.status === 401)
    return { ...base, row: 11, fix: 'The access token was not accepted. Close this tab and open the document again from WOPI Desk.' }
  if (refused.status === 404)
    return { ...base, row: null, fix: 'The file is no longer where it was. Refresh the Files page and open it again.' }
  if (refused.status === 409 || refused.status === 423) {
    return {
      ...base,
      row: 13,
      fix: 'The file is locked by another editor or program. The Files page shows who holds the lock; close it there, or wait until the lock expires.',
    }
  }
  return { ...base, fix: "The Activity page shows this request with its details; the Doctor page can check the editor's connection." }
}

export function diagnose(input: DiagnosisInput): Diagnosis {
  const requests = input.requests
  const reached = requests !== null && requests.some((request) => request.operation === 'CheckFileInfo' && request.status === 200)
  const refused = requests?.find((request) => request.status >= 400) ?? null
  const order: string[] = []
  const push = (...ids: string[]) => {
    for (const id of ids) if (!order.includes(id)) order.push(id)
  }

  let evidence: string | null = null
  if (requests !== null && requests.length === 0) {
    evidence = `WOPI Desk received no request from ${input.endpointName} for this document.`
  } else if (refused) {
    evidence = null // the first cause says it
  } else if (reached) {
    const operations = [...new Set(requests!.map((request) => request.operation))].join(', ')
    evidence =
      input.trigger.type === 'timeout'
        ? `The editor's server read the document (${operations}), but the editor page did not report that it finished loading.`
        : `The editor's server read the document (${operations}) before the editor reported the error.`
  }

  if (input.pageOrigin !== input.hostOrigin) push('postmessage-origin')
  if (input.trigger.type === 'load-error' && input.trigger.errorType === 'websocketconnectionfailed') push('websocket')

  const remote = input.kind !== 'builtin'
  if (requests !== null && requests.length === 0) {
    // Nothing reached the host: either the editor's server cannot call it, or the browser never got the editor.
    if (input.kind === 'builtin') push('builtin-restarted', 'host-unreachable')
    else push('host-unreachable')
    if (input.kind === 'collabora') push('collabora-alias')
    push('editor-unreachable', 'frame-ancestors')
    if (remote) push('stale-discovery')
  } else if (reached) {
    // The editor's server has the document: what is left is between the browser, the editor page and us.
    if (input.kind === 'collabora' || input.kind === 'onlyoffice') push('websocket')
    push('frame-ancestors', 'postmessage-origin')
    if (input.editorOrigin.startsWith('https:')) push('mixed-content')
  } else {
    // Unknown what the host saw (or it saw only refusals): the likely causes for this kind of editor.
    if (input.kind === 'builtin') push('builtin-restarted')
    push('host-unreachable')
    if (input.kind === 'collabora') push('collabora-alias', 'websocket')
    if (input.kind === 'onlyoffice') push('websocket')
    push('frame-ancestors', 'editor-unreachable')
    if (input.editorOrigin.startsWith('https:')) push('mixed-content')
    push('postmessage-origin')
  }
  if (input.kind === 'office' && /edit/i.test(input.action)) push('office-editing')
  push('doctor')

  const causes = order.map((id) => CAUSES[id]!(input))
  if (refused) causes.unshift(refusedCause(input, refused))

  let editorSaid: string | null = null
  if (input.trigger.type === 'failed') editorSaid = input.trigger.reason
  if (input.trigger.type === 'load-error')
    editorSaid = input.trigger.errorMsg ?? (input.trigger.errorType ? `error "${input.trigger.errorType}"` : null)

  const title =
    input.trigger.type === 'timeout'
      ? `${input.appName} did not finish opening ${input.fileName}`
      : `${input.appName} could not open ${input.fileName}`
  return { title, editorSaid, evidence, causes }
}
