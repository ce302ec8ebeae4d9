import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import {
  createHost,
  openHost,
  type Host,
  type HostListenOptions,
  type HostOptions,
  type IssueTokenOptions,
  type IssuedAccess,
} from '../host'
import type { Clock } from '../deps'

// Shared by the WOPI integration tests: a real desk on 127.0.0.1 port 0 over a real temp folder, and a small
// client that speaks WOPI the way editors do. Not a test file itself.

export interface TestClock extends Clock {
  advance(ms: number): void
  set(ms: number): void
}

/** Starts at the real time (file mtimes come from the real clock) and only moves when told to. */
export function testClock(start = Date.now()): TestClock {
  let now = start
  return {
    now: () => now,
    advance: (ms) => {
      now += ms
    },
    set: (ms) => {
      now = ms
    },
  }
}

export interface TestHost {
  desk: Host
  root: string
  dataDir: string
  clock: TestClock
  /** writes a file under the root (folders created as needed) */
  put(relPath: string, content: string | Buffer): Promise<string>
  token(relPath: string, options?: IssueTokenOptions): Promise<IssuedAccess>
  close(): Promise<void>
  /** reopen a desk on the same data folder and root (restart) */
  restart(options?: Partial<HostOptions & HostListenOptions>): Promise<void>
}

export interface TestHostOptions {
  files?: Record<string, string | Buffer>
  desk?: Partial<HostOptions & HostListenOptions>
  clock?: TestClock
  /** false: opened without a listener, as CLI commands open it (listenHost can start one later) */
  listen?: false
}

export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const base = await mkdtemp(join(tmpdir(), 'wopi-desk-test-'))
  const root = join(base, 'root')
  const dataDir = join(base, 'data')
  await mkdir(root)
  const clock = options.clock ?? testClock()
  const put = async (relPath: string, content: string | Buffer) => {
    const full = join(root, ...relPath.split('/'))
    await mkdir(dirname(full), { recursive: true })
    await writeFile(full, content)
    return full
  }
  for (const [relPath, content] of Object.entries(options.files ?? {})) await put(relPath, content)
  const open = (extra: Partial<HostOptions & HostListenOptions> = {}) => {
    const hostOptions = { dataDir, root, port: 0, clock, sweepIntervalMs: 0, env: { LANG: 'en_US.UTF-8' }, ...options.desk, ...extra }
    return options.listen === false ? openHost(hostOptions) : createHost(hostOptions)
  }
  const host: TestHost = {
    desk: await open(),
    root,
    dataDir,
    clock,
    put,
    token: (relPath, issue) => host.desk.issueToken(relPath, { write: true, ...issue }),
    async close() {
      await host.desk.close()
      await rm(base, { recursive: true, force: true })
    },
    async restart(extra) {
      await host.desk.close()
      host.desk = await open(extra)
    },
  }
  return host
}

export interface WopiResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  text(): string
  json(): Record<string, unknown>
  header(name: string): string | undefined
}

export interface WopiRequestInit {
  method?: 'GET' | 'POST'
  /** '' (files endpoint) or '/contents' ... */
  path?: string
  override?: string
  headers?: Record<string, string>
  body?: string | Buffer
  /** overrides the token from `access` (use '' for none) */
  token?: string
  query?: string
}

/** One WOPI request with node:http (raw header control, no fetch normalisation). */
export function wopi(access: Pick<IssuedAccess, 'wopiSrc' | 'accessToken'>, init: WopiRequestInit = {}): Promise<WopiResponse> {
  const token = init.token ?? access.accessToken
  const query = init.query ?? (token ? `access_token=${encodeURIComponent(token)}` : '')
  const url = new URL(`${access.wopiSrc}${init.path ?? ''}${query ? `?${query}` : ''}`)
  const headers: Record<string, string | number> = { ...init.headers }
  if (init.override) headers['X-WOPI-Override'] = init.override
  const body = init.body === undefined ? undefined : Buffer.isBuffer(init.body) ? init.body : Buffer.from(init.body, 'utf8')
  if (body || init.method === 'POST') headers['Content-Length'] = body?.length ?? 0
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: init.method ?? (init.override || body ? 'POST' : 'GET'),
        headers,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const all = Buffer.concat(chunks)
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: all,
            text: () => all.toString('utf8'),
            json: () => JSON.parse(all.toString('utf8')) as Record<string, unknown>,
            header: (name) => {
              const value = res.headers[name.toLowerCase()]
              return Array.isArray(value) ? value.join(', ') : value
            },
          })
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

export const lockFile = (access: IssuedAccess, lockId: string, headers: Record<string, string> = {}) =>
  wopi(access, { override: 'LOCK', headers: { 'X-WOPI-Lock': lockId, ...headers } })
export const unlockFile = (access: IssuedAccess, lockId: string) => wopi(access, { override: 'UNLOCK', headers: { 'X-WOPI-Lock': lockId } })
export const putContents = (access: IssuedAccess, body: string | Buffer, headers: Record<string, string> = {}) =>
  wopi(access, { path: '/contents', override: 'PUT', body, headers })
export const getContents = (access: IssuedAccess, headers: Record<string, string> = {}) => wopi(access, { path: '/contents', headers })
export const checkFileInfo = async (access: IssuedAccess) => {
  const response = await wopi(access)
  if (response.status !== 200) throw new Error(`CheckFileInfo answered ${response.status}`)
  return response.json()
}

/** The token and WOPISrc of a PutRelativeFile `Url`. */
export function accessFromUrl(url: string): IssuedAccess {
  const parsed = new URL(url)
  const token = parsed.searchParams.get('access_token') ?? ''
  return {
    fileId: parsed.pathname.split('/').pop() ?? '',
    wopiSrc: `${parsed.origin}${parsed.pathname}`,
    accessToken: token,
    accessTokenTtl: 0,
  }
}

export async function writeText(path: string, content: string): Promise<void> {
  await writeFile(path, content)
}
