import type { ServerResponse } from 'node:http'
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../contract/envelope'
import { DiscoveryError, type DiscoveryErrorCode } from '../discovery/discovery-error'
import { makeTestCerts, type TestCerts } from '../discovery/test-support/certs'
import { smallDiscovery, tempDir } from '../discovery/test-support/discovery-docs'
import { discoveryHandler, startServer, type LocalServer } from '../discovery/test-support/local-server'
import { createHarness, type Harness } from './test-support/harness'

// Each bad answer gets one clear message and changes nothing: the catalog already holds a good editor, and
// after the failed import its rows and icon files are byte for byte the same.

let harness: Harness
let good: LocalServer
const servers: LocalServer[] = []
const rawServers: { server: Server; sockets: Socket[] }[] = []
let certs: TestCerts
const certDir = tempDir('wopi-desk-certs-')

beforeAll(() => {
  certs = makeTestCerts(certDir.dir)
})
afterAll(() => certDir.remove())

beforeEach(async () => {
  harness = createHarness({ fetchTimeoutMs: 2000 })
  good = await startServer(discoveryHandler(() => smallDiscovery({ origin: good.origin })))
  harness.allow(good.origin)
  await harness.catalog.importEndpoint({ url: good.origin })
})
afterEach(async () => {
  await good.close()
  await Promise.all(servers.splice(0).map((server) => server.close()))
  for (const { server, sockets } of rawServers.splice(0)) {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => server.close(resolve))
  }
  harness.close()
})

async function serving(
  handler: (url: string, response: ServerResponse) => void,
  tls?: { key: string; cert: string },
): Promise<LocalServer> {
  const server = await startServer((request, response) => handler(request.url ?? '', response), tls)
  servers.push(server)
  harness.allow(server.origin)
  return server
}

