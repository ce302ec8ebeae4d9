import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import utf7 from 'utf7'
import { verifyProofEitherTokenForm, type ProofKeySet } from '../wopi/proof-keys'

// The one fake WOPI host of the tests (issue 11): an in-memory host on 127.0.0.1 port 0 for everything that
// plays a WOPI client against a host that is not ours — the built-in editor, the client emulators, the
// conformance runner, the host checks. It follows the spec by default: the lock table of 4.2, PutFile rules of
// 3.2 with Collabora's X-COOL/X-LOOL-WOPI-Timestamp check (12.1), PutRelativeFile suggested/specific modes (5.x),
// RenameFile (6.1), DeleteFile, GetLock, PutUserInfo, proof keys (9.5) when it has some; and it can be told to
// misbehave the ways real hosts do. It records every request, so tests assert exactly what a client sent.
// Not product code: the real host lives in electron/core/wopi.

export interface FakeFile {
  id: string
  name: string
  bytes: Buffer
  version: number
  lastModified: string
  lock: { id: string; expires: number } | null
  /** extra or overriding CheckFileInfo properties; `undefined` removes one */
  info: Record<string, unknown>
}

export interface RecordedRequest {
  method: string
  /** path without the query (no token) */
  path: string
  query: URLSearchParams
  operation: string
  headers: Record<string, string>
  body: Buffer
  /** the full URL as the host reconstructs it (contains the token: tests only) */
  url: string
  /** null when no proof keys are configured */
  proof: { ok: boolean; via?: string; reason?: string } | null
  status: number
}

/** Ways real hosts get WOPI wrong; each is off by default. */
export interface Misbehaviour {
  /** merged into the first document's CheckFileInfo; `undefined` removes a property */
  checkFileInfo?: Record<string, unknown>
  /** the first document's CheckFileInfo answers this status */
  checkFileInfoStatus?: number
  /** the first document's CheckFileInfo answers 200 with an HTML sign-in page */
  checkFileInfoHtml?: boolean
  /** CheckFileInfo sends Size as a JSON string */
  sizeAsString?: boolean
  /** conflicts (external change, lock mismatch) answer 409 with an empty body */
  conflictWithoutStatusCode?: boolean
  /** PutFile 200 with an empty body */
  putFileWithoutJson?: boolean
  /** PutFile keeps the same version */
  staticVersion?: boolean
  /** PutFile ignores X-COOL/X-LOOL-WOPI-Timestamp */
  ignoreTimestamp?: boolean
  /** PutFile without X-WOPI-Lock on a locked file answers 409 without X-WOPI-Lock (seen in a third-party host) */
  putConflictWithoutLockHeader?: boolean
  /** LOCK always answers 409 with X-WOPI-Lock "someone-else" */
  refuseLock?: boolean
  /** Lock/Unlock/RefreshLock/UnlockAndRelock answer 200 whatever the lock id */
  lockIgnoresMismatch?: boolean
  /** REFRESH_LOCK answers 501 */
  noRefreshLock?: boolean
  /** GetLock answers a lock id that is not the current one */
  getLockWrongValue?: boolean
  /** GetLock on an unlocked file answers 404 (seen in a third-party host) */
  getLockUnlocked404?: boolean
  /** UnlockAndRelock on an unlocked file answers 200 and locks it (seen in a third-party host) */
  relockUnlockedFile?: boolean
  /** RenameFile 200 with `{}` */
  renameWithoutName?: boolean
  /** LastModifiedTime with milliseconds (".534Z") instead of microseconds, compared as a string (issue 18's host) */
  millisecondTimes?: boolean
  /** PutRelativeFile answers without HostEditUrl and HostViewUrl (optional in the spec; many hosts leave them out) */
  putRelativeWithoutHostUrls?: boolean
  /** every PutRelativeFile answers 501 with this text body */
  putRelativeRefusal?: string
}

