import type { TFunction } from 'i18next'
import type { EndpointKind } from '../../../electron/contract/dto'

// "The editor did not finish opening the document": what probably went wrong, in plain words, most likely
// first. The causes are the failure modes of docs/clients.md section 1 (row numbers kept for support), chosen
// for the editor kind and ordered by what this page and the host saw: did the editor's server call the host
// at all, did the host refuse it, did the editor report an error. The words come from the page's translation
// (host:diagnosis); addresses, settings and commands inside them stay as they are.

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

type Builder = (input: DiagnosisInput, t: TFunction) => Cause

const CAUSES: Record<string, Builder> = {
  'host-unreachable': (input, t) => {
    const loopback = isLoopbackHost(hostOf(input.wopiBase))
    const words = { endpoint: input.endpointName, wopiBase: input.wopiBase, port: portOf(input.wopiBase) }
    return {
      id: 'host-unreachable',
      row: 2,
      title: t('host:diagnosis.causes.hostUnreachable.title'),
      detail: loopback
        ? t('host:diagnosis.causes.hostUnreachable.detailLoopback', words)
        : t('host:diagnosis.causes.hostUnreachable.detailRemote', words),
      fix: loopback
        ? t('host:diagnosis.causes.hostUnreachable.fixLoopback', words)
        : t('host:diagnosis.causes.hostUnreachable.fixRemote', words),
    }
  },
  'collabora-alias': (input, t) => ({
    id: 'collabora-alias',
    row: 1,
    title: t('host:diagnosis.causes.collaboraAlias.title'),
    detail: t('host:diagnosis.causes.collaboraAlias.detail'),
    fix: t('host:diagnosis.causes.collaboraAlias.fix', { host: withExplicitPort(input.wopiBase) }),
  }),
  'editor-unreachable': (input, t) => ({
    id: 'editor-unreachable',
    row: 4,
    title: t('host:diagnosis.causes.editorUnreachable.title'),
    detail: t('host:diagnosis.causes.editorUnreachable.detail', { origin: input.editorOrigin }),
    fix: t('host:diagnosis.causes.editorUnreachable.fix', { origin: input.editorOrigin }),
  }),
  'stale-discovery': (input, t) => ({
    id: 'stale-discovery',
    row: 5,
    title: t('host:diagnosis.causes.staleDiscovery.title'),
    detail: t('host:diagnosis.causes.staleDiscovery.detail', { app: input.appName }),
    fix: t('host:diagnosis.causes.staleDiscovery.fix', { endpoint: input.endpointName }),
  }),
  'frame-ancestors': (input, t) => ({
    id: 'frame-ancestors',
    row: 7,
    title: t('host:diagnosis.causes.frameAncestors.title'),
    detail: t('host:diagnosis.causes.frameAncestors.detail', { hostOrigin: input.hostOrigin }),
    fix:
      input.kind === 'collabora'
        ? t('host:diagnosis.causes.frameAncestors.fixCollabora', { hostOrigin: input.hostOrigin })
        : t('host:diagnosis.causes.frameAncestors.fixOther', { hostOrigin: input.hostOrigin }),
  }),
  websocket: (input, t) => ({
    id: 'websocket',
    row: 6,
    title: t('host:diagnosis.causes.websocket.title'),
    detail: t('host:diagnosis.causes.websocket.detail', { editor: input.kind === 'onlyoffice' ? 'ONLYOFFICE' : 'Collabora' }),
    fix: t('host:diagnosis.causes.websocket.fix'),
  }),
  'mixed-content': (input, t) => ({
    id: 'mixed-content',
    row: 3,
    title: t('host:diagnosis.causes.mixedContent.title'),
    detail: t('host:diagnosis.causes.mixedContent.detail', { origin: input.editorOrigin }),
    fix:
      input.kind === 'collabora' ? t('host:diagnosis.causes.mixedContent.fixCollabora') : t('host:diagnosis.causes.mixedContent.fixOther'),
  }),
  'postmessage-origin': (input, t) => {
    const words = { pageOrigin: input.pageOrigin, hostOrigin: input.hostOrigin }
    const otherOrigin = input.pageOrigin !== input.hostOrigin
    return {
      id: 'postmessage-origin',
      row: 17,
      title: t('host:diagnosis.causes.postmessageOrigin.title'),
      detail: otherOrigin
        ? t('host:diagnosis.causes.postmessageOrigin.detailOtherOrigin', words)
        : t('host:diagnosis.causes.postmessageOrigin.detail', words),
      fix: otherOrigin
        ? t('host:diagnosis.causes.postmessageOrigin.fixOtherOrigin', words)
        : t('host:diagnosis.causes.postmessageOrigin.fix'),
    }
  },
  'office-editing': (_input, t) => ({
    id: 'office-editing',
    row: null,
    title: t('host:diagnosis.causes.officeEditing.title'),
    detail: t('host:diagnosis.causes.officeEditing.detail'),
    fix: t('host:diagnosis.causes.officeEditing.fix'),
  }),
  'builtin-restarted': (input, t) => ({
    id: 'builtin-restarted',
    row: 5,
    title: t('host:diagnosis.causes.builtinRestarted.title'),
    detail: t('host:diagnosis.causes.builtinRestarted.detail', { origin: input.editorOrigin }),
    fix: t('host:diagnosis.causes.builtinRestarted.fix', { endpoint: input.endpointName }),
  }),
  doctor: (input, t) => ({
    id: 'doctor',
    row: null,
    title: t('host:diagnosis.causes.doctor.title'),
    detail: t('host:diagnosis.causes.doctor.detail', { endpoint: input.endpointName }),
    fix: t('host:diagnosis.causes.doctor.fix'),
  }),
}