async function importFails(
  url: string,
  options: { insecureTls?: boolean } = {},
): Promise<{ message: string; code: DiscoveryErrorCode | undefined }> {
  const before = harness.snapshot()
  const stages: string[] = []
  let caught: unknown
  try {
    await harness.catalog.importEndpoint({ url, ...options }, (stage) => stages.push(stage))
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(ApiError)
  expect(stages.at(-1)).toBe('failed')
  expect(harness.snapshot()).toBe(before)
  expect(harness.catalog.listEndpoints()).toHaveLength(1)
  const cause = (caught as ApiError).cause
  return { message: (caught as ApiError).message, code: cause instanceof DiscoveryError ? cause.code : undefined }
}

const xml = (body: string) => (_url: string, response: ServerResponse) => {
  response.writeHead(200, { 'content-type': 'application/xml' })
  response.end(body)
}

describe('bad answers from a server', () => {
  it('404', async () => {
    const server = await serving((_url, response) => {
      response.writeHead(404)
      response.end('Not Found')
    })
    const { message, code } = await importFails(server.origin)
    expect(code).toBe('http-status')
    expect(message).toContain(`127.0.0.1:${server.port} answered 404 Not Found for /hosting/discovery`)
    expect(message).toContain('for ONLYOFFICE enable WOPI: WOPI_ENABLED=true')
  })

  it('an HTML login page with status 200', async () => {
    const server = await serving((_url, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      response.end(
        '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form method="post"><input name="password" type="password"></form></body></html>',
      )
    })
    const { message, code } = await importFails(server.origin)
    expect(code).toBe('html')
    expect(message).toBe(
      'The server answered with an HTML page (probably a login page), not a WOPI discovery document. Check the URL points at the editor itself, not at a proxy login.',
    )
  })

  it('an empty body', async () => {
    const server = await serving((_url, response) => response.end())
    const { message, code } = await importFails(server.origin)
    expect(code).toBe('empty')
    expect(message).toContain('with an empty body instead of a discovery document')
  })

  it('truncated XML', async () => {
    const full = smallDiscovery({ origin: 'http://editor.example' })
    const server = await serving(xml(full.slice(0, Math.floor(full.length * 0.6))))
    const { message, code } = await importFails(server.origin)
    expect(code).toBe('not-xml')
    expect(message).toContain('is not well-formed XML')
    expect(message).toContain('cut off in transit')
  })

  it('a different root element', async () => {
    const server = await serving(xml('<?xml version="1.0"?><rss version="2.0"><channel/></rss>'))
    const { message, code } = await importFails(server.origin)
    expect(code).toBe('wrong-root')
    expect(message).toContain('root element is <rss>, not <wopi-discovery>')
  })

  it('a discovery with no apps', async () => {
    const server = await serving(xml('<wopi-discovery><net-zone name="external-http"></net-zone></wopi-discovery>'))
    const { message, code } = await importFails(server.origin)
    expect(code).toBe('no-apps')
    expect(message).toContain('lists no applications')
  })

  it('apps without urlsrc', async () => {
    const server = await serving(
      xml(
        '<wopi-discovery><net-zone name="external-http"><app name="Editor"><action name="view" ext="txt"/><action name="edit" ext="txt"/></app></net-zone></wopi-discovery>',
      ),
    )
    const { message, code } = await importFails(server.origin)
    expect(code).toBe('no-urlsrc')
    expect(message).toContain('none of their actions has a urlsrc')
  })

  it('a DTD with nested entities (billion laughs)', async () => {
    const levels = ['<!ENTITY lol "lol">']
    for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`)
    const bomb = `<?xml version="1.0"?><!DOCTYPE wopi-discovery [${levels.join('')}]><wopi-discovery><net-zone name="x"><app name="&lol9;"><action name="view" ext="txt" urlsrc="http://x/"/></app></net-zone></wopi-discovery>`
    const server = await serving(xml(bomb))
    const { message, code } = await importFails(server.origin)
    expect(code).toBe('dtd')
    expect(message).toContain('contains a DTD')
    expect(message.length).toBeLessThan(400)
  })

  it('an external entity pointing at a local file: its contents appear nowhere', async () => {
    const secret = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!
    expect(secret.length).toBeGreaterThan(5)
    const server = await serving(
      xml(
        '<?xml version="1.0"?><!DOCTYPE wopi-discovery [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><wopi-discovery><net-zone name="external-http"><app name="&xxe;"><action name="view" ext="txt" urlsrc="http://x/?&xxe;"/></app></net-zone></wopi-discovery>',
      ),
    )
    const { message, code } = await importFails(server.origin)
    expect(code).toBe('dtd')
    const everything = [message, harness.snapshot(), JSON.stringify(harness.logLines), JSON.stringify(harness.events)].join('\n')
    expect(everything).not.toContain(secret)
    expect(everything).not.toContain('root:x:0:0')
  })

  it('an 80 MB body streamed lazily fails on size, without buffering it', async () => {
    let sent = 0
    const server = await serving((_url, response) => {
      response.writeHead(200, { 'content-type': 'application/xml' })
      const chunk = Buffer.from(`<!-- ${'x'.repeat(64 * 1024 - 10)} -->`)
      response.write('<wopi-discovery>')
      const pump = () => {
        while (sent < 80 * 1024 * 1024 && !response.destroyed) {
          sent += chunk.length
          if (!response.write(chunk)) return void response.once('drain', pump)
        }
        if (!response.destroyed) response.end('</wopi-discovery>')
      }
      pump()
    })
    const memoryBefore = process.memoryUsage()
    const { message, code } = await importFails(server.origin)
    const memoryAfter = process.memoryUsage()
    expect(code).toBe('too-large')
    expect(message).toContain('more than 5 MiB')
    expect(sent).toBeLessThan(40 * 1024 * 1024)
    expect(memoryAfter.arrayBuffers + memoryAfter.heapUsed - (memoryBefore.arrayBuffers + memoryBefore.heapUsed)).toBeLessThan(
      40 * 1024 * 1024,
    )
  })

  it('a redirect loop', async () => {
    const server = await serving((url, response) => {
      response.writeHead(302, { location: url.startsWith('/hosting/discovery') ? '/login?next=discovery' : '/hosting/discovery' })
      response.end()
    })
    const { message, code } = await importFails(server.origin)
    expect(code).toBe('redirect-loop')
    expect(message).toContain('redirects in a loop')
  })

  it('a server that accepts the connection and never answers (short injected timeout)', async () => {
    const sockets: Socket[] = []
    const silent = createServer((socket) => void sockets.push(socket))
    rawServers.push({ server: silent, sockets })
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const origin = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`
    harness.allow(origin)
    const { message, code } = await importFails(origin)
    expect(code).toBe('timeout')
    expect(message).toContain('did not answer within 2 seconds')
  })
})

describe('certificates', () => {
  it('self-signed, without the explicit trust choice', async () => {
    const server = await serving(xml(smallDiscovery({ origin: 'https://127.0.0.1' })), certs.selfSigned)
    const { message, code } = await importFails(server.origin)
    expect(code).toBe('tls-self-signed')
    expect(message).toContain("import again with 'Trust this server's self-signed certificate' (CLI: --insecure-tls)")
  })

  it('expired (signed by a CA this test trusts only through the fetcher)', async () => {
    harness.close()
    harness = createHarness({ fetcherDefaults: { ca: certs.caCert } })
    harness.allow(good.origin)
    await harness.catalog.importEndpoint({ url: good.origin })
    const server = await serving(xml(smallDiscovery({ origin: 'https://127.0.0.1' })), certs.expired)
    const { message, code } = await importFails(server.origin)
    expect(code).toBe('tls-expired')
    expect(message).toContain('has expired')
  })

  it('expired and self-signed, without trust: refused either way', async () => {
    const server = await serving(xml(smallDiscovery({ origin: 'https://127.0.0.1' })), certs.expired)
    const { code } = await importFails(server.origin)
    expect(['tls-untrusted', 'tls-expired', 'tls-self-signed']).toContain(code)
  })

  it('with insecureTls the self-signed one imports, and the choice is stored and shown', async () => {
    const server = await serving(xml(smallDiscovery({ origin: 'https://127.0.0.1:1' })), certs.selfSigned)
    const { endpoint } = await harness.catalog.importEndpoint({ url: server.origin, insecureTls: true })
    expect(endpoint.insecureTls).toBe(true)
    expect(endpoint.apps.map((app) => app.discoveredName)).toEqual(['writer', 'calc'])
    // A refresh uses the stored choice.
    expect((await harness.catalog.refresh(endpoint.id))[0]!.ok).toBe(true)
    expect(process.env['NODE_TLS_REJECT_UNAUTHORIZED']).toBeUndefined()
  })
})

describe('bad addresses', () => {
  it.each([['not a url'], ['ftp://editor.example'], ['https://user:pw@editor.example']])('%s', async (url) => {
    const { message } = await importFails(url)
    expect(message.length).toBeGreaterThan(20)
    expect(message).not.toContain('pw@')
  })
})