export interface FakeDocument {
  id?: string
  name?: string
  content?: Buffer | string
  /** the token that opens it (read and write) */
  token?: string
  info?: Record<string, unknown>
}

export interface FakeWopiHostOptions {
  /** lock expiry and proof timestamps */
  now?: () => number
  /** the first document, always there: what single-document tests call host.wopiSrc, host.token, host.file() */
  document?: FakeDocument
  /** CheckFileInfo PostMessageOrigin + ClosePostMessage; `'self'` = this host's own origin (the default, without ClosePostMessage) */
  postMessageOrigin?: string
  /** every request must carry proofs verifiable with these keys (500 otherwise); see also trustEditor() */
  proofKeys?: ProofKeySet
  misbehave?: Misbehaviour
  /** never answer requests (a host that hangs); they are not recorded either */
  silent?: boolean
  /** answers requests outside /wopi (a host page, like the real WOPI listener serves); false = 404 */
  otherRoutes?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean
}

export interface FakeWopiHost {
  origin: string
  /** WOPISrc of the first document */
  wopiSrc: string
  /** access token of the first document */
  token: string
  srcOf(fileId: string): string
  files: ReadonlyMap<string, FakeFile>
  addFile(name: string, content: Buffer | string, info?: Record<string, unknown>): FakeFile
  /** a file by id; the first document without one */
  file(fileId?: string): FakeFile
  fileByName(name: string): FakeFile | undefined
  /** names of the files PutRelativeFile created that still exist */
  createdFiles(): string[]
  issueToken(fileId: string, write?: boolean, token?: string): string
  /** an edit on disk behind the editor's back: new bytes, new version, new LastModifiedTime */
  externalWrite(fileId: string, content: Buffer | string): void
  /** fetches the editor's discovery and verifies proofs from then on */
  trustEditor(discoveryUrl: string): Promise<void>
  requests: RecordedRequest[]
  /** X-WOPI-LockFailureReason sent with lock conflicts */
  lockFailureReason: string | null
  /** answer the next request for this operation with this status (once) */
  failNext(operation: string, status: number, headers?: Record<string, string>): void
  close(): Promise<void>
}

const LOCK_MS = 30 * 60 * 1000
// LastModifiedTime of the first document is 10:00:01.534 on this day, and each change one second later:
// fixed, so tests can name the exact text an editor must echo.
const TIME_ORIGIN = Date.UTC(2025, 2, 1, 10, 0, 0)
const OPERATIONS: Record<string, string> = {
  LOCK: 'Lock',
  REFRESH_LOCK: 'RefreshLock',
  UNLOCK: 'Unlock',
  GET_LOCK: 'GetLock',
  PUT_RELATIVE: 'PutRelativeFile',
  RENAME_FILE: 'RenameFile',
  DELETE: 'DeleteFile',
  PUT_USER_INFO: 'PutUserInfo',
}

