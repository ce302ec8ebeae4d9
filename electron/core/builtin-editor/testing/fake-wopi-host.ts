import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import utf7 from 'utf7'
import { verifyProofEitherTokenForm, type ProofKeySet } from '../../wopi/proof-keys'

// A small, strict WOPI host for the built-in editor's tests (and the scratch visual harness): in-memory files,
// the lock table of spec 4.2, PutFile rules of 3.2 with Collabora's X-COOL-WOPI-Timestamp check (12.1),
// PutRelativeFile suggested/specific modes (5.x) and RenameFile (6.1). It verifies every request's proof
// headers against the editor's published discovery key and records what it saw, so tests can assert the
// exact WOPI requests the editor sends. Not product code: the real host lives in electron/core/wopi.

export interface FakeFile {
  id: string
  name: string
  bytes: Buffer
  version: number
  lastModified: string
  lock: { id: string; expires: number } | null
  /** extra or overriding CheckFileInfo properties */
  info: Record<string, unknown>
}

export interface RecordedRequest {
  method: string
  /** path without the query (no token) */
  path: string
  operation: string
  headers: Record<string, string>
  /** the full URL as the host reconstructs it (contains the token: tests only) */
  url: string
  /** null when no proof keys are configured */
  proof: { ok: boolean; via?: string; reason?: string } | null
  status: number
}

export interface TokenGrant {
  fileId: string
  write: boolean
}

