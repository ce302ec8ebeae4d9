import { appendOrReplaceQueryParameter, encodeUtf7DotNet, getQueryParameterValue, urlKeyValueEncode } from './dotnet-encoding'
import type { MutatorDef, RequestDef, RequestKind } from './model'
import { signedProofHeaders, type PrivateProofKeys } from './proof-signing'

// Turns one request element into the exact HTTP request Microsoft's validator sends: method, URL (WOPISrc or a
// saved OverrideUrl, plus the operation's path), X-WOPI-Override, operation headers, body, proof headers and
// Authorization. Headers are listed in the reference's order: operation headers, X-WOPI-Override, proof, auth.

export interface PreparedRequest {
  method: 'GET' | 'POST'
  url: string
  headers: [string, string][]
  body: Uint8Array | null
  /** the X-WOPI-Override value, for reports */
  override: string | null
  /** whether the body of the answer is read as text (JSON validators need it) */
  expectsText: boolean
  /** tokens seen while building (query of a saved URL, mutated token): redacted from every report */
  secrets: string[]
}

export class RequestBuildError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RequestBuildError'
  }
}

export interface BuildContext {
  wopiSrc: string
  accessToken: string
  accessTokenTtl: number
  state: ReadonlyMap<string, string | null>
  resourceContent(resourceId: string): Uint8Array
  proofKeys: PrivateProofKeys | null
  nowMs: number
  userAgent: string
  newGuid(): string
}

interface Shape {
  method: 'GET' | 'POST'
  /** appended to the file/container URL path */
  path: string
  override: string | null
  text: boolean
}

const SHAPES: Partial<Record<RequestKind, Shape>> = {
  CheckFileInfo: { method: 'GET', path: '', override: null, text: true },
  GetFile: { method: 'GET', path: '/contents', override: null, text: false },
  PutFile: { method: 'POST', path: '/contents', override: 'PUT', text: true },
  PutRelativeFile: { method: 'POST', path: '', override: 'PUT_RELATIVE', text: true },
  Lock: { method: 'POST', path: '', override: 'LOCK', text: true },
  Unlock: { method: 'POST', path: '', override: 'UNLOCK', text: true },
  RefreshLock: { method: 'POST', path: '', override: 'REFRESH_LOCK', text: true },
  UnlockAndRelock: { method: 'POST', path: '', override: 'LOCK', text: true },
  GetLock: { method: 'POST', path: '', override: 'GET_LOCK', text: true },
  // the reference reads no URL from CheckEcosystem's EcosystemUrl attribute: it calls the WOPISrc itself
  CheckEcosystem: { method: 'GET', path: '', override: null, text: true },
  GetNewAccessToken: { method: 'POST', path: '', override: 'GET_NEW_ACCESS_TOKEN', text: true },
  GetRootContainer: { method: 'GET', path: '/root_container_pointer', override: null, text: true },
  CheckContainerInfo: { method: 'GET', path: '', override: null, text: true },
  EnumerateChildren: { method: 'GET', path: '/children', override: null, text: true },
  EnumerateAncestors: { method: 'GET', path: '/ancestry', override: null, text: true },
  GetEcosystem: { method: 'GET', path: '/ecosystem_pointer', override: null, text: true },
  CreateChildContainer: { method: 'POST', path: '', override: 'CREATE_CHILD_CONTAINER', text: true },
  CreateChildFile: { method: 'POST', path: '', override: 'CREATE_CHILD_FILE', text: true },
  DeleteFile: { method: 'POST', path: '', override: 'DELETE', text: true },
  DeleteContainer: { method: 'POST', path: '', override: 'DELETE_CONTAINER', text: true },
  RenameContainer: { method: 'POST', path: '', override: 'RENAME_CONTAINER', text: true },
  RenameFile: { method: 'POST', path: '', override: 'RENAME_FILE', text: true },
  GetShareUrl: { method: 'POST', path: '', override: 'GET_SHARE_URL', text: true },
  AddActivities: { method: 'POST', path: '', override: 'ADD_ACTIVITIES', text: true },
  PutUserInfo: { method: 'POST', path: '', override: 'PUT_USER_INFO', text: true },
  GetCoauthLock: { method: 'POST', path: '', override: 'GET_COAUTH_LOCK', text: true },
  GetCoauthTable: { method: 'POST', path: '', override: 'GET_COAUTH_TABLE', text: true },
  RefreshCoauthLock: { method: 'POST', path: '', override: 'REFRESH_COAUTH_LOCK', text: true },
  UnlockCoauthLock: { method: 'POST', path: '', override: 'UNLOCK_COAUTH_LOCK', text: true },
  GetSequenceNumber: { method: 'POST', path: '', override: 'GET_SEQUENCE_NUMBER', text: false },
}

