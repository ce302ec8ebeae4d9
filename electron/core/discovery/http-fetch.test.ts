import { createServer, type Server, type Socket } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DiscoveryError, type DiscoveryErrorCode } from './discovery-error'
import { createHttpFetcher } from './http-fetch'
import { makeTestCerts, type TestCerts } from './test-support/certs'
import { tempDir } from './test-support/discovery-docs'
import { startServer, type LocalServer } from './test-support/local-server'

let certs: TestCerts
const temp = tempDir('wopi-desk-certs-')
const servers: LocalServer[] = []
const rawServers: Server[] = []

beforeAll(() => {
  certs = makeTestCerts(temp.dir)
})
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
  await Promise.all(rawServers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})
afterAll(() => temp.remove())

async function serve(...args: Parameters<typeof startServer>): Promise<LocalServer> {
  const server = await startServer(...args)
  servers.push(server)
  return server
}

async function failure(promise: Promise<unknown>): Promise<DiscoveryError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof DiscoveryError) return error
    throw error
  }
  throw new Error('expected the fetch to fail')
}

const hello = (_request: unknown, response: import('node:http').ServerResponse) => response.end('<wopi-discovery/>')

describe('TLS is decided per request', () => {
  it('refuses a self-signed certificate and says how to trust it', async () => {
    const server = await serve(hello, certs.selfSigned)
    const error = await failure(createHttpFetcher()(`${server.origin}/hosting/discovery`))
    expect(error.code).toBe('tls-self-signed')
    expect(error.message).toBe(
      "The certificate of 127.0.0.1 is self-signed. If you trust this server, import again with 'Trust this server's self-signed certificate' (CLI: --insecure-tls).",
    )
  })

  it('accepts it only for the host the admin chose, leaving the process setting alone', async () => {
    const server = await serve(hello, certs.selfSigned)
    const fetcher = createHttpFetcher()
    const response = await fetcher(`${server.origin}/hosting/discovery`, { insecureTlsHost: `127.0.0.1:${server.port}` })
    expect(response.body.toString()).toBe('<wopi-discovery/>')
    expect(process.env['NODE_TLS_REJECT_UNAUTHORIZED']).toBeUndefined()
    // Another port on the same machine is another endpoint: still verified.
    const other = await serve(hello, certs.selfSigned)
    expect((await failure(fetcher(`${other.origin}/`, { insecureTlsHost: `127.0.0.1:${server.port}` }))).code).toBe('tls-self-signed')
    // And the exemption does not leak into later requests without it.
    expect((await failure(fetcher(`${server.origin}/`))).code).toBe('tls-self-signed')
  })

  it('names an expired certificate', async () => {
    const server = await serve(hello, certs.expired)
    const error = await failure(createHttpFetcher({ ca: certs.caCert })(`${server.origin}/`))
    expect(error.code).toBe('tls-expired')
    expect(error.message).toContain('The certificate of 127.0.0.1 has expired')
  })

  it('names a certificate issued for another host', async () => {
    const server = await serve(hello, certs.wrongHost)
    const error = await failure(createHttpFetcher({ ca: certs.caCert })(`${server.origin}/`))
    expect(error.code).toBe('tls-hostname')
    expect(error.message).toContain('was issued for DNS:other.example, not for 127.0.0.1')
  })

  it('trusts a certificate signed by an explicitly given CA', async () => {
    const server = await serve(hello, certs.valid)
    expect((await createHttpFetcher({ ca: certs.caCert })(`${server.origin}/`)).status).toBe(200)
    expect((await failure(createHttpFetcher()(`${server.origin}/`))).code).toBe('tls-untrusted')
  })

  it('explains https sent to an http port (EPROTO wrong version number)', async () => {
    const server = await serve(hello)
    const error = await failure(createHttpFetcher()(`https://127.0.0.1:${server.port}/hosting/discovery`))
    expect(error.code).toBe('tls-wrong-version')
    expect(error.message).toContain(`Use http://127.0.0.1:${server.port}/hosting/discovery`)
  })

  it('explains http sent to a TLS port', async () => {
    const server = await serve(hello, certs.selfSigned)
    const error = await failure(createHttpFetcher()(`http://127.0.0.1:${server.port}/hosting/discovery`))
    expect(error.code).toBe('http-to-https-port')
    expect(error.message).toContain(`use https://127.0.0.1:${server.port}/hosting/discovery`)
  })
})

