import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Log } from '../deps'
import { answerClientError } from './client-error'

/** Other routes on the same origin (the host page at /host/..., static assets): true when handled. */
export type ExtraRoutes = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>

export interface WopiListenerOptions {
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>
  extraRoutes?: ExtraRoutes
  bind: string
  /** 0 picks a free port (tests) */
  port: number
  log: Log
}

export interface WopiListener {
  server: Server
  bind: string
  port: number
  close(): Promise<void>
}

/** Error thrown when the port is taken: the CLI turns it into "port N is in use; pick another with --port". */
export class PortInUseError extends Error {
  readonly port: number
  constructor(port: number) {
    super(`port ${port} is in use`)
    this.name = 'PortInUseError'
    this.port = port
  }
}

/**
 * The WOPI listener: plain node:http. /wopi/* goes to the WOPI router, everything else to `extraRoutes`, then 404.
 * Socket inactivity (not request duration) is bounded, so a 1 GiB upload may take its time while a stalled one
 * is cut off, releasing the file's mutex and removing its temp file.
 */
export async function startWopiListener(options: WopiListenerOptions): Promise<WopiListener> {
  const sockets = new Set<Socket>()
  const server = createServer({ requestTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: 30_000 }, (req, res) => {
    void (async () => {
      try {
        if (await options.handle(req, res)) return
        if (options.extraRoutes && (await options.extraRoutes(req, res))) return
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
        res.end('Not found\n')
      } catch (error) {
        options.log.error('request handler failed', { error: (error as Error)?.message })
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
          res.end('Internal error\n')
        } else {
          res.destroy()
        }
      }
    })()
  })
  server.timeout = 120_000
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('clientError', answerClientError)

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening)
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.port) : error)
    }
    const onListening = () => {
      server.off('error', onError)
      resolve()
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(options.port, options.bind)
  })

  const port = (server.address() as AddressInfo).port
  return {
    server,
    bind: options.bind,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
        // Requests in flight get a moment to finish; then the sockets go (an unfinished upload leaves old bytes).
        const timer = setTimeout(() => {
          for (const socket of sockets) socket.destroy()
        }, 2000)
        timer.unref()
      }),
  }
}

/** What editors are told to call: the public URL when set, else this listener (a wildcard bind means loopback). */
export function effectiveWopiBase(publicUrl: string | null, bind: string, port: number): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '')
  let host = bind === '0.0.0.0' || bind === '::' || bind === '' ? '127.0.0.1' : bind
  if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`
  return `http://${host}:${port}`
}