const NOT_IMPLEMENTED: Partial<Record<RequestKind, string>> = {
  GetChunkedFile: 'incremental file transfer (frames, zip chunking)',
  PutChunkedFile: 'incremental file transfer (frames, zip chunking)',
}

export function isImplemented(kind: RequestKind): boolean {
  return kind === 'Delay' || kind === 'GetFromFileUrl' || SHAPES[kind] !== undefined
}

export function buildRequest(request: RequestDef, context: BuildContext): PreparedRequest {
  const notImplemented = NOT_IMPLEMENTED[request.kind]
  if (notImplemented) throw new RequestBuildError(`${request.element} is not implemented by this runner (${notImplemented})`)
  const baseHeaders: [string, string][] = [
    ['User-Agent', context.userAgent],
    // the validator does not ask for compression; asking for identity keeps Content-Length checkable
    ['Accept-Encoding', 'identity'],
    ['X-WOPI-CorrelationId', context.newGuid()],
  ]
  if (request.kind === 'GetFromFileUrl') {
    // FileUrl is used verbatim: no token handling, no Authorization, no proof (spec 2.5)
    const url = resolveOverride(request, context)
    if (url === null)
      throw new RequestBuildError(
        `${request.element} needs a URL saved by an earlier request (${request.overrideUrl ?? 'no OverrideUrl'} is empty)`,
      )
    return { method: 'GET', url: absolute(url, request), headers: baseHeaders, body: null, override: null, expectsText: true, secrets: [] }
  }
  const shape = SHAPES[request.kind]
  if (!shape) throw new RequestBuildError(`${request.element} is not implemented by this runner`)
  if (
    (request.kind === 'PutRelativeFile' || request.kind === 'CreateChildFile' || request.kind === 'CreateChildContainer') &&
    !request.putRelativeFileMode
  ) {
    throw new RequestBuildError(
      `${request.element} has no PutRelativeFileMode (Suggested, ExactName or Conflicting), so there is no target header to send`,
    )
  }

  const secrets: string[] = []
  let url: string
  let token: string | null
  const override = resolveOverride(request, context)
  if (override !== null) {
    const target = new URL(absolute(override, request))
    target.pathname += shape.path
    url = target.href
    token = getQueryParameterValue(url, 'access_token')
    if (token) secrets.push(token)
  } else if (request.kind === 'DeleteFile' || request.kind === 'DeleteContainer') {
    // the validator never deletes the file under test: without a saved URL there is nothing to send
    throw new RequestBuildError(
      `${request.element} is only sent to a URL saved by an earlier request, and ${request.overrideUrl ? `${request.overrideUrl} is empty` : 'no OverrideUrl is set'}`,
    )
  } else {
    url = wopiUrl(context, shape.path)
    token = context.accessToken
  }

  const tokenMutator = request.mutators.find(
    (mutator): mutator is Extract<MutatorDef, { kind: 'AccessToken' }> => mutator.kind === 'AccessToken',
  )
  if (tokenMutator) {
    const mutated = tokenMutator.mutation ?? context.newGuid()
    if (mutated !== token) {
      url = new URL(appendOrReplaceQueryParameter(url, 'access_token', mutated)).href
      token = mutated
    }
  }

  const headers: [string, string][] = [...baseHeaders, ...operationHeaders(request, context)]
  if (shape.override) headers.push(['X-WOPI-Override', shape.override])
  if (context.proofKeys) {
    if (token === null) throw new RequestBuildError(`cannot sign ${request.element}: its URL has no access_token parameter`)
    const proofMutator = request.mutators.find(
      (mutator): mutator is Extract<MutatorDef, { kind: 'ProofKey' }> => mutator.kind === 'ProofKey',
    )
    const proof = signedProofHeaders(context.proofKeys, token, url, context.nowMs, proofMutator)
    headers.push(
      ['X-WOPI-Proof', proof['X-WOPI-Proof']],
      ['X-WOPI-ProofOld', proof['X-WOPI-ProofOld']],
      ['X-WOPI-TimeStamp', proof['X-WOPI-TimeStamp']],
    )
  }
  headers.push(['Authorization', `Bearer ${token ?? ''}`])

  return {
    method: shape.method,
    url,
    headers,
    body: requestBody(request, context, shape.method),
    override: shape.override,
    expectsText: shape.text,
    secrets,
  }
}