export interface FakeWopiHost {
  origin: string
  wopiSrc(fileId: string): string
  addFile(name: string, content: Buffer | string, info?: Record<string, unknown>): FakeFile
  file(fileId: string): FakeFile
  fileByName(name: string): FakeFile | undefined
  issueToken(fileId: string, write?: boolean): string
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

export interface FakeWopiHostOptions {
  now?: () => number
  /** CheckFileInfo PostMessageOrigin (+ ClosePostMessage); `'self'` = this host's own origin */
  postMessageOrigin?: string
  /** answers requests outside /wopi (a host page, like the real WOPI listener serves); false = 404 */
  otherRoutes?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean
}

export async function startFakeWopiHost(options: FakeWopiHostOptions = {}): Promise<FakeWopiHost> {
  const now = options.now ?? (() => Date.now())
  const files = new Map<string, FakeFile>()
  const tokens = new Map<string, TokenGrant>()
  const requests: RecordedRequest[] = []
  const injected: Array<{ operation: string; status: number; headers: Record<string, string> }> = []
  let keys: ProofKeySet | null = null
  let counter = 0
  let clockTick = 0
  let origin = ''

  const stamp = () => new Date(now() + ++clockTick).toISOString()

  function addFile(name: string, content: Buffer | string, info: Record<string, unknown> = {}): FakeFile {
    const id = `f${++counter}x${Math.random().toString(36).slice(2, 8)}`
    const file: FakeFile = { id, name, bytes: Buffer.from(content), version: 1, lastModified: stamp(), lock: null, info }
    files.set(id, file)
    return file
  }

  function issueToken(fileId: string, write = true): string {
    const token = `tok_${fileId}_${Math.random().toString(36).slice(2)}${write ? 'w' : 'r'}`
    tokens.set(token, { fileId, write })
    return token
  }

  function currentLock(file: FakeFile): string | null {
    if (file.lock && file.lock.expires <= now()) file.lock = null
    return file.lock?.id ?? null
  }

  function write(file: FakeFile, bytes: Buffer): void {
    file.bytes = bytes
    file.version++
    file.lastModified = stamp()
  }

  function uniqueName(wanted: string): string {
    const taken = new Set([...files.values()].map((f) => f.name.toLowerCase()))
    if (!taken.has(wanted.toLowerCase())) return wanted
    const ext = extname(wanted)
    const stem = wanted.slice(0, wanted.length - ext.length)
    for (let i = 1; ; i++) {
      const candidate = `${stem} (${i})${ext}`
      if (!taken.has(candidate.toLowerCase())) return candidate
    }
  }

  const server = createServer((req, res) => {
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
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value
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
            : ({ LOCK: 'Lock', REFRESH_LOCK: 'RefreshLock', UNLOCK: 'Unlock', PUT_RELATIVE: 'PutRelativeFile', RENAME_FILE: 'RenameFile', GET_LOCK: 'GetLock' } as Record<string, string>)[override] ?? `POST ${override}`
    const token = url.searchParams.get('access_token') ?? ''
    const record: RecordedRequest = { method: req.method ?? '', path: url.pathname, operation, headers, url: url.href, proof: null, status: 0 }
    requests.push(record)

    const reply = (status: number, extra: Record<string, string> = {}, json?: unknown, raw?: Buffer) => {
      record.status = status
      const payload = raw ?? (json === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(json)))
      res.writeHead(status, { ...(json !== undefined ? { 'Content-Type': 'application/json' } : {}), 'Content-Length': String(payload.length), ...extra })
      res.end(payload)
    }

    if (!match) return reply(404)
    if (keys) {
      // Spec 9.5: verify against the URL as called, byte for byte (this fake host sits on loopback, no proxy).
      const outcome = verifyProofEitherTokenForm(
        keys,
        { accessToken: token, url: url.href, timestamp: headers['x-wopi-timestamp'], proof: headers['x-wopi-proof'], proofOld: headers['x-wopi-proofold'] },
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
    const lockConflict = (current: string | null) =>
      reply(409, { 'X-WOPI-Lock': current ?? '', ...(current && host.lockFailureReason ? { 'X-WOPI-LockFailureReason': host.lockFailureReason } : {}) })

    switch (operation) {
      case 'CheckFileInfo':
        return reply(200, {}, {
          BaseFileName: file.name,
          FileExtension: extname(file.name),
          OwnerId: 'owner-1',
          UserId: 'user-1',
          UserFriendlyName: 'Alex Example',
          Size: file.bytes.length,
          Version: String(file.version),
          LastModifiedTime: file.lastModified,
          UserCanWrite: grant.write,
          UserCanRename: grant.write,
          UserCanNotWriteRelative: !grant.write,
          SupportsLocks: true,
          SupportsGetLock: true,
          SupportsExtendedLockLength: true,
          SupportsUpdate: true,
          SupportsRename: true,
          ...(options.postMessageOrigin
            ? { PostMessageOrigin: options.postMessageOrigin === "'self'" ? origin : options.postMessageOrigin, ClosePostMessage: true }
            : {}),
          ...file.info,
        })
      case 'GetFile': {
        const max = Number(headers['x-wopi-maxexpectedsize'] ?? '2147483647')
        if (file.bytes.length > max) return reply(412)
        return reply(200, { 'X-WOPI-ItemVersion': String(file.version), 'Content-Type': 'application/octet-stream' }, undefined, file.bytes)
      }
      case 'Lock':
      case 'RefreshLock':
      case 'Unlock':
      case 'UnlockAndRelock': {
        if (!lockHeader) return reply(400)
        const current = currentLock(file)
        const compareWith = operation === 'UnlockAndRelock' ? headers['x-wopi-oldlock'] : lockHeader
        if (operation === 'Lock' && current === null) {
          file.lock = { id: lockHeader, expires: now() + LOCK_MS }
          return reply(200, { 'X-WOPI-ItemVersion': String(file.version) })
        }
        if (current === null || current !== compareWith) return lockConflict(current)
        if (operation === 'Unlock') file.lock = null
        else file.lock = { id: lockHeader, expires: now() + LOCK_MS }
        return reply(200, { 'X-WOPI-ItemVersion': String(file.version) })
      }
      case 'PutFile': {
        if (!grant.write) return reply(401)
        const current = currentLock(file)
        if (current !== null ? current !== lockHeader : file.bytes.length > 0) return lockConflict(current)
        const timestamp = headers['x-cool-wopi-timestamp']
        if (timestamp && timestamp !== file.lastModified) return reply(409, {}, { COOLStatusCode: 1010 })
        write(file, body)
        return reply(200, { 'X-WOPI-ItemVersion': String(file.version) }, { LastModifiedTime: file.lastModified })
      }
      case 'PutRelativeFile': {
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
            return reply(200, {}, { Name: existing.name, Url: `${host.wopiSrc(existing.id)}?access_token=${newToken}` })
          }
        }
        const created = addFile(name, body)
        const newToken = issueToken(created.id, true)
        return reply(200, {}, { Name: created.name, Url: `${host.wopiSrc(created.id)}?access_token=${newToken}`, LastModifiedTime: created.lastModified })
      }
      case 'RenameFile': {
        if (!grant.write) return reply(401)
        const current = currentLock(file)
        if (current !== null && current !== lockHeader) return lockConflict(current)
        const requested = utf7.decode(headers['x-wopi-requestedname'] ?? '')
        if (!requested || /[\\/]/.test(requested)) return reply(400, { 'X-WOPI-InvalidFileNameError': 'illegal name' })
        const ext = extname(file.name)
        file.name = uniqueName(requested + ext)
        return reply(200, {}, { Name: file.name.slice(0, file.name.length - ext.length) })
      }
      default:
        return reply(501)
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const host: FakeWopiHost = {
    origin,
    wopiSrc: (fileId) => `${origin}/wopi/files/${fileId}`,
    addFile,
    file(fileId) {
      const file = files.get(fileId)
      if (!file) throw new Error(`no file ${fileId}`)
      return file
    },
    fileByName: (name) => [...files.values()].find((f) => f.name === name),
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
