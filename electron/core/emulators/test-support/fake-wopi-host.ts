import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import utf7 from 'utf7'

// Test-only: a small in-memory WOPI host on 127.0.0.1 port 0 that follows the spec by default and can be told
// to misbehave the ways real hosts do. It records every request so tests can assert what the emulators sent.

export interface FakeHostRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: Buffer
}

export interface Misbehaviour {
  /** merged into the CheckFileInfo JSON; `undefined` removes a property */
  checkFileInfo?: Record<string, unknown>
  /** CheckFileInfo answers this status (and an HTML body for 200) */
  checkFileInfoStatus?: number
  checkFileInfoHtml?: boolean
  /** conflicts (external change, lock mismatch) answer 409 with an empty body */
  conflictWithoutStatusCode?: boolean
  /** PutFile 200 with an empty body */
  putFileWithoutJson?: boolean
  /** LOCK always answers 409 with X-WOPI-Lock "someone-else" */
  refuseLock?: boolean
  /** RenameFile 200 with `{}` */
  renameWithoutName?: boolean
  /** REFRESH_LOCK answers 501 */
  noRefreshLock?: boolean
  /** LastModifiedTime with milliseconds (".534Z") instead of microseconds, compared as a string (issue 18's host) */
  millisecondTimes?: boolean
  /** PutFile ignores X-COOL/X-LOOL-WOPI-Timestamp */
  ignoreTimestamp?: boolean
  /** a refused PutRelativeFile answers 501 with this text body */
  putRelativeRefusal?: string
}

interface StoredFile {
  id: string
  name: string
  content: Buffer
  lastModified: string
  version: number
  lock: string | null
  token: string
}

export interface FakeWopiHost {
  origin: string
  wopiSrc: string
  token: string
  requests: FakeHostRequest[]
  files: Map<string, StoredFile>
  /** the main document */
  file(): StoredFile
  /** changes the stored document the way another program would */
  changeOutside(content: Buffer): void
  close(): Promise<void>
}

