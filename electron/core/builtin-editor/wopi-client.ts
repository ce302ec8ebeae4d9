import utf7 from 'utf7'
import type { Clock, Log, Random } from '../deps'
import { BodyTooLargeError, readBoundedBody } from '../read-bounded-body'
import { unixMsToTicks } from '../wopi/proof-keys'
import type { ProofKeyStore } from './proof-key-store'
import { wopiCallUrl } from './wopi-src'

// The built-in editor's WOPI client: one function per operation, each sending what a real editor sends
// (Collabora's and ONLYOFFICE's request shapes, clients.md 2.1/2.2) and signing every request with the
// editor's proof key over the exact URL it calls (spec 9.1). Tokens ride in the query string only; they are
// never logged, and neither are proof headers.

export type WopiOperation =
  'CheckFileInfo' | 'GetFile' | 'Lock' | 'RefreshLock' | 'Unlock' | 'UnlockAndRelock' | 'PutFile' | 'PutRelativeFile' | 'RenameFile'

export interface WopiTarget {
  wopiSrc: URL
  token: string
  /** X-WOPI-SessionId: one per editor session, never the page's capability id */
  sessionId: string
}

export type WopiFailureKind = 'http' | 'network' | 'timeout' | 'redirect' | 'too-large' | 'bad-response'

/** A WOPI call that did not succeed: status 0 when no HTTP answer arrived. */
export class WopiCallError extends Error {
  constructor(
    readonly operation: WopiOperation,
    readonly kind: WopiFailureKind,
    readonly status: number,
    readonly headers: Headers,
    readonly body: Buffer,
    readonly correlationId: string,
    message: string,
  ) {
    super(message)
    this.name = 'WopiCallError'
  }

  header(name: string): string | null {
    return this.headers.get(name)
  }

  /** Collabora's "document changed in storage" answer: 409 + {"COOLStatusCode": 1010} (or LOOL). */
  get isDocumentChanged(): boolean {
    if (this.status !== 409) return false
    try {
      const json = JSON.parse(this.body.toString('utf8')) as Record<string, unknown>
      return Number(json['COOLStatusCode']) === 1010 || Number(json['LOOLStatusCode']) === 1010
    } catch {
      return false
    }
  }
}

export interface WopiClientOptions {
  keys: ProofKeyStore
  clock: Clock
  random: Random
  log: Log
  fetchImpl: typeof fetch
  version: string
  /** metadata calls; file transfers get `transferTimeoutMs` */
  timeoutMs?: number
  transferTimeoutMs?: number
}

export interface PutFileOptions {
  lockId: string | null
  /** X-COOL-WOPI-Timestamp: the LastModifiedTime the content is based on; null forces the save */
  timestamp: string | null
  modifiedByUser: boolean
  autosave: boolean
  exitSave: boolean
}

export type RelativeTarget = { suggested: string } | { relative: string; overwrite: boolean }

export interface WopiClient {
  checkFileInfo(target: WopiTarget, sessionContext?: string | null): Promise<Record<string, unknown>>
  /** bytes plus X-WOPI-ItemVersion; 412 / an oversize body -> WopiCallError kind 'too-large' */
  getFile(target: WopiTarget, maxBytes: number): Promise<{ bytes: Buffer; itemVersion: string | null }>
  lock(target: WopiTarget, lockId: string): Promise<void>
  refreshLock(target: WopiTarget, lockId: string): Promise<void>
  unlock(target: WopiTarget, lockId: string): Promise<void>
  unlockAndRelock(target: WopiTarget, oldLockId: string, lockId: string): Promise<void>
  /** resolves to the JSON body's LastModifiedTime, when the host sent one */
  putFile(target: WopiTarget, body: Buffer, options: PutFileOptions): Promise<{ lastModifiedTime: string | null }>
  putRelativeFile(target: WopiTarget, body: Buffer, to: RelativeTarget): Promise<Record<string, unknown>>
  /** `name` without extension; resolves to the JSON `Name` (null when the host sent no body) */
  renameFile(target: WopiTarget, name: string, lockId: string | null): Promise<{ name: string | null }>
}

const JSON_LIMIT = 1024 * 1024