export async function startFakeWopiHost(options: FakeWopiHostOptions = {}): Promise<FakeWopiHost> {
  const now = options.now ?? (() => Date.now())
  const misbehave = options.misbehave ?? {}
  const files = new Map<string, FakeFile>()
  const tokens = new Map<string, { fileId: string; write: boolean }>()
  const created = new Set<string>()
  const requests: RecordedRequest[] = []
  const injected: Array<{ operation: string; status: number; headers: Record<string, string> }> = []
  let keys: ProofKeySet | null = options.proofKeys ?? null
  let userInfo = ''
  let counter = 0
  let copies = 0
  let tick = 0
  let origin = ''

  const stamp = () => {
    const iso = new Date(TIME_ORIGIN + ++tick * 1000 + 534).toISOString()
    // Six fraction digits by default: the form every client echoes back unchanged.
    return misbehave.millisecondTimes ? iso : iso.replace('Z', '000Z')
  }

  function addFile(name: string, content: Buffer | string, info: Record<string, unknown> = {}, id?: string): FakeFile {
    const file: FakeFile = {
      id: id ?? `f${++counter}x${Math.random().toString(36).slice(2, 8)}`,
      name,
      bytes: Buffer.from(content),
      version: 1,
      lastModified: stamp(),
      lock: null,
      info,
    }
    files.set(file.id, file)
    return file
  }

  function issueToken(fileId: string, write = true, token?: string): string {
    const issued = token ?? `tok_${fileId}_${Math.random().toString(36).slice(2)}${write ? 'w' : 'r'}`
    tokens.set(issued, { fileId, write })
    return issued
  }

  const main = addFile(
    options.document?.name ?? 'Report 2025.docx',
    options.document?.content ?? 'PK\x03\x04 original document',
    options.document?.info ?? {},
    options.document?.id ?? 'doc-1',
  )
  const mainToken = issueToken(main.id, true, options.document?.token ?? 'tok-main-0123456789abcdef')

  function currentLock(file: FakeFile): string | null {
    if (file.lock && file.lock.expires <= now()) file.lock = null
    return file.lock?.id ?? null
  }

  function write(file: FakeFile, bytes: Buffer): void {
    file.bytes = bytes
    if (!misbehave.staticVersion) file.version++
    file.lastModified = stamp()
  }

  function uniqueName(wanted: string, except?: FakeFile): string {
    const taken = new Set([...files.values()].filter((f) => f !== except).map((f) => f.name.toLowerCase()))
    if (!taken.has(wanted.toLowerCase())) return wanted
    const ext = extname(wanted)
    const stem = wanted.slice(0, wanted.length - ext.length)
    for (let i = 1; ; i++) {
      const candidate = `${stem} (${i})${ext}`
      if (!taken.has(candidate.toLowerCase())) return candidate
    }
  }

  function createCopy(name: string, body: Buffer): { file: FakeFile; token: string } {
    const file = addFile(name, body, {}, `copy-${++copies}`)
    created.add(file.id)
    return { file, token: issueToken(file.id, true, `tok-copy-${copies}-secret`) }
  }

  function checkFileInfo(file: FakeFile, write: boolean): Record<string, unknown> {
    const ext = extname(file.name)
    const info: Record<string, unknown> = {
      BaseFileName: file.name,
      FileExtension: ext || undefined,
      OwnerId: 'owner-1',
      UserId: 'u1',
      UserFriendlyName: 'Alex Example',
      Size: misbehave.sizeAsString ? String(file.bytes.length) : file.bytes.length,
      Version: String(file.version),
      LastModifiedTime: file.lastModified,
      UserCanWrite: write,
      UserCanRename: write,
      UserCanNotWriteRelative: !write,
      SupportsLocks: true,
      SupportsGetLock: true,
      SupportsExtendedLockLength: true,
      SupportsUpdate: true,
      SupportsRename: true,
      SupportsDeleteFile: true,
      SupportsUserInfo: true,
      FileNameMaxLength: 250,
      ...(userInfo ? { UserInfo: userInfo } : {}),
      ...(options.postMessageOrigin
        ? { PostMessageOrigin: options.postMessageOrigin === "'self'" ? origin : options.postMessageOrigin, ClosePostMessage: true }
        : { PostMessageOrigin: origin }),
      ...file.info,
      ...(file === main ? misbehave.checkFileInfo : {}),
    }
    for (const key of Object.keys(info)) if (info[key] === undefined) delete info[key]
    return info
  }

  const server = createServer((req, res) => {
    if (options.silent) return
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'X-WOPI-ServerError': (error as Error).message })
      res.end()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin)
    if (!url.pathname.startsWith('/wopi/') && options.otherRoutes?.(req, res, url)) return
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
    const override = (headers['x-wopi-override'] ?? '').toUpperCase()
    const match = /^\/wopi\/files\/([^/]+)(\/contents)?$/.exec(url.pathname)
    const operation = !match
      ? 'unknown'
      : match[2]
        ? req.method === 'GET'
          ? 'GetFile'
          : 'PutFile'
        : req.method === 'GET'
          ? 'CheckFileInfo'
          : override === 'LOCK' && headers['x-wopi-oldlock'] !== undefined
            ? 'UnlockAndRelock'
            : (OPERATIONS[override] ?? `POST ${override}`)
    const token = url.searchParams.get('access_token') ?? ''
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      operation,
      headers,
      body,
      url: url.href,
      proof: null,
      status: 0,
    }
    requests.push(record)

    const reply = (status: number, extra: Record<string, string> = {}, json?: unknown, raw?: Buffer, type?: string) => {
      record.status = status
      const payload = raw ?? (json === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(json)))
      const contentType = type ?? (json !== undefined ? 'application/json' : undefined)
      res.writeHead(status, { ...(contentType ? { 'Content-Type': contentType } : {}), 'Content-Length': String(payload.length), ...extra })
      res.end(payload)
    }
    const text = (status: number, message: string, type = 'text/plain') => reply(status, {}, undefined, Buffer.from(message), type)

    if (!match) return reply(404)
    if (keys) {
      // Spec 9.5: verify against the URL as called, byte for byte (this fake host sits on loopback, no proxy).
      const outcome = verifyProofEitherTokenForm(
        keys,
        {
          accessToken: token,
          url: origin + (req.url ?? ''),
          timestamp: headers['x-wopi-timestamp'],
          proof: headers['x-wopi-proof'],
          proofOld: headers['x-wopi-proofold'],
        },
        undefined,
        now(),
      )
      record.proof = outcome.ok ? { ok: true, via: outcome.via } : { ok: false, reason: outcome.reason }
      if (!outcome.ok) return reply(500, { 'X-WOPI-ServerError': `proof: ${outcome.reason}` })
    }
    const grant = tokens.get(token)
    if (!grant || grant.fileId !== match[1]) return reply(401)
    const file = files.get(match[1]!)
    if (!file) return reply(404)
    const forced = injected.findIndex((entry) => entry.operation === operation)
    if (forced >= 0) {
      const [entry] = injected.splice(forced, 1)
      return reply(entry!.status, entry!.headers)
    }
    const lockHeader = headers['x-wopi-lock']
    const itemVersion = () => ({ 'X-WOPI-ItemVersion': String(file.version) })
    const conflict = (extra: Record<string, string>, json?: unknown) =>
      reply(409, extra, misbehave.conflictWithoutStatusCode ? undefined : json)
    const lockConflict = (current: string | null) =>
      conflict({
        'X-WOPI-Lock': current ?? '',
        ...(current && host.lockFailureReason ? { 'X-WOPI-LockFailureReason': host.lockFailureReason } : {}),
      })

    switch (operation) {
      case 'CheckFileInfo':
        if (file === main && misbehave.checkFileInfoStatus) return reply(misbehave.checkFileInfoStatus)
        if (file === main && misbehave.checkFileInfoHtml) return text(200, '<html><body>Please sign in</body></html>', 'text/html')
        return reply(200, {}, checkFileInfo(file, grant.write))
      case 'GetFile': {
        const max = Number(headers['x-wopi-maxexpectedsize'] ?? '2147483647')
        if (file.bytes.length > max) return reply(412)
        return reply(200, { ...itemVersion(), 'Content-Type': 'application/octet-stream' }, undefined, file.bytes)
      }
      case 'Lock':
      case 'RefreshLock':
      case 'Unlock':
      case 'UnlockAndRelock': {
        if (operation === 'Lock' && misbehave.refuseLock)
          return reply(409, { 'X-WOPI-Lock': 'someone-else', 'X-WOPI-LockFailureReason': 'locked by another session' })
        if (operation === 'RefreshLock' && misbehave.noRefreshLock) return reply(501)
        if (!lockHeader) return reply(400)
        const current = currentLock(file)
        const relock = () => {
          file.lock = { id: lockHeader, expires: now() + LOCK_MS }
          return reply(200, itemVersion())
        }
        if (misbehave.lockIgnoresMismatch) {
          if (operation === 'Unlock') file.lock = null
          else file.lock = { id: lockHeader, expires: now() + LOCK_MS }
          return reply(200, itemVersion())
        }
        if (operation === 'UnlockAndRelock' && current === null && misbehave.relockUnlockedFile) return relock()
        if (operation === 'Lock' && current === null) return relock()
        const compareWith = operation === 'UnlockAndRelock' ? headers['x-wopi-oldlock'] : lockHeader
        if (current === null || current !== compareWith) return lockConflict(current)
        if (operation === 'Unlock') {
          file.lock = null
          return reply(200, itemVersion())
        }
        return relock()
      }
      case 'GetLock': {
        const current = currentLock(file)
        if (current === null && misbehave.getLockUnlocked404) return reply(404)
        return reply(200, { 'X-WOPI-Lock': misbehave.getLockWrongValue && current ? `${current}-other` : (current ?? '') })
      }
      case 'PutFile': {
        if (!grant.write) return reply(401)
        const current = currentLock(file)
        // A host that says it has no locks (SupportsLocks false) cannot ask for one.
        const locking = checkFileInfo(file, grant.write)['SupportsLocks'] !== false
        if (locking && (current !== null ? current !== lockHeader : file.bytes.length > 0)) {
          if (misbehave.putConflictWithoutLockHeader && lockHeader === undefined) return reply(409)
          return lockConflict(current)
        }
        const timestamp = headers['x-cool-wopi-timestamp'] ?? headers['x-lool-wopi-timestamp']
        if (timestamp && timestamp !== file.lastModified && !misbehave.ignoreTimestamp) return conflict({}, { COOLStatusCode: 1010 })
        write(file, body)
        return misbehave.putFileWithoutJson ? reply(200, itemVersion()) : reply(200, itemVersion(), { LastModifiedTime: file.lastModified })
      }
      case 'PutRelativeFile': {
        if (misbehave.putRelativeRefusal !== undefined) return text(501, misbehave.putRelativeRefusal)
        if (!grant.write) return reply(401)
        const suggested = headers['x-wopi-suggestedtarget']
        const relative = headers['x-wopi-relativetarget']
        if (Boolean(suggested) === Boolean(relative)) return reply(400)
        let name: string
        if (suggested) {
          const decoded = utf7.decode(suggested)
          name = uniqueName(decoded.startsWith('.') ? file.name.replace(/\.[^.]*$/, '') + decoded : decoded)
        } else {
          name = utf7.decode(relative!)
          const existing = [...files.values()].find((f) => f.name.toLowerCase() === name.toLowerCase())
          if (existing) {
            const overwrite = (headers['x-wopi-overwriterelativetarget'] ?? '').toLowerCase() === 'true'
            if (!overwrite) return reply(409, { 'X-WOPI-ValidRelativeTarget': utf7.encode(uniqueName(name)) })
            const targetLock = currentLock(existing)
            if (targetLock) return reply(409, { 'X-WOPI-Lock': targetLock })
            write(existing, body)
            const newToken = issueToken(existing.id, true)
            return reply(200, {}, { Name: existing.name, Url: `${host.srcOf(existing.id)}?access_token=${newToken}` })
          }
        }
        const copy = createCopy(name, body)
        return reply(
          200,
          {},
          {
            Name: copy.file.name,
            Url: `${host.srcOf(copy.file.id)}?access_token=${copy.token}`,
            ...(misbehave.putRelativeWithoutHostUrls
              ? {}
              : { HostEditUrl: `${origin}/edit/${copy.file.id}`, HostViewUrl: `${origin}/view/${copy.file.id}` }),
            LastModifiedTime: copy.file.lastModified,
          },
        )
      }
      case 'RenameFile': {
        if (!grant.write) return reply(401)
        const current = currentLock(file)
        if (current !== null && current !== lockHeader) return lockConflict(current)
        const requested = utf7.decode(headers['x-wopi-requestedname'] ?? '')
        if (!requested || /[\\/]/.test(requested)) return reply(400, { 'X-WOPI-InvalidFileNameError': 'illegal name' })
        const ext = extname(file.name)
        file.name = uniqueName(requested + ext, file)
        return reply(200, {}, misbehave.renameWithoutName ? {} : { Name: file.name.slice(0, file.name.length - ext.length) })
      }
      case 'DeleteFile': {
        const current = currentLock(file)
        if (current !== null) return lockConflict(current)
        files.delete(file.id)
        created.delete(file.id)
        return reply(200)
      }
      case 'PutUserInfo':
        userInfo = body.toString('utf8')
        return reply(200)
      default:
        return reply(501)
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const host: FakeWopiHost = {
    origin,
    wopiSrc: `${origin}/wopi/files/${main.id}`,
    token: mainToken,
    srcOf: (fileId) => `${origin}/wopi/files/${fileId}`,
    files,
    addFile: (name, content, info) => addFile(name, content, info),
    file(fileId = main.id) {
      const file = files.get(fileId)
      if (!file) throw new Error(`no file ${fileId}`)
      return file
    },
    fileByName: (name) => [...files.values()].find((f) => f.name === name),
    createdFiles: () => [...created].map((id) => files.get(id)!.name),
    issueToken,
    externalWrite(fileId, content) {
      write(host.file(fileId), Buffer.from(content))
    },
    async trustEditor(discoveryUrl) {
      const xml = await (await fetch(discoveryUrl)).text()
      const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
        'wopi-discovery': { 'proof-key': Record<string, string> }
      }
      const key = parsed['wopi-discovery']['proof-key']
      keys = {
        current: { modulus: key['modulus'], exponent: key['exponent'], value: key['value'] },
        ...(key['oldmodulus'] ? { old: { modulus: key['oldmodulus'], exponent: key['oldexponent'], value: key['oldvalue'] } } : {}),
      }
    },
    requests,
    lockFailureReason: null,
    failNext(operation, status, headers = {}) {
      injected.push({ operation, status, headers })
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
  return host
}

export interface ValidatorTargetOptions {
  token: string
  bugs?: Misbehaviour
  proofKeys?: ProofKeySet
  /** advertise UserCanNotWriteRelative (PutRelativeFile still answers as without relativeFiles) */
  noWriteRelative?: boolean
  /** PutRelativeFile creates files that answer CheckFileInfo and DeleteFile; else it answers 501 */
  relativeFiles?: boolean
  silent?: boolean
  now?: () => number
}

/**
 * The host the conformance runner's tests point the WOPI validator at: one empty "test.wopitest", advertising
 * only what decides which validator cases run (no rename, no PostMessageOrigin; DeleteFile with relativeFiles),
 * and no host URLs from PutRelativeFile (so the IncludeHostUrls case fails and leaves its file to the cleanup).
 */
export function validatorTarget(options: ValidatorTargetOptions): FakeWopiHostOptions {
  return {
    ...(options.now ? { now: options.now } : {}),
    ...(options.proofKeys ? { proofKeys: options.proofKeys } : {}),
    ...(options.silent ? { silent: true } : {}),
    document: {
      id: 'test',
      name: 'test.wopitest',
      content: '',
      token: options.token,
      info: {
        OwnerId: 'owner',
        UserId: 'user',
        UserFriendlyName: undefined,
        LastModifiedTime: undefined,
        UserCanRename: undefined,
        SupportsRename: undefined,
        SupportsDeleteFile: options.relativeFiles ? true : undefined,
        FileNameMaxLength: undefined,
        PostMessageOrigin: undefined,
        UserCanNotWriteRelative: options.noWriteRelative === true,
      },
    },
    misbehave: {
      putRelativeWithoutHostUrls: true,
      ...options.bugs,
      ...(options.relativeFiles ? {} : { putRelativeRefusal: 'PutRelativeFile is not supported by this host' }),
    },
  }
}