/** What the host's answer to the editor's server means, when it refused something. */
function refusedCause(input: DiagnosisInput, refused: SeenRequest, t: TFunction): Cause {
  const base = {
    id: 'host-refused',
    row: null as number | null,
    title: t('host:diagnosis.refused.title', { operation: refused.operation }),
    detail: refused.error
      ? t('host:diagnosis.refused.detailWithError', { status: refused.status, error: refused.error })
      : t('host:diagnosis.refused.detail', { status: refused.status }),
  }
  if (refused.status === 500 && /proof/i.test(refused.error ?? '')) {
    return { ...base, row: 9, fix: t('host:diagnosis.refused.fixProof', { endpoint: input.endpointName }) }
  }
  if (refused.status === 401) return { ...base, row: 11, fix: t('host:diagnosis.refused.fixToken') }
  if (refused.status === 404) return { ...base, row: null, fix: t('host:diagnosis.refused.fixGone') }
  if (refused.status === 409 || refused.status === 423) return { ...base, row: 13, fix: t('host:diagnosis.refused.fixLocked') }
  return { ...base, fix: t('host:diagnosis.refused.fixOther') }
}

export function diagnose(input: DiagnosisInput, t: TFunction): Diagnosis {
  const requests = input.requests
  const reached = requests !== null && requests.some((request) => request.operation === 'CheckFileInfo' && request.status === 200)
  const refused = requests?.find((request) => request.status >= 400) ?? null
  const order: string[] = []
  const push = (...ids: string[]) => {
    for (const id of ids) if (!order.includes(id)) order.push(id)
  }

  let evidence: string | null = null
  if (requests !== null && requests.length === 0) {
    evidence = t('host:diagnosis.evidence.noRequest', { endpoint: input.endpointName })
  } else if (refused) {
    evidence = null // the first cause says it
  } else if (reached) {
    const operations = [...new Set(requests!.map((request) => request.operation))].join(', ')
    evidence =
      input.trigger.type === 'timeout'
        ? t('host:diagnosis.evidence.readNoReport', { operations })
        : t('host:diagnosis.evidence.readBeforeError', { operations })
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

  const causes = order.map((id) => CAUSES[id]!(input, t))
  if (refused) causes.unshift(refusedCause(input, refused, t))

  let editorSaid: string | null = null
  if (input.trigger.type === 'failed') editorSaid = input.trigger.reason
  if (input.trigger.type === 'load-error')
    editorSaid =
      input.trigger.errorMsg ?? (input.trigger.errorType ? t('host:diagnosis.editorErrorType', { type: input.trigger.errorType }) : null)

  const title =
    input.trigger.type === 'timeout'
      ? t('host:diagnosis.title.timeout', { app: input.appName, file: input.fileName })
      : t('host:diagnosis.title.failed', { app: input.appName, file: input.fileName })
  return { title, editorSaid, evidence, causes }
}