describe('bounded in time, size and redirects', () => {
  it('times out a server that accepts the connection and never answers', async () => {
    const held: Socket[] = []
    const silent = createServer((socket) => void held.push(socket))
    rawServers.push(silent)
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as import('node:net').AddressInfo).port
    const error = await failure(createHttpFetcher({ timeoutMs: 300 })(`http://127.0.0.1:${port}/hosting/discovery`))
    expect(error.code).toBe('timeout')
    expect(error.message).toContain('did not answer within 0.3 seconds')
    for (const socket of held) socket.destroy()
  })

  it('reports a refused connection', async () => {
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const port = (probe.address() as import('node:net').AddressInfo).port
    await new Promise((resolve) => probe.close(resolve))
    const error = await failure(createHttpFetcher()(`http://127.0.0.1:${port}/`))
    expect(error.code).toBe('refused')
    expect(error.message).toContain(`Nothing is listening at 127.0.0.1:${port}`)
  })

  it('reports a host name that does not resolve', async () => {
    const error = await failure(createHttpFetcher({ timeoutMs: 5000 })('http://no-such-editor.invalid/hosting/discovery'))
    expect(['dns', 'timeout']).toContain(error.code)
    if (error.code === 'dns') expect(error.message).toContain('The host name no-such-editor.invalid could not be found')
  })

  it('stops reading at the size cap, declared or streamed', async () => {
    let sent = 0
    const server = await serve((request, response) => {
      if (request.url === '/declared') {
        response.writeHead(200, { 'content-length': String(80 * 1024 * 1024) })
        response.write(Buffer.alloc(1024))
        return
      }
      response.writeHead(200, { 'content-type': 'text/xml' })
      const chunk = Buffer.alloc(64 * 1024, 0x20)
      const pump = () => {
        while (sent < 80 * 1024 * 1024 && !response.destroyed) {
          sent += chunk.length
          if (!response.write(chunk)) return void response.once('drain', pump)
        }
        response.end()
      }
      response.on('close', () => undefined)
      pump()
    })
    const fetcher = createHttpFetcher({ maxBytes: 1024 * 1024 })
    expect((await failure(fetcher(`${server.origin}/declared`))).code).toBe('too-large')
    const streamed = await failure(fetcher(`${server.origin}/streamed`))
    expect(streamed.code).toBe('too-large')
    expect(streamed.message).toContain('more than 1 MiB')
    expect(sent).toBeLessThan(40 * 1024 * 1024)
  })

  it('limits decompressed size as well', async () => {
    const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20))
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip' })
      response.end(bomb)
    })
    expect(bomb.length).toBeLessThan(64 * 1024)
    expect((await failure(createHttpFetcher({ maxBytes: 1024 * 1024 })(`${server.origin}/`))).code).toBe('too-large')
  })

  it('follows redirects, detects loops and caps their number', async () => {
    const server = await serve((request, response) => {
      const target: Record<string, string> = { '/a': '/b', '/b': '/a', '/start': '/hosting/discovery' }
      const match = /^\/hop(\d+)$/.exec(request.url ?? '')
      const next = match ? `/hop${Number(match[1]) + 1}` : target[request.url ?? '']
      if (next) {
        response.writeHead(302, { location: next })
        response.end()
        return
      }
      response.end('<wopi-discovery/>')
    })
    const fetcher = createHttpFetcher()
    const ok = await fetcher(`${server.origin}/start`)
    expect(ok.url).toBe(`${server.origin}/hosting/discovery`)
    expect(ok.redirects).toEqual([`${server.origin}/hosting/discovery`])
    const loop = await failure(fetcher(`${server.origin}/a`))
    expect(loop.code).toBe<DiscoveryErrorCode>('redirect-loop')
    expect(loop.message).toContain(`127.0.0.1:${server.port}/a -> 127.0.0.1:${server.port}/b -> 127.0.0.1:${server.port}/a`)
    expect((await failure(fetcher(`${server.origin}/hop0`))).code).toBe('too-many-redirects')
  })

  it('never forwards credentials a redirect puts in the URL', async () => {
    const authorizations: (string | undefined)[] = []
    const server = await serve((request, response) => {
      authorizations.push(request.headers.authorization)
      if (request.url === '/start') {
        response.writeHead(302, { location: `http://admin:secret@127.0.0.1:${server.port}/hosting/discovery` })
        response.end()
        return
      }
      response.end('<wopi-discovery/>')
    })
    const result = await createHttpFetcher()(`${server.origin}/start`)
    expect(authorizations).toEqual([undefined, undefined])
    expect(result.url).toBe(`${server.origin}/hosting/discovery`)
  })

  it('refuses a redirect from https down to http', async () => {
    const plain = await serve(hello)
    const secure = await serve((_request, response) => {
      response.writeHead(301, { location: `${plain.origin}/hosting/discovery` })
      response.end()
    }, certs.valid)
    const error = await failure(createHttpFetcher({ ca: certs.caCert })(`${secure.origin}/hosting/discovery`))
    expect(error.code).toBe('redirect-downgrade')
    expect(plain.hits).toEqual([])
  })

  it('reports a connection cut in the middle of the body', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': '1000' })
      response.write('<wopi-discovery>')
      setTimeout(() => (response.socket as Socket).destroy(), 20)
    })
    expect((await failure(createHttpFetcher()(`${server.origin}/`))).code).toBe('reset')
  })
})
