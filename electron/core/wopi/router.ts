import type { IncomingMessage, ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { DB_FILE_NAME, isDatabaseBusy } from '../db/open-db'
import type { RequestRecord } from '../db/request-log-repo'
import type { TokenRow } from '../db/token-repo'
import { SizeLimitError } from '../files/atomic-write'
import { closeFd, FileGoneError } from '../files/file-store'
import { sendFile, ShortReadError } from '../files/send-file'
import { PathError } from '../files/path-confinement'
import { ReadOnlyFileError } from '../files/read-only'
import { checkFileInfo } from './check-file-info'
import { detectClient } from './client-detect'
import { captureHeaders } from './traffic-view'
import { deleteFile } from './delete-file'
import { getFile } from './get-file'
import { getLock } from './get-lock'
import { hostPausedError } from './host-paused'
import { lock } from './lock'
import type { ProofGate } from './proof-gate'
import { putFile } from './put-file'
import { putRelativeFile } from './put-relative-file'
import { putUserInfo } from './put-user-info'
import { refreshLock } from './refresh-lock'
import { renameFile } from './rename-file'
import { describeStorageError } from './storage-errors'
import { describeTokenProblem } from './tokens'
import type { TrafficLog } from './traffic-log'
import { unlock } from './unlock'
import { unlockAndRelock } from './unlock-and-relock'
import {
  baseName,
  headerText,
  readOnlyConflict,
  type CallNotes,
  type WopiCall,
  type WopiOperation,
  type WopiResult,
  type WopiServices,
} from './wopi-call'
import { WopiError, isWopiError } from './wopi-error'

interface OperationSpec {
  name: string
  run: WopiOperation | null // null: not supported (501 after the token and file checks)
  /** spec 1.3 step 6: a read-only token gets 401 */
  needsWrite: boolean
  /** lock and write operations are serialised per file id */
  exclusive: boolean
}

const op = (name: string, run: WopiOperation | null, needsWrite = false, exclusive = false): OperationSpec => ({
  name,
  run,
  needsWrite,
  exclusive,
})

const CHECK_FILE_INFO = op('CheckFileInfo', checkFileInfo)
const GET_FILE = op('GetFile', getFile)
const PUT_FILE = op('PutFile', putFile, true, true)
const LOCK = op('Lock', lock, true, true)
const UNLOCK_AND_RELOCK = op('UnlockAndRelock', unlockAndRelock, true, true)
const REFRESH_LOCK = op('RefreshLock', refreshLock, true, true)
const UNLOCK = op('Unlock', unlock, true, true)
const GET_LOCK = op('GetLock', getLock)
// PutRelativeFile takes its own mutexes (target file, namespace) and answers 501 to read-only tokens itself.
const PUT_RELATIVE = op('PutRelativeFile', putRelativeFile)
const RENAME_FILE = op('RenameFile', renameFile, true, true)
const DELETE_FILE = op('DeleteFile', deleteFile, true, true)
const PUT_USER_INFO = op('PutUserInfo', putUserInfo)
const GET_SHARE_URL = op('GetShareUrl', null)
const ENUMERATE_ANCESTORS = op('EnumerateAncestors', null)
const GET_ECOSYSTEM = op('GetEcosystem', null)

const FILES_PATH = /^\/wopi\/files\/([^/]+)(?:\/(contents|ancestry|ecosystem_pointer))?$/

/** Dispatch on (method, path, X-WOPI-Override), spec 1.3. Null: not a WOPI route (404). */
export function resolveOperation(
  method: string,
  pathname: string,
  headers: IncomingMessage['headers'],
): { fileId: string; spec: OperationSpec } | null {
  const match = FILES_PATH.exec(pathname)
  if (!match) return null
  const fileId = match[1]!
  const sub = match[2]
  const override = (typeof headers['x-wopi-override'] === 'string' ? headers['x-wopi-override'] : '').trim().toUpperCase()
  if (method === 'GET') {
    if (!sub) return { fileId, spec: CHECK_FILE_INFO }
    if (sub === 'contents') return { fileId, spec: GET_FILE }
    if (sub === 'ancestry') return { fileId, spec: ENUMERATE_ANCESTORS }
    return { fileId, spec: GET_ECOSYSTEM }
  }
  if (method !== 'POST') return null
  if (sub === 'contents') {
    // A PutFile without X-WOPI-Override is accepted: the path already says what it is.
    return { fileId, spec: override === 'PUT' || override === '' ? PUT_FILE : op(`Unsupported(${override})`, null) }
  }
  if (sub) return null
  switch (override) {
    case 'LOCK':
      return { fileId, spec: headers['x-wopi-oldlock'] !== undefined ? UNLOCK_AND_RELOCK : LOCK }
    case 'REFRESH_LOCK':
      return { fileId, spec: REFRESH_LOCK }
    case 'UNLOCK':
      return { fileId, spec: UNLOCK }
    case 'GET_LOCK':
      return { fileId, spec: GET_LOCK }
    case 'PUT_RELATIVE':
      return { fileId, spec: PUT_RELATIVE }
    case 'RENAME_FILE':
      return { fileId, spec: RENAME_FILE }
    case 'DELETE':
      return { fileId, spec: DELETE_FILE }
    case 'PUT_USER_INFO':
      return { fileId, spec: PUT_USER_INFO }
    case 'GET_SHARE_URL':
      return { fileId, spec: GET_SHARE_URL }
    default:
      return { fileId, spec: op(override ? `Unsupported(${override.slice(0, 40)})` : 'Unsupported(no X-WOPI-Override)', null) }
  }
}

/** access_token from the query (authoritative, spec 1.2), else Authorization: Bearer; plus the raw query form. */
export function readAccessToken(req: IncomingMessage, query: string): { token: string | undefined; raw: string | undefined } {
  for (const part of query.split('&')) {
    if (part.startsWith('access_token=')) {
      const raw = part.slice('access_token='.length)
      let token: string
      try {
        token = decodeURIComponent(raw.replace(/\+/g, ' '))
      } catch {
        token = raw
      }
      if (token) return { token, raw }
    }
  }
  const auth = req.headers['authorization']
  const bearer = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null
  return { token: bearer ? bearer[1] : undefined, raw: undefined }
}

/** The request path for the log: access_token (and anything token-like) never reaches storage. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:access_token|token)=)[^&]*/gi, '$1REDACTED')
}

