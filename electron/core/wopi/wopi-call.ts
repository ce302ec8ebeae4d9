import type { IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import type { FileRow } from '../db/file-repo'
import type { TokenRow } from '../db/token-repo'
import type { Clock, Log } from '../deps'
import type { DesktopLock } from '../files/desktop-locks'
import { describeDesktopLock } from '../files/desktop-locks'
import type { FileStore } from '../files/file-store'
import { BodyTooLargeError, readBoundedBody } from '../read-bounded-body'
import type { DeskSettings } from '../settings/settings'
import type { HostUrlsProvider } from './host-urls'
import type { LockService } from './locks'
import type { TokenService } from './tokens'
import type { UserInfoStore } from './user-info'
import { WopiError } from './wopi-error'
import type { ConflictMemory } from './conflict-memory'

/** What every WOPI operation may use; built once by the composition root. */
export interface WopiServices {
  /** the data folder (database, versions, trash): named in answers about its disk */
  dataDir: string
  files: FileStore
  locks: LockService
  tokens: TokenService
  userInfo: UserInfoStore
  settings: () => DeskSettings
  clock: Clock
  log: Log
  /** WOPISrc of a file: effective public base + /wopi/files/{id} */
  wopiSrc(fileId: string): string
  hostUrls?: HostUrlsProvider
  /** saves refused as changed in storage, to recognise the editor's Overwrite (PutFile) */
  conflicts?: ConflictMemory
}

/** Facts an operation adds to its traffic-log entry. */
export interface CallNotes {
  lockId?: string | null
  oldLockId?: string | null
  fileName?: string
  details?: Record<string, unknown>
}

/** One authorised request: the router has checked route, proof, token, file id and rights. */
export interface WopiCall {
  req: IncomingMessage
  fileId: string
  /** the row the router found (step 4); operations that run under the file's mutex must not trust it */
  file: FileRow
  token: TokenRow
  /** who is calling (Collabora, ONLYOFFICE, ...), null when unknown */
  client: string | null
  /** first value of a request header (name in lower case), undefined when absent */
  header(name: string): string | undefined
  notes: CallNotes
}

export interface WopiResult {
  headers?: Record<string, string>
  json?: unknown
  /** streamed body with its exact length */
  body?: Readable
  /** an open file whose first `contentLength` bytes are the body (GetFile); the router closes it */
  file?: { fd: number }
  contentLength?: number
}

export type WopiOperation = (call: WopiCall, services: WopiServices) => Promise<WopiResult>

/** Header values must be Latin-1 for Node; reasons may quote Unicode file names, so escape those characters. */
export function headerText(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, (ch) => encodeURIComponent(ch))
}

/**
 * X-WOPI-LockFailureReason for a lock held under another id: it names the editor that holds it when we know,
 * because editors show this text to the user ("locked by Collabora Online").
 */
export function heldByReason(holder: { client: string | null } | null | undefined): string {
  return holder?.client ? `the file is locked by ${holder.client} under another lock id` : 'the file is locked with another lock id'
}

/** 409 lock mismatch: X-WOPI-Lock always carries the current lock ('' when unlocked), spec 4.1. */
export function lockConflict(current: string, reason: string): WopiError {
  return new WopiError(409, reason, { 'X-WOPI-Lock': current, 'X-WOPI-LockFailureReason': headerText(reason) })
}

/** The file has no write permission on disk: no lock and no save, as a desktop program could not save it either. */
export function readOnlyConflict(): WopiError {
  return lockConflict('', 'the file is read-only on disk (it has no write permission)')
}

/** A desktop program has the file open: a lock we cannot represent, so X-WOPI-Lock is empty. */
export function desktopConflict(lock: DesktopLock): WopiError {
  return lockConflict('', `the file is ${describeDesktopLock(lock)}`)
}

export function itemVersion(row: FileRow): Record<string, string> {
  return { 'X-WOPI-ItemVersion': String(row.version) }
}

export function baseName(row: FileRow): string {
  const index = row.relPath.lastIndexOf('/')
  return index < 0 ? row.relPath : row.relPath.slice(index + 1)
}

/**
 * X-WOPI-Lock for Lock, RefreshLock, Unlock, UnlockAndRelock. Missing or empty: Office probes this way to learn
 * the current lock, so a locked file answers 409 with it; an unlocked one 400 (spec 4.2 [P]). Over 1024
 * characters: 400 (we advertise SupportsExtendedLockLength).
 */
export function requireLockId(call: WopiCall, services: WopiServices, header = 'x-wopi-lock'): string {
  const value = call.header(header)
  if (!value) {
    const current = services.locks.current(call.fileId)
    if (current) throw lockConflict(current.lockId, `${header === 'x-wopi-lock' ? 'X-WOPI-Lock' : header} is missing`)
    throw new WopiError(400, 'X-WOPI-Lock is missing or empty')
  }
  if (value.length > 1024) throw new WopiError(400, `the lock id is ${value.length} characters long; at most 1024 are supported`)
  return value
}

/** Content-Length when the client declared one. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const raw = req.headers['content-length']
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined
  return Number(raw)
}

export function tooLarge(limit: number): WopiError {
  return new WopiError(413, `the file is larger than this host's limit of ${limit} bytes`)
}

/** Reads a small body (PutUserInfo) with a hard cap, as UTF-8 text. */
export async function readSmallBody(req: IncomingMessage, limit: number): Promise<string> {
  try {
    return (await readBoundedBody(req, limit)).toString('utf8')
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new WopiError(400, `the request body is larger than ${limit} bytes`)
    throw error
  }
}