/** WOPISrc + operation path + `access_token` (UrlKeyValueEncode'd) + `access_token_ttl`, as BuildWopiUri does. */
function wopiUrl(context: BuildContext, path: string): string {
  const target = new URL(context.wopiSrc)
  target.pathname += path
  const query = `access_token=${urlKeyValueEncode(context.accessToken)}&access_token_ttl=${context.accessTokenTtl}`
  const base = target.href.replace(/#.*$/, '')
  const joiner = !base.includes('?') ? '?' : base.endsWith('&') || base.endsWith('?') ? '' : '&'
  return new URL(base + joiner + query).href
}

/** `$State:Key` → the saved value (null when the saved value is empty); a literal URL as is; null when unset. */
function resolveOverride(request: RequestDef, context: BuildContext): string | null {
  const override = request.overrideUrl
  if (!override) return null
  if (!override.startsWith('$State:')) return override
  const key = override.slice('$State:'.length)
  if (!context.state.has(key)) {
    throw new RequestBuildError(`${request.element} uses ${override}, but no earlier request of this case saved "${key}"`)
  }
  return context.state.get(key) || null
}

function absolute(url: string, request: RequestDef): string {
  try {
    return new URL(url).href
  } catch {
    throw new RequestBuildError(
      `${request.element} should go to ${JSON.stringify(redactQuery(url))} (from ${request.overrideUrl}), which is not an absolute URL`,
    )
  }
}

/**
 * Target names as the validator writes them: PutRelativeFile and the CreateChild* requests pass the UTF-7 text
 * through HttpUtility.UrlEncode and back, which turns spaces into '+'; RenameFile/RenameContainer use plain UTF-7.
 */
function targetName(name: string): string {
  return encodeUtf7DotNet(name).replace(/ /g, '+')
}

function operationHeaders(request: RequestDef, context: BuildContext): [string, string][] {
  const headers: [string, string][] = []
  const add = (name: string, value: string | null | undefined) => headers.push([name, value ?? ''])
  const modeHeaders = (name: string, overwrite: boolean) => {
    const encoded = targetName(name)
    if (request.putRelativeFileMode === 'Suggested') add('X-WOPI-SuggestedTarget', encoded)
    else if (request.putRelativeFileMode === 'ExactName') {
      add('X-WOPI-RelativeTarget', encoded)
      if (overwrite && request.overwriteRelative !== null)
        add('X-WOPI-OverwriteRelativeTarget', request.overwriteRelative ? 'True' : 'False')
    } else {
      add('X-WOPI-SuggestedTarget', encoded)
      add('X-WOPI-RelativeTarget', encoded)
    }
  }
  switch (request.kind) {
    case 'GetFile':
      // GetFile reads NewLock, not Lock: <GetFile Lock="…"/> sends no X-WOPI-Lock in the reference
      if (request.newLock) add('X-WOPI-Lock', request.newLock)
      break
    case 'PutFile':
      if (request.lock) add('X-WOPI-Lock', request.lock)
      break
    case 'Lock':
      add('X-WOPI-Lock', request.lock)
      if (request.lockUserVisible !== null) add('X-WOPI-LockUserVisible', request.lockUserVisible ? 'True' : 'False')
      break
    case 'Unlock':
    case 'RefreshLock':
      add('X-WOPI-Lock', request.lock)
      break
    case 'UnlockAndRelock':
      add('X-WOPI-Lock', request.newLock)
      add('X-WOPI-OldLock', request.oldLock)
      break
    case 'PutRelativeFile':
      add('X-WOPI-Size', String(context.resourceContent(request.resourceId ?? '').length))
      modeHeaders(request.requestedName ?? '', true)
      break
    case 'CreateChildFile':
      modeHeaders(request.requestedName ?? '', true)
      break
    case 'CreateChildContainer':
      modeHeaders(request.folderName ?? '', false)
      break
    case 'RenameFile':
      // the reference always sends these three, empty when the attribute is absent
      add('X-WOPI-RequestedName', encodeUtf7DotNet(request.requestedName ?? ''))
      add('X-WOPI-Lock', request.lock)
      add('X-WOPI-CoauthLockId', request.coauthLockId)
      break
    case 'RenameContainer':
      add('X-WOPI-RequestedName', encodeUtf7DotNet(request.requestedName ?? ''))
      break
    case 'GetShareUrl':
      add('X-WOPI-UrlType', request.urlType)
      break
    case 'EnumerateChildren':
      if (request.fileExtensionFilterList) add('X-WOPI-FileExtensionFilterList', request.fileExtensionFilterList)
      break
    case 'GetNewAccessToken':
      add('X-WOPI-WopiSrc', context.state.get('OriginalWopiSrc') ?? context.wopiSrc)
      break
    case 'GetCoauthLock':
    case 'RefreshCoauthLock':
      if (request.kind === 'GetCoauthLock' && request.coauthLockType !== null) add('X-WOPI-CoauthLockType', request.coauthLockType)
      if (request.coauthLockMetadataAsBody === null && request.coauthLockMetadata !== null)
        add('X-WOPI-CoauthLockMetadata', request.coauthLockMetadata)
      if (request.coauthLockId !== null) add('X-WOPI-CoauthLockId', request.coauthLockId)
      if (request.coauthLockExpirationTimeout !== null)
        add('X-WOPI-CoauthLockExpirationTimeout', String(request.coauthLockExpirationTimeout))
      break
    case 'UnlockCoauthLock':
      if (request.coauthLockId !== null) add('X-WOPI-CoauthLockId', request.coauthLockId)
      break
    case 'GetCoauthTable': {
      const fromState = request.coauthTableVersionStateKey?.trim() ? context.state.get(request.coauthTableVersionStateKey) : undefined
      add(
        'X-WOPI-CoauthTableVersion',
        (fromState ?? request.coauthTableVersion ?? '').trim() ? (fromState ?? request.coauthTableVersion) : '',
      )
      break
    }
    default:
      break
  }
  return headers
}

function requestBody(request: RequestDef, context: BuildContext, method: 'GET' | 'POST'): Uint8Array | null {
  switch (request.kind) {
    case 'PutFile':
    case 'PutRelativeFile':
      return context.resourceContent(request.resourceId ?? '')
    case 'PutUserInfo':
    case 'AddActivities':
      return Buffer.from(request.requestBody ?? '', 'utf8')
    case 'GetCoauthLock':
    case 'RefreshCoauthLock':
      if (request.coauthLockMetadataAsBody !== null)
        return Buffer.from(JSON.stringify({ CoauthLockMetadata: request.coauthLockMetadataAsBody }), 'utf8')
      return new Uint8Array(0)
    default:
      // the reference sends Content-Length: 0 on every bodiless POST
      return method === 'POST' ? new Uint8Array(0) : null
  }
}

/** Replaces access_token values in any URL-ish text. */
export function redactQuery(text: string): string {
  return text.replace(/([?&]access_token=)[^&#\s"']*/gi, '$1***')
}
