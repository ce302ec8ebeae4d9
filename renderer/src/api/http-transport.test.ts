import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiCallError } from './api-call-error'
import { createHttpTransport, LINK_EXPIRED_MESSAGE, type EventSourceLike } from './http-transport'

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

// A real listener on 127.0.0.1 stands in for `wopi-desk serve`; each test sets how it answers.
let server: Server
let baseUrl: string
let seen: Seen[]
let answer: (res: ServerResponse) => void

beforeEach(async () => {
  seen = []
  answer = (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true,"value":null}')
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      answer(res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe('HTTP transport calls', () => {
  it('posts the arguments to /api/call/<channel> with the console headers', async () => {
    answer = (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true,"value":{"id":"app-1","name":"Writer"}}')
    const transport = createHttpTransport({ baseUrl })
    expect(transport.kind).toBe('http')
    const app = await transport.call('catalog:rename-app', 'app-1', 'Writer')
    expect(app).toEqual({ id: 'app-1', name: 'Writer' })
    expect(seen).toHaveLength(1)
    expect(seen[0]!.method).toBe('POST')
    expect(seen[0]!.url).toBe('/api/call/catalog:rename-app')
    expect(seen[0]!.headers['content-type']).toBe('application/json')
    expect(seen[0]!.headers['x-wopi-desk']).toBe('1')
    expect(JSON.parse(seen[0]!.body)).toEqual({ args: ['app-1', 'Writer'] })
  })

  it('sends no null for a left-out optional argument', async () => {
    answer = (res) => res.writeHead(200).end('{"ok":true,"value":[]}')
    await createHttpTransport({ baseUrl }).call('catalog:refresh', undefined)
    expect(JSON.parse(seen[0]!.body)).toEqual({ args: [] })
  })

  it('throws the envelope error with its code and message', async () => {
    answer = (res) => res.writeHead(200).end('{"ok":false,"error":{"code":"conflict","message":"The file is locked by Collabora Online."}}')
    const failure = createHttpTransport({ baseUrl }).call('files:restore-version', 'a.docx', 3)
    await expect(failure).rejects.toBeInstanceOf(ApiCallError)
    await expect(failure).rejects.toMatchObject({ code: 'conflict', message: 'The file is locked by Collabora Online.' })
  })

  for (const status of [401, 403]) {
    it(`reports an expired console link on ${status}`, async () => {
      answer = (res) =>
        res.writeHead(status, { 'Content-Type': 'application/json' }).end('{"ok":false,"error":{"code":"forbidden","message":"x"}}')
      let expired = 0
      const failure = createHttpTransport({ baseUrl, onUnauthorized: () => expired++ }).call('settings:get')
      await expect(failure).rejects.toMatchObject({ code: 'forbidden', message: LINK_EXPIRED_MESSAGE })
      expect(expired).toBe(1)
    })
  }

  it('explains an answer that is not JSON', async () => {
    answer = (res) => res.writeHead(502, { 'Content-Type': 'text/plain' }).end('Bad gateway')
    await expect(createHttpTransport({ baseUrl }).call('settings:get')).rejects.toThrow(/HTTP 502/)
  })

  it('explains that the server cannot be reached', async () => {
    const closedUrl = baseUrl
    await new Promise<void>((resolve) => server.close(() => resolve()))
    server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    await expect(createHttpTransport({ baseUrl: closedUrl }).call('settings:get')).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/Cannot reach WOPI Desk/),
    })
  })
})

// EventSource is the browser's; a recording stand-in lets the test push frames.
class FakeEventSource implements EventSourceLike {
  static instances: FakeEventSource[] = []
  readonly handlers = new Map<string, ((event: MessageEvent<string>) => void)[]>()
  closed = false
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this)
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener])
  }
  close(): void {
    this.closed = true
  }
  emit(type: string, data: string): void {
    for (const handler of this.handlers.get(type) ?? []) handler({ data } as MessageEvent<string>)
  }
}

describe('HTTP transport events', () => {
  beforeEach(() => {
    FakeEventSource.instances = []
  })

  it('shares one EventSource on /api/events among all subscribers', () => {
    const transport = createHttpTransport({ baseUrl: 'http://127.0.0.1:1', createEventSource: (url) => new FakeEventSource(url) })
    const files: unknown[] = []
    const progress: unknown[] = []
    transport.on('files:changed', (payload) => files.push(payload))
    transport.on('doctor:progress', (payload) => progress.push(payload))
    transport.on('files:changed', () => undefined)
    expect(FakeEventSource.instances).toHaveLength(1)
    expect(FakeEventSource.instances[0]!.url).toBe('http://127.0.0.1:1/api/events')
    FakeEventSource.instances[0]!.emit('files:changed', '{"paths":["Budget.xlsx"]}')
    FakeEventSource.instances[0]!.emit('doctor:progress', '{"runId":"r1","done":1,"total":3}')
    expect(files).toEqual([{ paths: ['Budget.xlsx'] }])
    expect(progress).toEqual([{ runId: 'r1', done: 1, total: 3 }])
  })

  it('unsubscribes exactly one subscription, even of the same function', () => {
    const transport = createHttpTransport({ createEventSource: (url) => new FakeEventSource(url) })
    const seen: unknown[] = []
    const listener = (payload: unknown) => seen.push(payload)
    const first = transport.on('catalog:changed', listener)
    transport.on('catalog:changed', listener)
    first()
    FakeEventSource.instances[0]!.emit('catalog:changed', '{"endpointId":null}')
    expect(seen).toEqual([{ endpointId: null }])
  })

  it('drops a malformed frame without breaking later ones', () => {
    const transport = createHttpTransport({ createEventSource: (url) => new FakeEventSource(url) })
    const seen: unknown[] = []
    transport.on('activity:request', (payload) => seen.push(payload))
    FakeEventSource.instances[0]!.emit('activity:request', '{not json')
    FakeEventSource.instances[0]!.emit('activity:request', '{"id":7}')
    expect(seen).toEqual([{ id: 7 }])
  })
})

describe('HTTP transport after the link expired', () => {
  it('closes the event stream instead of letting it retry against the refusal', async () => {
    FakeEventSource.instances = []
    answer = (res) => res.writeHead(401).end()
    const transport = createHttpTransport({ baseUrl, createEventSource: (url) => new FakeEventSource(url) })
    transport.on('files:changed', () => undefined)
    await expect(transport.call('settings:get')).rejects.toMatchObject({ code: 'forbidden' })
    expect(FakeEventSource.instances[0]!.closed).toBe(true)
  })
})
