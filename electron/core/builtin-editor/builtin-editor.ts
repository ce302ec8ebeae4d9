import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import packageJson from '../../../package.json' with { type: 'json' }
import type { Clock, Log, Random } from '../deps'
import { answerClientError } from '../server/client-error'
import { createEditorRoutes } from './editor-routes'
import type { LineEnding } from '../../contract/editor-page'
import { openProofKeyStore } from './proof-key-store'
import { createSessionRegistry } from './session-registry'
import { createWopiClient } from './wopi-client'

// The built-in editor: a small WOPI client shipped with WOPI Desk, served from its own listener (its own
// origin, distinct from the WOPI host and the host page) and imported into the catalog through its own
// /hosting/discovery like any other editor. It is the default that makes a fresh install useful, and the
// end-to-end proof that discovery, host page, tokens, proof keys, locks and saves work together.

export interface BuiltinEditorOptions {
  /** the app's data directory; the proof keys live in `<dataDir>/keys/` */
  dataDir: string
  /** the built renderer (out/renderer): editor.html and assets/ */
  staticDir: string
  /** 0 (default) picks a free port. Keep it stable across launches: discovery urlsrc embeds it. */
  port?: number
  /** default 127.0.0.1 */
  bind?: string
  /** host name used in the origin and urlsrc when `bind` is a wildcard address; default 127.0.0.1 */
  publicHost?: string
  /** serve https (discovery then advertises internal-https) */
  tls?: { key: string | Buffer; cert: string | Buffer }
  clock: Clock
  random: Random
  log: Log
  fetchImpl?: typeof fetch
  /** X-WOPI-ClientVersion / User-Agent; default the app version */
  version?: string
  /** like Collabora's alias_groups: which WOPI hosts this editor opens documents from (default: any) */
  allowWopiSrc?: (wopiSrc: URL) => boolean
  /**
   * The host page origins that may open documents here (the form POST's Origin) and frame the editor
   * (PostMessageOrigin); default: any. A WOPI Desk passes its own host page origin.
   */
  allowHostPage?: (origin: string) => boolean
  /** RefreshLock cadence; default 10 minutes (ONLYOFFICE's; locks expire after 30) */
  refreshLockIntervalMs?: number
  /** a page that sent no heartbeat for this long is gone: its session ends and its lock is released; default 2 minutes */
  idleTimeoutMs?: number
  /** how often the maintenance round runs; default 15 s */
  maintenanceIntervalMs?: number
  /** largest text opened or saved; default 20 MiB */
  maxBytes?: number
  maxSessions?: number
  /** how long a new session waits for the previous page's `leave` when a reload races it; default 1.5 s */
  leaveWaitMs?: number
}

export interface BuiltinEditor {
  /** scheme://host:port */
  origin: string
  discoveryUrl: string
  port: number
  /** SHA-256 (16 hex chars) of the current proof public key */
  proofKeyFingerprint(): string
  /** current key becomes the old key (X-WOPI-ProofOld, old* in discovery); a new current key is made */
  rotateKeys(): Promise<void>
  /** one maintenance round now (lock refreshes that are due, idle sessions ended); also runs on a timer */
  runMaintenance(): Promise<void>
  sessionCount(): number
  /** ends every session (saving drafts of vanished pages, unlocking files), then stops listening */
  close(): Promise<void>
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024

export async function createBuiltinEditor(options: BuiltinEditorOptions): Promise<BuiltinEditor> {
  const { clock, random, log } = options
  const version = options.version ?? packageJson.version
  const bind = options.bind ?? '127.0.0.1'
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const keys = await openProofKeyStore({ dir: join(options.dataDir, 'keys'), random, log })
  const client = createWopiClient({ keys, clock, random, log, fetchImpl: options.fetchImpl ?? fetch, version })
  const defaultLineEnding: LineEnding = process.platform === 'win32' ? 'CRLF' : 'LF'
  const registry = createSessionRegistry({
    deps: {
      client,
      clock,
      random,
      log,
      maxBytes,
      defaultLineEnding,
      installId: keys.installId(),
      leaveWaitMs: options.leaveWaitMs ?? 1500,
    },
    clock,
    random,
    log,
    idleTimeoutMs: options.idleTimeoutMs ?? 2 * 60_000,
    leftGraceMs: Math.min(20_000, options.idleTimeoutMs ?? 20_000),
    refreshIntervalMs: options.refreshLockIntervalMs ?? 10 * 60_000,
    maxSessions: options.maxSessions ?? 100,
  })

  const scheme = options.tls ? 'https' : 'http'
  const wildcard = bind === '0.0.0.0' || bind === '::'
  const host = options.publicHost ?? (wildcard ? '127.0.0.1' : bind)
  let origin = ''

  const routes = createEditorRoutes({
    origin: () => origin,
    staticDir: options.staticDir,
    version,
    keys,
    registry,
    log,
    maxBytes,
    allowWopiSrc: options.allowWopiSrc ?? (() => true),
    allowHostPage: options.allowHostPage ?? (() => true),
  })
  const handler = (req: Parameters<typeof routes>[0], res: Parameters<typeof routes>[1]) => {
    routes(req, res).catch((error: unknown) => {
      log.error('built-in editor: request failed', { path: (req.url ?? '').split('?')[0], error: (error as Error).message })
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
        res.end('The built-in editor hit an internal error.')
      } else res.destroy()
    })
  }
  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : createHttpServer(handler)
  server.on('clientError', answerClientError)
  // Large saves on slow disks can take a while; the default 5-minute request timeout is kept.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, bind, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  origin = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`

  let maintaining: Promise<void> | null = null
  const runMaintenance = (): Promise<void> => {
    maintaining ??= registry.maintain().finally(() => {
      maintaining = null
    })
    return maintaining
  }
  const timer = setInterval(() => {
    runMaintenance().catch((error: unknown) => log.error('built-in editor: maintenance failed', { error: (error as Error).message }))
  }, options.maintenanceIntervalMs ?? 15_000)
  timer.unref()

  log.info('built-in editor listening', { origin, proofKey: keys.fingerprint() })

  let closing: Promise<void> | null = null
  return {
    origin,
    discoveryUrl: `${origin}/hosting/discovery`,
    port,
    proofKeyFingerprint: () => keys.fingerprint(),
    rotateKeys: () => keys.rotateKeys(),
    runMaintenance,
    sessionCount: () => registry.size(),
    close() {
      closing ??= (async () => {
        clearInterval(timer)
        await maintaining?.catch(() => undefined)
        await registry.closeAll()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
      })()
      return closing
    },
  }
}
