import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import utf7 from 'utf7'
import { verifyProofEitherTokenForm, type ProofKeySet } from '../../wopi/proof-keys'

// A deliberately small in-memory WOPI host for the runner's own tests: one file "test.wopitest", locks,
// versions, PutUserInfo, optional proof-key enforcement, and switchable bugs so tests can show that the runner
// reports each one precisely. Not a reference implementation; the real target is the product's host.

export interface FakeHostBugs {
  /** CheckFileInfo sends Size as a JSON string */
  sizeAsString?: boolean
  /** Lock/Unlock/RefreshLock/UnlockAndRelock answer 200 whatever the lock id */
  lockIgnoresMismatch?: boolean
  /** GetLock answers a lock id that is not the current one */
  getLockWrongValue?: boolean
  /** PutFile keeps the same version */
  staticVersion?: boolean
  /** GetLock on an unlocked file answers 404 (seen in a third-party host) */
  getLockUnlocked404?: boolean
  /** UnlockAndRelock on an unlocked file answers 200 and locks it (seen in a third-party host) */
  relockUnlockedFile?: boolean
  /** PutFile without X-WOPI-Lock on a locked file answers 409 without X-WOPI-Lock (seen in a third-party host) */
  putConflictWithoutLockHeader?: boolean
}

export interface FakeHostOptions {
  token: string
  bugs?: FakeHostBugs
  /** when set, every request must carry proofs verifiable with these keys (500 otherwise) */
  proofKeys?: ProofKeySet
  /** advertise UserCanNotWriteRelative and answer 501 to every PutRelativeFile */
  noWriteRelative?: boolean
  /** PutRelativeFile creates files (ids "rel-N") that answer CheckFileInfo and DeleteFile; else it answers 501 */
  relativeFiles?: boolean
  /** never answer requests (a silent host) */
  silent?: boolean
  now?: () => number
}

export interface RecordedRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  body: Buffer
}

export interface FakeHost {
  wopiSrc: string
  requests: RecordedRequest[]
  content(): Buffer
  /** names of the files PutRelativeFile created that still exist */
  createdFiles(): string[]
  close(): Promise<void>
}

