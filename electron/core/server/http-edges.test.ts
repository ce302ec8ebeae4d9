import { mkdtemp, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { channelNames } from '../../contract/channel-names'
import type { ApiImplementation } from '../../contract/channels'
import { createBuiltinEditor } from '../builtin-editor/builtin-editor'
import { silentLog, systemClock, systemRandom } from '../deps'
import { createEventBus } from '../event-bus'
import { startTestHost } from '../wopi/test-kit'
import { startConsoleListener } from './console-listener'

// Issue 13 item 12, the HTTP edges of every listener: a console body over 2 MiB gets a 413 JSON (it reset the
// connection), and headers over Node's limit get 431 Request Header Fields Too Large (the WOPI listener said 400).

const SECRET = 'edge-secret-0123456789abcdefghijkl'
const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Sends raw bytes and returns what came back until the server closed or went quiet, or the socket error. */
function rawExchange(port: number, head: string, body: Buffer = Buffer.alloc(0)): Promise<{ text: string; error: string | null }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    let error: string | null = null
    const done = () => resolve({ text: Buffer.concat(chunks).toString('latin1'), error })
    socket.on('data', (chunk) => {
      chunks.push(chunk)
      // The answer is complete once its body is (these answers are small and carry a length or close).
      const text = Buffer.concat(chunks).toString('latin1')
      const length = /\r\ncontent-length: (\d+)/i.exec(text)
      const bodyAt = text.indexOf('\r\n\r\n')
      if (length && bodyAt >= 0 && text.length - bodyAt - 4 >= Number(length[1])) socket.destroy()
    })
    socket.on('error', (err) => {
      error = (err as NodeJS.ErrnoException).code ?? err.message
    })
    socket.on('close', done)
    socket.write(head)
    if (body.length > 0) socket.write(body, () => undefined)
  })
}

const hugeHeaders = (host: string) => `GET / HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`

async function consoleListener() {
  const api = Object.fromEntries(channelNames.map((channel) => [channel, async () => []])) as unknown as ApiImplementation
  const listener = await startConsoleListener({ api, events: createEventBus(), staticDir: null, secret: SECRET, log: silentLog })
  cleanups.push(() => listener.close())
  return listener
}

describe('HTTP edges', () => {
  it('the console answers a body over 2 MiB with a 413 JSON, not a reset', async () => {
    const listener = await consoleListener()
    const body = Buffer.from(JSON.stringify({ args: ['x'.repeat(3 * 1024 * 1024)] }))
    const head =
      `POST /api/call/catalog:list HTTP/1.1\r\nHost: 127.0.0.1:${listener.port}\r\nCookie: wopidesk_console=${SECRET}\r\n` +
      `X-WOPI-Desk: 1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`
    const answer = await rawExchange(listener.port, head, body)
    expect(answer.text).toMatch(/^HTTP\/1\.1 413 /)
    expect(answer.text).toContain('"code":"invalid-argument"')
    expect(answer.text).toContain('2 MiB')
  })

  it('the console also answers a chunked body that grows past 2 MiB with a 413 JSON', async () => {
    const listener = await consoleListener()
    const part = Buffer.alloc(512 * 1024, 'x')
    const chunk = Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')])
    const head =
      `POST /api/call/catalog:list HTTP/1.1\r\nHost: 127.0.0.1:${listener.port}\r\nCookie: wopidesk_console=${SECRET}\r\n` +
      `X-WOPI-Desk: 1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`
    const answer = await rawExchange(listener.port, head, Buffer.concat(Array(6).fill(chunk)))
    expect(answer.text).toMatch(/^HTTP\/1\.1 413 /)
  })

  it('every listener answers oversized headers with 431', async () => {
    const host = await startTestHost()
    cleanups.push(() => host.close())
    const listener = await consoleListener()
    const dir = await mkdtemp(join(tmpdir(), 'wopi-desk-edges-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    const editor = await createBuiltinEditor({
      dataDir: dir,
      staticDir: dir,
      clock: systemClock,
      random: systemRandom,
      log: silentLog,
      maintenanceIntervalMs: 3_600_000,
    })
    cleanups.push(() => editor.close())
    for (const port of [host.desk.wopi.port!, listener.port, editor.port]) {
      const answer = await rawExchange(port, hugeHeaders(`127.0.0.1:${port}`))
      expect(answer.text, `port ${port}`).toMatch(/^HTTP\/1\.1 431 /)
    }
  })
})
