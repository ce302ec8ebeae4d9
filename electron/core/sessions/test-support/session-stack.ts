import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createBuiltinEditor, type BuiltinEditor } from '../../builtin-editor/builtin-editor'
import { createCatalog, type Catalog } from '../../catalog/catalog'
import { silentLog, systemRandom, type Log } from '../../deps'
import { listenHost } from '../../host'
import { startTestHost, type TestHost } from '../../wopi/test-kit'
import type { SessionApi } from '../session-api'
import type { SessionService } from '../session-service'
import { createHostPageSessions } from '../host-page-sessions'

// Test-only: the way the app runs a document session. A real desk on port 0 over a temp folder, opened first and
// listening once its sessions and host page routes exist, the built-in editor on its own port imported into a real catalog through its
// /hosting/discovery, and a stand-in host.html (the built page is not needed to test the routes).

export const TEST_HOST_HTML =
  '<!doctype html>\n<html lang="en"><head><meta charset="UTF-8"><title>WOPI Desk</title>' +
  '<script type="module" crossorigin src="./assets/host-test.js"></script></head>\n<body><div id="root"></div></body></html>\n'

export interface SessionStack {
  host: TestHost
  editor: BuiltinEditor
  catalog: Catalog
  sessions: SessionService
  api: SessionApi
  /** the host page origin (http://127.0.0.1:<port>) */
  origin: string
  staticDir: string
  /** the app id of the built-in editor in the catalog */
  builtinAppId: string
  /** imports one more discovery document (served from a local listener) and returns its endpoint id */
  importDiscovery(xml: string): Promise<string>
  close(): Promise<void>
}

export async function startSessionStack(
  options: { files?: Record<string, string | Buffer>; log?: Log; loadTimeoutMs?: number } = {},
): Promise<SessionStack> {
  const host = await startTestHost({ files: options.files ?? {}, listen: false })
  const dir = await mkdtemp(join(tmpdir(), 'wopi-desk-sessions-'))
  const staticDir = join(dir, 'renderer')
  await mkdir(join(staticDir, 'assets'), { recursive: true })
  await writeFile(join(staticDir, 'host.html'), TEST_HOST_HTML)
  await writeFile(join(staticDir, 'assets', 'host-test.js'), 'console.log("host page")\n')
  await writeFile(join(staticDir, 'editor.html'), '<!doctype html><title>editor</title>')
  const log = options.log ?? silentLog
  const editor = await createBuiltinEditor({
    dataDir: join(dir, 'editor-data'),
    staticDir,
    clock: host.clock,
    random: systemRandom,
    log,
    maintenanceIntervalMs: 3_600_000,
  })
  const catalog = createCatalog({ db: host.desk.db, dataDir: host.dataDir, clock: host.clock, log })
  const servers: Server[] = []
  const imported = await catalog.importEndpoint({ url: editor.discoveryUrl })
  const builtin = imported.endpoint.apps.find((app) => app.extensions.includes('txt'))
  if (!builtin) throw new Error('the built-in editor offers no txt app')
  const { sessions, api, routes } = createHostPageSessions({
    host: host.desk,
    catalog,
    staticDir,
    clock: host.clock,
    random: systemRandom,
    log,
    ...(options.loadTimeoutMs !== undefined ? { loadTimeoutMs: options.loadTimeoutMs } : {}),
  })
  await listenHost(host.desk, { hostUrls: (fileId, context) => sessions.hostUrls(fileId, context), extraRoutes: routes })
  return {
    host,
    editor,
    catalog,
    sessions,
    api,
    origin: `http://127.0.0.1:${host.desk.wopi.port}`,
    staticDir,
    builtinAppId: builtin.id,
    async importDiscovery(xml) {
      const server = createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' })
        res.end(xml)
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      servers.push(server)
      const result = await catalog.importEndpoint({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hosting/discovery` })
      return result.endpoint.id
    },
    async close() {
      catalog.stop()
      await catalog.idle()
      for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()))
      await editor.close()
      await host.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  header(name: string): string | undefined
}

/** A plain HTTP request (no redirect following, headers exactly as given). */
export function httpRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const target = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: init.method ?? 'GET',
        headers: init.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            header: (name) => {
              const value = res.headers[name.toLowerCase()]
              return Array.isArray(value) ? value.join(', ') : value
            },
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(init.body)
  })
}