export async function startFakeWopiHost(options: FakeHostOptions): Promise<FakeHost> {
  const bugs = options.bugs ?? {}
  let content: Buffer = Buffer.alloc(0)
  let version = 1
  let lock = ''
  let userInfo = ''
  const requests: RecordedRequest[] = []
  const created = new Map<string, string>()

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer, base: string) => {
    const url = new URL(req.url ?? '/', base)
    requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body })
    const send = (status: number, headers: Record<string, string> = {}, payload?: unknown) => {
      const bytes = payload === undefined ? Buffer.alloc(0) : Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload))
      res.writeHead(status, { 'Content-Length': String(bytes.length), ...(payload !== undefined && !Buffer.isBuffer(payload) ? { 'Content-Type': 'application/json' } : {}), ...headers })
      res.end(bytes)
    }
    const token = url.searchParams.get('access_token') ?? ''
    if (options.proofKeys) {
      const outcome = verifyProofEitherTokenForm(
        options.proofKeys,
        {
          accessToken: token,
          url: base + (req.url ?? ''),
          timestamp: header(req, 'x-wopi-timestamp'),
          proof: header(req, 'x-wopi-proof'),
          proofOld: header(req, 'x-wopi-proofold'),
        },
        undefined,
        (options.now ?? Date.now)(),
      )
      if (!outcome.ok) return send(500, { 'X-WOPI-ServerError': 'proof' })
    }
    const relative = /^\/wopi\/files\/(rel-\d+)$/.exec(url.pathname)
    if (relative) {
      const name = created.get(relative[1]!)
      if (token !== `${options.token}-${relative[1]}`) return send(401)
      if (name === undefined) return send(404)
      if (req.method === 'GET') return send(200, {}, { BaseFileName: name, OwnerId: 'owner', UserId: 'user', Size: 0, Version: '1' })
      if (header(req, 'x-wopi-override') === 'DELETE') {
        created.delete(relative[1]!)
        return send(200)
      }
      return send(501)
    }
    if (token !== options.token) return send(401)
    const match = /^\/wopi\/files\/test(\/contents)?$/.exec(url.pathname)
    if (!match) return send(404)
    const itemVersion = { 'X-WOPI-ItemVersion': String(version) }
    const override = header(req, 'x-wopi-override')
    const requested = header(req, 'x-wopi-lock')
    const mismatch = (current: string) => send(409, { 'X-WOPI-Lock': current })
    const notSupported = (what: string) => {
      res.writeHead(501, { 'Content-Type': 'text/plain' })
      res.end(`${what} is not supported by this host`)
    }

    if (match[1]) {
      if (req.method === 'GET') return send(200, itemVersion, content)
      if (override !== 'PUT') return send(501)
      if (lock ? requested !== lock : content.length > 0) return bugs.putConflictWithoutLockHeader && requested === undefined ? send(409) : mismatch(lock)
      content = body
      if (!bugs.staticVersion) version++
      return send(200, { 'X-WOPI-ItemVersion': String(version) })
    }
    if (req.method === 'GET') {
      return send(200, {}, {
        BaseFileName: 'test.wopitest',
        FileExtension: '.wopitest',
        OwnerId: 'owner',
        UserId: 'user',
        Size: bugs.sizeAsString ? String(content.length) : content.length,
        Version: String(version),
        UserCanWrite: true,
        SupportsUpdate: true,
        SupportsLocks: true,
        SupportsGetLock: true,
        SupportsExtendedLockLength: true,
        SupportsUserInfo: true,
        UserCanNotWriteRelative: options.noWriteRelative === true,
        ...(options.relativeFiles ? { SupportsDeleteFile: true } : {}),
        ...(userInfo ? { UserInfo: userInfo } : {}),
      })
    }
    const oldLock = header(req, 'x-wopi-oldlock')
    switch (override) {
      case 'LOCK':
        if (!requested) return send(400)
        if (bugs.lockIgnoresMismatch) {
          lock = requested
          return send(200, itemVersion)
        }
        if (oldLock !== undefined) {
          if (bugs.relockUnlockedFile && !lock) {
            lock = requested
            return send(200, itemVersion)
          }
          if (lock !== oldLock) return mismatch(lock)
        } else if (lock && lock !== requested) return mismatch(lock)
        lock = requested
        return send(200, itemVersion)
      case 'UNLOCK':
      case 'REFRESH_LOCK':
        if (!requested) return send(400)
        if (lock !== requested && !bugs.lockIgnoresMismatch) return mismatch(lock)
        if (override === 'UNLOCK') lock = ''
        return send(200, itemVersion)
      case 'GET_LOCK':
        if (bugs.getLockUnlocked404 && !lock) return send(404)
        return send(200, { 'X-WOPI-Lock': bugs.getLockWrongValue && lock ? lock + '-other' : lock })
      case 'PUT_RELATIVE': {
        if (!options.relativeFiles) return notSupported('PutRelativeFile')
        const id = `rel-${created.size + requests.length}`
        const name = utf7.decode(header(req, 'x-wopi-suggestedtarget') ?? header(req, 'x-wopi-relativetarget') ?? 'copy.wopitest')
        created.set(id, name.startsWith('.') ? `test${name}` : name)
        return send(200, {}, { Name: created.get(id), Url: `${base}/wopi/files/${id}?access_token=${options.token}-${id}` })
      }
      case 'PUT_USER_INFO':
        userInfo = body.toString('utf8')
        return send(200)
      default:
        return send(501)
    }
  }

  const server = createServer((req, res) => {
    if (options.silent) return
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => handle(req, res, Buffer.concat(chunks), `http://127.0.0.1:${(server.address() as AddressInfo).port}`))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    wopiSrc: `http://127.0.0.1:${port}/wopi/files/test`,
    requests,
    content: () => content,
    createdFiles: () => [...created.values()],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}