export async function startFakeWopiHost(options: { name?: string; content?: Buffer; misbehave?: Misbehaviour } = {}): Promise<FakeWopiHost> {
  const misbehave = options.misbehave ?? {}
  const files = new Map<string, StoredFile>()
  const requests: FakeHostRequest[] = []
  let tick = 0
  // Six fraction digits by default: the form every client echoes back unchanged.
  const nextTime = () => {
    const iso = new Date(Date.UTC(2025, 2, 1, 10, 0, 0) + ++tick * 1000 + 534).toISOString()
    return misbehave.millisecondTimes ? iso : iso.replace('Z', '000Z')
  }
  const main: StoredFile = {
    id: 'doc-1',
    name: options.name ?? 'Report 2025.docx',
    content: options.content ?? Buffer.from('PK\x03\x04 original document'),
    lastModified: nextTime(),
    version: 1,
    lock: null,
    token: 'tok-main-0123456789abcdef',
  }
  files.set(main.id, main)
  let origin = ''

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake')
      const body = Buffer.concat(chunks)
      requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body })
      const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
        const bytes = payload === undefined ? Buffer.alloc(0) : Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload))
        res.writeHead(status, { ...(payload !== undefined && !Buffer.isBuffer(payload) ? { 'Content-Type': 'application/json' } : {}), ...headers })
        res.end(bytes)
      }
      const match = /^\/wopi\/files\/([^/]+)(\/contents)?$/.exec(url.pathname)
      const file = match ? files.get(match[1]!) : undefined
      if (!match || !file) return send(404)
      if (url.searchParams.get('access_token') !== file.token) return send(401)
      const header = (name: string) => {
        const value = req.headers[name.toLowerCase()]
        return Array.isArray(value) ? value[0] : value
      }
      const conflict = (extra: Record<string, string> = {}, json?: unknown) => send(409, misbehave.conflictWithoutStatusCode ? undefined : json, extra)
      const override = header('x-wopi-override') ?? ''

      if (req.method === 'GET' && !match[2]) {
        if (misbehave.checkFileInfoStatus && file === main) return send(misbehave.checkFileInfoStatus)
        if (misbehave.checkFileInfoHtml && file === main) {
          res.writeHead(200, { 'Content-Type': 'text/html' })
          return res.end('<html><body>Please sign in</body></html>')
        }
        const dot = file.name.lastIndexOf('.')
        const info: Record<string, unknown> = {
          BaseFileName: file.name,
          FileExtension: dot > 0 ? file.name.slice(dot) : undefined,
          OwnerId: 'owner-1',
          UserId: 'u1',
          UserFriendlyName: 'Alex Example',
          Size: file.content.length,
          Version: String(file.version),
          LastModifiedTime: file.lastModified,
          UserCanWrite: true,
          UserCanRename: true,
          SupportsLocks: true,
          SupportsUpdate: true,
          SupportsRename: true,
          SupportsDeleteFile: true,
          PostMessageOrigin: origin,
          FileNameMaxLength: 250,
          ...(file === main ? misbehave.checkFileInfo : {}),
        }
        for (const key of Object.keys(info)) if (info[key] === undefined) delete info[key]
        return send(200, info)
      }
      if (req.method === 'GET') return send(200, file.content, { 'Content-Type': 'application/octet-stream' })

      if (match[2]) {
        const lock = header('x-wopi-lock')
        if (file.lock !== null && lock !== file.lock) return conflict({ 'X-WOPI-Lock': file.lock })
        if (file.lock === null && file.content.length > 0 && !lock) return conflict({ 'X-WOPI-Lock': '' })
        const stamp = header('x-cool-wopi-timestamp') ?? header('x-lool-wopi-timestamp')
        if (stamp && stamp !== file.lastModified && !misbehave.ignoreTimestamp) return conflict({}, { COOLStatusCode: 1010 })
        file.content = body
        file.version++
        file.lastModified = nextTime()
        return misbehave.putFileWithoutJson ? send(200) : send(200, { LastModifiedTime: file.lastModified })
      }
      const lockId = header('x-wopi-lock')
      switch (override) {
        case 'LOCK':
          if (misbehave.refuseLock) return send(409, undefined, { 'X-WOPI-Lock': 'someone-else', 'X-WOPI-LockFailureReason': 'locked by another session' })
          if (!lockId) return send(400)
          if (file.lock !== null && file.lock !== lockId) return conflict({ 'X-WOPI-Lock': file.lock })
          file.lock = lockId
          return send(200)
        case 'REFRESH_LOCK':
          if (misbehave.noRefreshLock) return send(501)
          if (file.lock !== lockId) return conflict({ 'X-WOPI-Lock': file.lock ?? '' })
          return send(200)
        case 'UNLOCK':
          if (file.lock !== lockId) return conflict({ 'X-WOPI-Lock': file.lock ?? '' })
          file.lock = null
          return send(200)
        case 'PUT_RELATIVE': {
          if (misbehave.putRelativeRefusal !== undefined) {
            res.writeHead(501, { 'Content-Type': 'text/plain' })
            return res.end(misbehave.putRelativeRefusal)
          }
          const target = utf7.decode(header('x-wopi-suggestedtarget') ?? '')
          const name = target.startsWith('.') ? file.name.replace(/\.[^.]+$/, () => target) : target
          const copy: StoredFile = { id: `copy-${files.size}`, name, content: body, lastModified: nextTime(), version: 1, lock: null, token: `tok-copy-${files.size}-secret` }
          files.set(copy.id, copy)
          const copyUrl = `${origin}/wopi/files/${copy.id}?access_token=${copy.token}`
          return send(200, { Name: name, Url: copyUrl, HostEditUrl: `${origin}/edit/${copy.id}`, HostViewUrl: `${origin}/view/${copy.id}` })
        }
        case 'RENAME_FILE': {
          if (file.lock !== null && lockId !== file.lock) return conflict({ 'X-WOPI-Lock': file.lock })
          const stem = utf7.decode(header('x-wopi-requestedname') ?? '')
          const dot = file.name.lastIndexOf('.')
          file.name = `${stem}${dot > 0 ? file.name.slice(dot) : ''}`
          return send(200, misbehave.renameWithoutName ? {} : { Name: stem })
        }
        case 'DELETE':
          if (file.lock !== null) return conflict({ 'X-WOPI-Lock': file.lock })
          files.delete(file.id)
          return send(200)
        default:
          return send(501)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    wopiSrc: `${origin}/wopi/files/${main.id}`,
    token: main.token,
    requests,
    files,
    file: () => main,
    changeOutside(content) {
      main.content = content
      main.version++
      main.lastModified = nextTime()
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
