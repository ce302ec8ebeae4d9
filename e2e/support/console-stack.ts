import { spawn, execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { deflateSync } from 'node:zlib'
import type { Page } from '@playwright/test'

// The console as people use it in a browser: the real `wopi-desk serve` (the built CLI) over temp folders,
// spawned and stopped like a user would, plus a tiny loopback "editor" that serves a real Collabora discovery
// document and its icons. Shared by e2e/console.spec.ts and bench/console.mjs's ideas (the bench is plain JS).

export const REPO = resolve('.')
export const CLI = join(REPO, 'bin', 'wopi-desk.js')
export const ARTIFACTS = join(REPO, 'e2e-artifacts', 'console')
export const DISCOVERY_FIXTURE = join(REPO, 'fixtures', 'discovery', 'collabora-code-served--cloudreve-test.xml')
const FIXTURE_ORIGIN = 'https://127.0.0.1:9980'

export interface Serve {
  /** the printed `Console: ...?key=...` URL: opening it logs the browser in */
  loginUrl: string
  consoleOrigin: string
  wopiBase: string
  editorOrigin: string | null
  root: string
  data: string
  /** everything serve printed (stdout and stderr), for failure messages */
  output(): string
  /** ms from spawn to the `Console:` line */
  startupMs: number
  stop(): Promise<void>
}

export function assertBuilt(): void {
  if (!existsSync(join(REPO, 'out', 'main', 'cli.js')) || !existsSync(join(REPO, 'out', 'renderer', 'index.html'))) {
    throw new Error('The build is missing (out/): run `npm run e2e` or `node scripts/ensure-build.mjs` first.')
  }
}

/** `wopi-desk serve` on ports chosen by the system; resolves once it printed its Console URL. */
export async function startServe(options: { root: string; data: string; timeoutMs?: number }): Promise<Serve> {
  assertBuilt()
  const started = Date.now()
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--root', options.root, '--data', options.data, '--port', '0', '--editor-port', '0', '--console-port', '0'],
    { cwd: REPO, env: { ...process.env, LANG: 'en_US.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => (out += chunk))
  const exited = new Promise<void>((done) => child.once('exit', () => done()))

  const printed = await new Promise<{ loginUrl: string; wopiBase: string; editorOrigin: string | null }>((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve printed no Console URL within ${options.timeoutMs ?? 20_000} ms:\n${out}`)),
      options.timeoutMs ?? 20_000,
    )
    child.stdout.on('data', (chunk: string) => {
      out += chunk
      const console = /^Console: (\S+)$/m.exec(out)
      if (!console) return
      clearTimeout(timer)
      resolveReady({
        loginUrl: console[1]!,
        wopiBase: /^WOPI host: (\S+)$/m.exec(out)?.[1] ?? '',
        editorOrigin: /^Built-in editor: (\S+)$/m.exec(out)?.[1] ?? null,
      })
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited with ${code} before printing its Console URL:\n${out}`))
    })
  })
  const startupMs = Date.now() - started

  return {
    ...printed,
    consoleOrigin: new URL(printed.loginUrl).origin,
    root: options.root,
    data: options.data,
    startupMs,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** A served folder and a data folder under one temp directory, removed by `remove()`. */
export async function tempFolders(
  options: { prefix?: string; rootName?: string } = {},
): Promise<{ base: string; root: string; data: string; remove(): Promise<void> }> {
  const base = await mkdtemp(join(tmpdir(), options.prefix ?? 'wopi-desk-e2e-console-'))
  const root = join(base, options.rootName ?? 'root')
  const data = join(base, 'data')
  await mkdir(root)
  await mkdir(data)
  return { base, root, data, remove: () => rm(base, { recursive: true, force: true }) }
}

/** Files for a realistic served folder (relative path -> content). */
export async function writeFiles(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path)
    await mkdir(join(full, '..'), { recursive: true })
    await writeFile(full, content)
  }
}

export interface IssuedToken {
  fileId: string
  wopiSrc: string
  accessToken: string
  accessTokenTtl: number
}

/** `wopi-desk token <path> --data <dir> [--write]` while serve runs on the same data folder. */
export function issueToken(data: string, path: string, options: { write?: boolean } = {}): Promise<IssuedToken> {
  const args = [CLI, 'token', path, '--data', data, ...(options.write ? ['--write'] : [])]
  return new Promise((resolveToken, reject) => {
    execFile(process.execPath, args, { cwd: REPO, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`wopi-desk token failed: ${stderr || error.message}`))
      resolveToken(JSON.parse(stdout.trim()) as IssuedToken)
    })
  })
}

/**
 * Saves `contents` through WOPI the way an editor does: Lock, PutFile, Unlock. Each save keeps the replaced
 * content as a version.
 */
export async function wopiSave(token: IssuedToken, contents: string[]): Promise<void> {
  const url = (suffix = '') => `${token.wopiSrc}${suffix}?access_token=${encodeURIComponent(token.accessToken)}`
  const lock = 'e2e-lock-1'
  const expect = async (response: Promise<Response>, what: string) => {
    const answer = await response
    if (answer.status !== 200) throw new Error(`${what} answered ${answer.status}: ${await answer.text()}`)
    await answer.arrayBuffer()
  }
  await expect(fetch(url(), { method: 'POST', headers: { 'X-WOPI-Override': 'LOCK', 'X-WOPI-Lock': lock } }), 'Lock')
  for (const content of contents) {
    await expect(
      fetch(url('/contents'), { method: 'POST', headers: { 'X-WOPI-Override': 'PUT', 'X-WOPI-Lock': lock }, body: content }),
      'PutFile',
    )
  }
  await expect(fetch(url(), { method: 'POST', headers: { 'X-WOPI-Override': 'UNLOCK', 'X-WOPI-Lock': lock } }), 'Unlock')
}

