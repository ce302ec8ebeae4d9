import { createHash, randomBytes } from 'node:crypto'
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { PROBE_USER_AGENT, startProbeRequest } from './probe-request'

// A raw WebSocket opening handshake (RFC 6455 section 4): what the editor's page does when it connects to the
// editor (Collabora: /cool/<WOPISrc>/ws). The doctor only needs the answer to the Upgrade request: 101 with a
// correct Sec-WebSocket-Accept means every proxy on the way passed the upgrade; anything else says who refused.

export interface WebSocketProbeOptions {
  /** the Origin header a browser would send: the editor page's origin */
  origin: string
  timeoutMs?: number
  insecureTlsHost?: string | null
  ca?: string | Buffer | Array<string | Buffer>
  /** after a 101, keep the connection open while this runs (the canary waits for the editor's CheckFileInfo) */
  holdOpen?: () => Promise<void>
}

export interface WebSocketProbeResult {
  status: number
  statusText: string
  headers: IncomingHttpHeaders
  /** 101 with the Sec-WebSocket-Accept RFC 6455 requires for our key */
  upgraded: boolean
  /** for a 101: whether Sec-WebSocket-Accept matched our key */
  acceptValid: boolean
  /** start of the body of a refusal (a proxy's error page) */
  body: string
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

export function expectedAccept(key: string): string {
  return createHash('sha1')
    .update(key + GUID)
    .digest('base64')
}

export function websocketProbe(input: string, options: WebSocketProbeOptions): Promise<WebSocketProbeResult> {
  return new Promise<WebSocketProbeResult>((resolve, reject) => {
    const url = new URL(input.replace(/^ws(s?):/i, 'http$1:'))
    const key = randomBytes(16).toString('base64')
    const headers = {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': key,
      Origin: options.origin,
      'User-Agent': PROBE_USER_AGENT,
    }
    const {
      request,
      settle: finish,
      stopDeadline,
    } = startProbeRequest(
      url,
      { method: 'GET', headers, timeoutMs: options.timeoutMs ?? 8_000, insecureTlsHost: options.insecureTlsHost, ca: options.ca },
      reject,
    )
    request.on('upgrade', (response: IncomingMessage, socket: Duplex) => {
      stopDeadline()
      const accept = String(response.headers['sec-websocket-accept'] ?? '')
      const result: WebSocketProbeResult = {
        status: response.statusCode ?? 101,
        statusText: response.statusMessage ?? '',
        headers: response.headers,
        upgraded: true,
        acceptValid: accept === expectedAccept(key),
        body: '',
      }
      // Frames the server sends (Collabora's progress and error messages) are not read: the handshake is the test.
      socket.on('error', () => undefined)
      socket.resume()
      const hold = options.holdOpen ? options.holdOpen().catch(() => undefined) : Promise.resolve()
      void hold.finally(() => {
        socket.destroy()
        finish(() => resolve(result))
      })
    })
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = []
      let total = 0
      const done = () =>
        finish(() =>
          resolve({
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            headers: response.headers,
            upgraded: false,
            acceptValid: false,
            body: Buffer.concat(chunks).toString('utf8').slice(0, 2000),
          }),
        )
      response.on('data', (chunk: Buffer) => {
        if (total < 4096) chunks.push(chunk.subarray(0, 4096 - total))
        total += chunk.length
      })
      response.on('end', done)
      response.on('error', done)
      response.on('close', done)
    })
    request.end()
  })
}
