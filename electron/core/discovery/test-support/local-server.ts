import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import https from 'node:https'
import type { AddressInfo, Socket } from 'node:net'

// Test-only: real listeners on 127.0.0.1 port 0 that play an editor. Every test closes what it starts.

export type Handler = (request: IncomingMessage, response: ServerResponse) => void

export interface LocalServer {
  origin: string
  port: number
  /** paths requested so far, in order */
  hits: string[]
  /** replace the behaviour between requests */
  setHandler(handler: Handler): void
  close(): Promise<void>
}

export async function startServer(handler: Handler, tls?: { key: string | Buffer; cert: string | Buffer }): Promise<LocalServer> {
  let current = handler
  const hits: string[] = []
  const sockets = new Set<Socket>()
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    hits.push(request.url ?? '')
    current(request, response)
  }
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, listener) : http.createServer(listener)
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  // Silence handshake failures the TLS tests provoke on purpose.
  server.on('tlsClientError', () => undefined)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    hits,
    setHandler: (next) => {
      current = next
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** Serves `body()` at /hosting/discovery (read on every request, so tests can change it) and 404 elsewhere. */
export function discoveryHandler(body: () => string, extra: Record<string, Buffer | string> = {}): Handler {
  return (request, response) => {
    const path = (request.url ?? '').split('?')[0]!
    if (path === '/hosting/discovery') {
      response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' })
      response.end(body())
      return
    }
    const asset = extra[path]
    if (asset !== undefined) {
      response.writeHead(200)
      response.end(asset)
      return
    }
    response.writeHead(404, { 'content-type': 'text/plain' })
    response.end('not found')
  }
}