// --- A loopback editor that only publishes discovery and icons --------------------------------------------

export interface FakeDiscoveryServer {
  origin: string
  discoveryUrl: string
  /** paths requested so far */
  requests: string[]
  close(): Promise<void>
}

const iconColors: Record<string, [number, number, number]> = {
  document: [43, 108, 216],
  spreadsheet: [30, 142, 78],
  presentation: [210, 88, 29],
}

/**
 * Serves the Collabora CODE discovery fixture with its origin rewritten to this server, and a PNG per icon.
 * `discoveryDelayMs` holds the discovery answer back, as a real editor on a slow link does, so progress shows.
 */
export async function startFakeDiscoveryServer(options: { discoveryDelayMs?: number } = {}): Promise<FakeDiscoveryServer> {
  const xml = readFileSync(DISCOVERY_FIXTURE, 'utf8')
  const requests: string[] = []
  let origin = ''
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    requests.push(path)
    if (path === '/hosting/discovery') {
      const body = xml.split(FIXTURE_ORIGIN).join(origin)
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' })
        res.end(body)
      }, options.discoveryDelayMs ?? 0)
      return
    }
    const icon = /\/images\/x-office-(document|spreadsheet|presentation)\.svg$/.exec(path)
    if (icon) {
      const png = appIconPng(iconColors[icon[1]!]!)
      // The fixture names SVG files; the server sends PNG bytes, as some proxies do: the host sniffs the type.
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(png.length) })
      return void res.end(png)
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' })
    res.end('not found')
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    discoveryUrl: `${origin}/hosting/discovery`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done())
        server.closeAllConnections()
      }),
  }
}

// --- PNG images without dependencies ------------------------------------------------------------------------

const crcTable = (() => {
  const table = new Int32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c
  }
  return table
})()

function crc32(bytes: Buffer): number {
  let crc = -1
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8)
  return (crc ^ -1) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** An RGBA PNG drawn by `pixel(x, y)`. */
export function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size)
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0 // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y)
      const at = y * (size * 4 + 1) + 1 + x * 4
      raw[at] = r
      raw[at + 1] = g
      raw[at + 2] = b
      raw[at + 3] = a
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bit depth
  header[9] = 6 // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** A document-like app icon: a rounded square in `color` with three white "text lines". */
export function appIconPng(color: [number, number, number], size = 48): Buffer {
  const radius = size * 0.2
  return png(size, (x, y) => {
    const cx = Math.min(Math.max(x + 0.5, radius), size - radius)
    const cy = Math.min(Math.max(y + 0.5, radius), size - radius)
    const inside = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= radius
    if (!inside) return [0, 0, 0, 0]
    const line =
      [0.32, 0.48, 0.64].some((row) => Math.abs(y / size - row) < 0.045) && x / size > 0.24 && x / size < (y / size > 0.6 ? 0.6 : 0.76)
    return line ? [255, 255, 255, 255] : [...color, 255]
  })
}

/** A round, two-tone badge: easy to tell apart from the discovered icons in a screenshot. */
export function customIconPng(size = 64): Buffer {
  return png(size, (x, y) => {
    const d = Math.hypot(x + 0.5 - size / 2, y + 0.5 - size / 2)
    if (d > size / 2) return [0, 0, 0, 0]
    return d < size / 4 ? [255, 196, 0, 255] : [109, 75, 195, 255]
  })
}

// --- Page watching ---------------------------------------------------------------------------------------------

/**
 * Ends a console test and returns what went wrong on its page: the page's problems are taken first and the page
 * closed before anything stops (a shutdown is not the page's fault), then serve, `alsoStop` and the folders go.
 */
export async function endConsoleTest(
  page: Page,
  stack: { watcher: { problems: string[] }; serve: Serve; folders: { remove(): Promise<void> }; alsoStop?: () => Promise<void> },
): Promise<string[]> {
  const problems = [...stack.watcher.problems]
  await page.close()
  await stack.serve.stop()
  await stack.alsoStop?.()
  await stack.folders.remove()
  return problems
}

/**
 * Collects what must not happen on a console page: uncaught errors, console errors, and HTTP responses of 400 or
 * more. `ignore` lists URL parts that may fail on purpose.
 */
export function watchPage(page: Page, ignore: (string | RegExp)[] = []): { problems: string[] } {
  const problems: string[] = []
  const ignored = (text: string) =>
    ['/favicon.ico', ...ignore].some((rule) => (typeof rule === 'string' ? text.includes(rule) : rule.test(text)))
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    const where = message.location().url
    if (ignored(where) || ignored(message.text())) return
    problems.push(`console error: ${message.text()} (${where})`)
  })
  page.on('response', (response) => {
    if (response.status() >= 400 && !ignored(response.url()))
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`)
  })
  page.on('requestfailed', (request) => {
    // Closed event streams and aborted navigations are how pages end, not failures.
    const failure = request.failure()?.errorText ?? ''
    if (failure.includes('ERR_ABORTED') || ignored(request.url())) return
    problems.push(`request failed: ${request.method()} ${request.url()} (${failure})`)
  })
  return { problems }
}

/** Saves the page as it settles: dialogs and menus finish their entrance, endless animations stand still. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path, animations: 'disabled' })
  return path
}