function scrub(text: string, secrets: (string | undefined)[]): string {
  let out = text
  for (const secret of secrets) if (secret && secret.length >= 8) out = out.split(secret).join('REDACTED')
  return out
}

function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

export interface WopiRouterOptions {
  services: WopiServices
  traffic: TrafficLog
  proofGate?: ProofGate
  /** effective public base (publicUrl or the listener's URL): what clients sign in proof keys */
  wopiBase: () => string
  /** true while the host is paused (issue 14): every WOPI request gets 503 + Retry-After, nothing is touched */
  paused?: () => boolean
}

export interface WopiRouter {
  /** false when the request is not under /wopi/ (so other routes on the same listener may take it) */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>
}

const LARGE_UNREAD_BODY = 1024 * 1024
const BUSY_RETRY_AFTER_SECONDS = 2

export function createWopiRouter(options: WopiRouterOptions): WopiRouter {
  const { services, traffic } = options

  function writeResult(req: IncomingMessage, res: ServerResponse, result: WopiResult): Promise<void> | void {
    for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value)
    if (result.json !== undefined) {
      const body = Buffer.from(JSON.stringify(result.json), 'utf8')
      // setHeader rather than writeHead's argument: the traffic log reads the answer's headers back (getHeaders).
      res.setHeader('Content-Type', 'application/json; charset=utf-8')
      res.setHeader('Content-Length', body.length)
      res.writeHead(200)
      res.end(body)
      return
    }
    if (result.file) {
      res.writeHead(200, { 'Content-Length': result.contentLength ?? 0 })
      return sendFile(result.file.fd, result.contentLength ?? 0, res)
    }
    if (result.body) {
      if (result.contentLength !== undefined) res.setHeader('Content-Length', result.contentLength)
      res.writeHead(200)
      return pipeline(result.body, res)
    }
    res.writeHead(200, { 'Content-Length': result.contentLength ?? 0 })
    res.end()
  }

  function writeError(req: IncomingMessage, res: ServerResponse, error: WopiError): void {
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value)
    if (error.status === 500 || error.status === 503) res.setHeader('X-WOPI-ServerError', headerText(error.message))
    // An unread upload that is large is not worth draining: close the connection after answering.
    const declared = Number(req.headers['content-length'] ?? 0)
    if (!req.complete && (declared > LARGE_UNREAD_BODY || req.headers['transfer-encoding'])) res.setHeader('Connection', 'close')
    if (error.body !== undefined) {
      const body = Buffer.from(JSON.stringify(error.body), 'utf8')
      res.setHeader('Content-Type', 'application/json; charset=utf-8')
      res.setHeader('Content-Length', body.length)
      res.writeHead(error.status)
      res.end(body)
    } else {
      res.writeHead(error.status, { 'Content-Length': 0 })
      res.end()
    }
  }

  /** Maps everything an operation can throw to one WOPI answer; never leaks paths or tokens to the client. */
  async function toWopiError(error: unknown, limit: number): Promise<WopiError> {
    if (isWopiError(error)) return error
    if (error instanceof FileGoneError) return new WopiError(404, error.message)
    if (error instanceof ReadOnlyFileError) return readOnlyConflict()
    if (error instanceof PathError) return new WopiError(404, error.message)
    if (error instanceof ShortReadError) return new WopiError(500, 'the file changed on disk while it was being sent; load it again')
    if (error instanceof SizeLimitError) return new WopiError(413, `the file is larger than this host's limit of ${limit} bytes`)
    // Issue 13 item 10: another program holds the database's write lock. Nothing was changed; editors retry a 503.
    if (isDatabaseBusy(error)) {
      return new WopiError(503, `the host's database (${DB_FILE_NAME}) is held by another program; try again in a moment`, {
        'Retry-After': String(BUSY_RETRY_AFTER_SECONDS),
      })
    }
    // Full, read-only or closed to us: which folder's disk, and what to do (issue 13 item 12).
    const storage = await describeStorageError(error, { root: services.files.root || null, dataDir: services.dataDir })
    if (storage) return new WopiError(500, storage)
    const code = (error as NodeJS.ErrnoException | undefined)?.code
    return new WopiError(500, `internal error${code ? ` (${code})` : ''}`)
  }

  return {
    async handle(req, res) {
      const url = req.url ?? '/'
      const queryAt = url.indexOf('?')
      const pathname = queryAt < 0 ? url : url.slice(0, queryAt)
      if (!pathname.startsWith('/wopi/')) return false
      const started = process.hrtime.bigint()
      const ts = services.clock.now()
      const method = req.method ?? 'GET'
      const client = detectClient(req.headers)
      const notes: CallNotes = {}
      let operation = 'Unknown'
      let fileId: string | null = null
      let token: TokenRow | undefined
      let proof: string | null = null
      let failure: WopiError | null = null
      let aborted = false
      let answeredJson: unknown = undefined

      try {
        const route = resolveOperation(method, pathname, req.headers)
        if (!route) throw new WopiError(404, 'unknown WOPI route')
        operation = route.spec.name
        fileId = route.fileId
        // Before the token or the file is looked at: a paused host reads and changes nothing, locks included.
        if (options.paused?.()) throw hostPausedError()

        // Step 2: proof keys. The token is looked up first to learn which app it was issued for; the proof is
        // checked before an invalid token is rejected.
        const presented = readAccessToken(req, queryAt < 0 ? '' : url.slice(queryAt + 1))
        token = services.tokens.find(presented.token)
        if (token?.appId && options.proofGate && presented.token) {
          const result = await options.proofGate.verify({
            appId: token.appId,
            accessToken: presented.token,
            rawAccessToken: presented.raw,
            signedUrl: options.wopiBase() + url,
            headers: req.headers,
          })
          // The gate's reason goes to the log and X-WOPI-ServerError: make sure no form of the token rides along.
          const reason = result.required && !result.ok ? scrub(result.reason, [presented.token, presented.raw]) : ''
          proof = !result.required ? 'none' : result.ok ? result.via : `failed: ${reason}`
          if (result.required && !result.ok) throw new WopiError(500, `proof key check failed: ${reason}`)
        } else {
          proof = 'none'
        }
        // Step 3: token.
        const problem = services.tokens.problem(presented.token, token, route.fileId)
        if (problem && !(problem === 'expired' && finishesClosedSession(req, route, token!, services)))
          throw new WopiError(401, describeTokenProblem(problem))
        // Step 4: file.
        const file = services.files.get(route.fileId)
        if (!file) throw new WopiError(404, 'unknown or deleted file')
        notes.fileName = baseName(file)
        // Step 5: supported operation.
        if (!route.spec.run) throw new WopiError(501, `${route.spec.name} is not supported by this host`)
        // Step 6: rights.
        if (route.spec.needsWrite && !token!.canWrite) throw new WopiError(401, `${route.spec.name} needs a token with write permission`)

        const call: WopiCall = {
          req,
          fileId: route.fileId,
          file,
          token: token!,
          client,
          header: (name) => firstHeader(req, name),
          notes,
        }
        const run = route.spec.run
        const result = route.spec.exclusive
          ? await services.files.withFile(route.fileId, () => run(call, services))
          : await run(call, services)
        answeredJson = result.json
        if (req.destroyed && !req.complete) {
          aborted = true
          result.body?.destroy() // closes the file it was reading
          if (result.file) closeFd(result.file.fd)
        } else {
          await writeResult(req, res, result)
        }
      } catch (error) {
        // The client went away: mid-upload (the save is abandoned, the old bytes stay) or mid-download.
        if (
          !isWopiError(error) &&
          !(error instanceof ShortReadError) &&
          ((req.destroyed && !req.complete) || (res.headersSent && res.destroyed))
        ) {
          aborted = true
          res.destroy()
        } else {
          failure = await toWopiError(error, services.settings().maxFileSizeBytes)
          if (failure.status === 500 && !isWopiError(error))
            services.log.error('WOPI request failed', { operation, fileId, error: (error as Error)?.message })
          if (failure.status === 503 && !options.paused?.())
            services.log.warn('WOPI request deferred: the database is busy', { operation, fileId })
          if (res.headersSent) res.destroy()
          else writeError(req, res, failure)
        }
      }

      const record: Omit<RequestRecord, 'id'> = {
        ts,
        operation,
        method,
        fileId,
        fileName: notes.fileName ?? null,
        userId: token?.userId ?? null,
        sessionId: token?.sessionId ?? null,
        wopiSessionId: firstHeader(req, 'x-wopi-sessionid') ?? null,
        correlationId: firstHeader(req, 'x-wopi-correlationid') ?? null,
        client,
        status: aborted ? 499 : (failure?.status ?? 200),
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        lockId: notes.lockId ?? firstHeader(req, 'x-wopi-lock') ?? null,
        oldLockId: notes.oldLockId ?? firstHeader(req, 'x-wopi-oldlock') ?? null,
        proof,
        error: aborted ? 'the client closed the connection before the request was complete' : (failure?.message ?? null),
        details: {
          path: redactUrl(url),
          ...(req.headers['user-agent'] ? { userAgent: String(req.headers['user-agent']).slice(0, 200) } : {}),
          ...(req.headers['x-wopi-clientversion'] ? { clientVersion: String(req.headers['x-wopi-clientversion']).slice(0, 100) } : {}),
          ...(req.headers['x-request-id'] ? { requestId: String(req.headers['x-request-id']).slice(0, 100) } : {}),
          ...(notes.details ?? {}),
        },
      }
      const answer = answeredJson !== undefined ? answeredJson : failure?.body
      // For the Activity detail panel: captured here without secrets, formatted only if someone opens it (traffic-view.ts).
      const captured = {
        requestHeaders: captureHeaders(req.headers),
        responseHeaders: captureHeaders(res.getHeaders()),
        ...(answer !== undefined ? { answer } : {}),
      }
      traffic.record(record, captured)
      return true
    },
  }
}

/**
 * A closed session's editor finishing up (tokens.windingDown): its exit save and its unlock, under the lock it
 * holds. Anything else with that token, or without the current lock id, is refused as expired.
 */
function finishesClosedSession(
  req: IncomingMessage,
  route: { fileId: string; spec: OperationSpec },
  token: TokenRow,
  services: WopiServices,
): boolean {
  if (route.spec.name !== 'PutFile' && route.spec.name !== 'Unlock') return false
  if (token.fileId !== route.fileId || !services.tokens.windingDown(token)) return false
  const held = services.locks.current(route.fileId)
  return held !== undefined && held !== null && firstHeader(req, 'x-wopi-lock') === held.lockId
}