export function createWopiClient(options: WopiClientOptions): WopiClient {
  const { keys, clock, random, log, fetchImpl, version } = options
  const timeoutMs = options.timeoutMs ?? 30_000
  const transferTimeoutMs = options.transferTimeoutMs ?? 120_000

  interface CallSpec {
    operation: WopiOperation
    method: 'GET' | 'POST'
    suffix?: string
    headers?: Record<string, string>
    body?: Buffer
    maxBytes?: number
    transfer?: boolean
  }

  async function call(
    target: WopiTarget,
    spec: CallSpec,
  ): Promise<{ status: number; headers: Headers; body: Buffer; correlationId: string }> {
    const url = wopiCallUrl(target.wopiSrc, target.token, spec.suffix)
    const ticks = unixMsToTicks(clock.now())
    const signature = keys.sign(target.token, url, ticks)
    const correlationId = uuid(random)
    const headers: Record<string, string> = {
      'User-Agent': `WOPI-Desk-Editor/${version}`,
      'X-WOPI-ClientVersion': version,
      'X-WOPI-SessionId': target.sessionId,
      'X-WOPI-CorrelationId': correlationId,
      'X-WOPI-TimeStamp': ticks.toString(),
      'X-WOPI-Proof': signature.proof,
      ...(signature.proofOld ? { 'X-WOPI-ProofOld': signature.proofOld } : {}),
      ...spec.headers,
    }
    const started = clock.now()
    let response: Response
    try {
      response = await fetchImpl(url, {
        method: spec.method,
        headers,
        // POSTs always carry a body, even empty (Collabora: "IIS requires" Content-Length: 0).
        body: spec.method === 'POST' ? (spec.body ?? Buffer.alloc(0)) : undefined,
        // A redirect would be signed for the wrong URL and would carry the token elsewhere: report it instead.
        redirect: 'manual',
        signal: AbortSignal.timeout(spec.transfer ? transferTimeoutMs : timeoutMs),
      })
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError'
      const code = networkCode(error)
      log.warn('built-in editor: WOPI call failed', {
        operation: spec.operation,
        path: target.wopiSrc.pathname,
        correlationId,
        error: code,
      })
      throw new WopiCallError(
        spec.operation,
        timedOut ? 'timeout' : 'network',
        0,
        new Headers(),
        Buffer.alloc(0),
        correlationId,
        timedOut ? `${spec.operation} timed out` : `${spec.operation} could not reach the host (${code})`,
      )
    }
    const limit = spec.maxBytes ?? JSON_LIMIT
    let body: Buffer
    try {
      body = await readBoundedBody(response.body, limit, response.headers.get('content-length'))
    } catch (error) {
      // the connection is not reused for the rest of an answer nobody reads
      await response.body?.cancel().catch(() => {})
      if (error instanceof BodyTooLargeError) {
        throw new WopiCallError(
          spec.operation,
          'too-large',
          response.status,
          response.headers,
          Buffer.alloc(0),
          correlationId,
          `${spec.operation}: the answer is larger than ${limit} bytes`,
        )
      }
      throw new WopiCallError(
        spec.operation,
        'network',
        0,
        response.headers,
        Buffer.alloc(0),
        correlationId,
        `${spec.operation}: the connection broke while reading the answer`,
      )
    }
    log.info('built-in editor: WOPI call', {
      operation: spec.operation,
      status: response.status,
      path: target.wopiSrc.pathname + (spec.suffix ?? ''),
      correlationId,
      ms: clock.now() - started,
    })
    return { status: response.status, headers: response.headers, body, correlationId }
  }

  async function expectOk(target: WopiTarget, spec: CallSpec) {
    const result = await call(target, spec)
    if (result.status >= 200 && result.status < 300) return result
    if (result.status >= 300 && result.status < 400) {
      const location = result.headers.get('location')
      throw new WopiCallError(
        spec.operation,
        'redirect',
        result.status,
        result.headers,
        result.body,
        result.correlationId,
        `${spec.operation} was redirected${location ? ' to ' + redactLocation(location) : ''}`,
      )
    }
    if (spec.operation === 'GetFile' && result.status === 412) {
      throw new WopiCallError(
        spec.operation,
        'too-large',
        412,
        result.headers,
        result.body,
        result.correlationId,
        'GetFile: the file is larger than X-WOPI-MaxExpectedSize',
      )
    }
    throw new WopiCallError(
      spec.operation,
      'http',
      result.status,
      result.headers,
      result.body,
      result.correlationId,
      `${spec.operation} answered ${result.status}`,
    )
  }

  function json(
    operation: WopiOperation,
    result: { status: number; headers: Headers; body: Buffer; correlationId: string },
    allowEmpty: boolean,
  ) {
    const text = result.body.toString('utf8').trim()
    if (!text && allowEmpty) return null
    try {
      const value: unknown = JSON.parse(text)
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
    } catch {
      // fall through
    }
    throw new WopiCallError(
      operation,
      'bad-response',
      result.status,
      result.headers,
      result.body,
      result.correlationId,
      `${operation} did not answer with a JSON object`,
    )
  }

  const lockHeaders = (override: string, lockId: string) => ({ 'X-WOPI-Override': override, 'X-WOPI-Lock': lockId })

  return {
    async checkFileInfo(target, sessionContext) {
      const result = await expectOk(target, {
        operation: 'CheckFileInfo',
        method: 'GET',
        headers: sessionContext ? { 'X-WOPI-SessionContext': sessionContext } : {},
      })
      return json('CheckFileInfo', result, false)!
    },
    async getFile(target, maxBytes) {
      const result = await expectOk(target, {
        operation: 'GetFile',
        method: 'GET',
        suffix: '/contents',
        headers: { 'X-WOPI-MaxExpectedSize': String(maxBytes) },
        maxBytes,
        transfer: true,
      })
      return { bytes: result.body, itemVersion: result.headers.get('x-wopi-itemversion') }
    },
    async lock(target, lockId) {
      await expectOk(target, { operation: 'Lock', method: 'POST', headers: lockHeaders('LOCK', lockId) })
    },
    async refreshLock(target, lockId) {
      await expectOk(target, { operation: 'RefreshLock', method: 'POST', headers: lockHeaders('REFRESH_LOCK', lockId) })
    },
    async unlock(target, lockId) {
      await expectOk(target, { operation: 'Unlock', method: 'POST', headers: lockHeaders('UNLOCK', lockId) })
    },
    async unlockAndRelock(target, oldLockId, lockId) {
      await expectOk(target, {
        operation: 'UnlockAndRelock',
        method: 'POST',
        headers: { ...lockHeaders('LOCK', lockId), 'X-WOPI-OldLock': oldLockId },
      })
    },
    async putFile(target, body, opts) {
      const headers: Record<string, string> = {
        'X-WOPI-Override': 'PUT',
        'Content-Type': 'application/octet-stream',
        'X-COOL-WOPI-IsModifiedByUser': String(opts.modifiedByUser),
        'X-COOL-WOPI-IsAutosave': String(opts.autosave),
        'X-COOL-WOPI-IsExitSave': String(opts.exitSave),
      }
      if (opts.lockId) headers['X-WOPI-Lock'] = opts.lockId
      if (opts.timestamp) headers['X-COOL-WOPI-Timestamp'] = opts.timestamp
      const result = await expectOk(target, { operation: 'PutFile', method: 'POST', suffix: '/contents', headers, body, transfer: true })
      let parsed: Record<string, unknown> | null = null
      try {
        parsed = json('PutFile', result, true)
      } catch {
        parsed = null // Collabora only warns when the body is not JSON; the save itself succeeded.
      }
      const lastModifiedTime = typeof parsed?.['LastModifiedTime'] === 'string' ? (parsed['LastModifiedTime'] as string) : null
      return { lastModifiedTime }
    },
    async putRelativeFile(target, body, to) {
      const headers: Record<string, string> = {
        'X-WOPI-Override': 'PUT_RELATIVE',
        'Content-Type': 'application/octet-stream',
        'X-WOPI-Size': String(body.length),
      }
      if ('suggested' in to) headers['X-WOPI-SuggestedTarget'] = utf7.encode(to.suggested)
      else {
        headers['X-WOPI-RelativeTarget'] = utf7.encode(to.relative)
        headers['X-WOPI-OverwriteRelativeTarget'] = String(to.overwrite)
      }
      const result = await expectOk(target, { operation: 'PutRelativeFile', method: 'POST', headers, body, transfer: true })
      return json('PutRelativeFile', result, false)!
    },
    async renameFile(target, name, lockId) {
      const headers: Record<string, string> = { 'X-WOPI-Override': 'RENAME_FILE', 'X-WOPI-RequestedName': utf7.encode(name) }
      if (lockId) headers['X-WOPI-Lock'] = lockId
      const result = await expectOk(target, { operation: 'RenameFile', method: 'POST', headers })
      // ONLYOFFICE tolerates an empty answer; so do we (the caller re-reads CheckFileInfo).
      let parsed: Record<string, unknown> | null = null
      try {
        parsed = json('RenameFile', result, true)
      } catch {
        parsed = null
      }
      return { name: typeof parsed?.['Name'] === 'string' ? (parsed['Name'] as string) : null }
    },
  }
}

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause
  if (cause && typeof cause.code === 'string') return cause.code
  if (cause && typeof cause.message === 'string') return cause.message
  return (error as Error).message
}

/** Location headers can carry tokens (login redirects echo the URL): keep origin and path only. */
function redactLocation(location: string): string {
  try {
    const url = new URL(location, 'http://relative.invalid')
    return url.origin === 'http://relative.invalid' ? url.pathname : url.origin + url.pathname
  } catch {
    return '(unparsable URL)'
  }
}

/** RFC 4122 v4 from the injected random source, so correlation ids are reproducible in tests. */
function uuid(random: Random): string {
  const b = random.bytes(16)
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const hex = b.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export { uuid as randomUuid }
