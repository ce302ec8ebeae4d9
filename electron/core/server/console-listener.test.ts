import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { channelNames } from '../../contract/channel-names'
import type { ApiImplementation } from '../../contract/channels'
import { ApiError } from '../../contract/envelope'
import { silentLog } from '../deps'
import { createEventBus, type EventBus } from '../event-bus'
import { startConsoleListener, type ConsoleListener } from './console-listener'

const SECRET = 'test-secret-0123456789abcdefghijkl'

function fakeApi(overrides: Partial<ApiImplementation>): ApiImplementation {
  const api = Object.fromEntries(
    channelNames.map((channel) => [
      channel,
      async () => {
        throw new ApiError('unavailable', `${channel} is not available in this test`)
      },
    ]),
  ) as unknown as ApiImplementation
  return Object.assign(api, overrides)
}

interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function raw(
  port: number,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...init.headers } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
      },
    )
    req.on('error', reject)
    if (init.body) req.write(init.body)
    req.end()
  })
}

describe('console HTTP transport', () => {
  let listener: ConsoleListener
  let events: EventBus
  let staticDir: string
  const renamed: unknown[][] = []

  beforeEach(async () => {
    staticDir = await mkdtemp(join(tmpdir(), 'console-static-'))
    await mkdir(join(staticDir, 'assets'))
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>console</title>')
    await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
    await writeFile(join(staticDir, 'host.html'), 'host page')
    events = createEventBus()
    renamed.length = 0
    listener = await startConsoleListener({
      api: fakeApi({
        'catalog:rename-app': async (appId, name) => {
          renamed.push([appId, name])
          return { id: appId, name } as never
        },
        'catalog:list': async () => [],
      }),
      events,
      staticDir,
      secret: SECRET,
      log: silentLog,
      readIcon: async (appId) => (appId === 'app1' ? { bytes: Buffer.from('<svg/>'), contentType: 'image/svg+xml' } : null),
    })
  })

  afterEach(async () => {
    await listener.close()
    await rm(staticDir, { recursive: true, force: true })
  })

  const authed = { cookie: `wopidesk_console=${SECRET}` }
  const call = (channel: string, args: unknown[], headers: Record<string, string> = {}) =>
    raw(listener.port, `/api/call/${channel}`, {
      method: 'POST',
      headers: { ...authed, 'content-type': 'application/json', 'x-wopi-desk': '1', ...headers },
      body: JSON.stringify({ args }),
    })

  it('binds loopback and logs a browser in with the secret, then drops it from the address bar', async () => {
    expect(listener.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const login = await raw(listener.port, `/?key=${SECRET}`)
    expect(login.status).toBe(303)
    expect(login.headers.location).toBe('/')
    expect(String(login.headers['set-cookie'])).toMatch(/wopidesk_console=.*HttpOnly; SameSite=Strict/)
    const page = await raw(listener.port, '/', { headers: authed })
    expect(page.status).toBe(200)
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(page.body).toContain('console')
  })

  it('refuses a wrong key, a missing cookie and a foreign Host header', async () => {
    const stale = await raw(listener.port, '/?key=wrong')
    expect(stale.status).toBe(401)
    // A styled page that names the command printing the link that works now.
    expect(stale.body).toContain('This console link is no longer valid')
    expect(stale.body).toContain('<style>')
    expect(stale.body).toContain('<code>wopi-desk console</code>')
    expect((await raw(listener.port, '/')).status).toBe(401)
    expect((await call('catalog:list', [], { cookie: 'wopidesk_console=nope' })).status).toBe(401)
    const rebound = await raw(listener.port, '/', { headers: { ...authed, host: `evil.example:${listener.port}` } })
    expect(rebound.status).toBe(403)
  })

  it('serves only the console page and its assets', async () => {
    expect((await raw(listener.port, '/assets/app.js', { headers: authed })).status).toBe(200)
    expect((await raw(listener.port, '/host.html', { headers: authed })).status).toBe(404)
    expect((await raw(listener.port, '/assets/../host.html', { headers: authed })).status).toBe(404)
    expect((await raw(listener.port, '/%2e%2e/%2e%2e/etc/passwd', { headers: authed })).status).toBe(404)
  })

  it('calls the contract with validated arguments and answers with an envelope', async () => {
    const ok = await call('catalog:rename-app', ['app1', 'Writer'])
    expect(JSON.parse(ok.body)).toEqual({ ok: true, value: { id: 'app1', name: 'Writer' } })
    expect(renamed).toEqual([['app1', 'Writer']])

    const invalid = await call('catalog:rename-app', ['app1', '   '])
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect(renamed).toHaveLength(1)

    const unknown = await call('catalog:drop-tables', [])
    expect(unknown.status).toBe(404)

    const unavailable = await call('files:locks', [])
    expect(JSON.parse(unavailable.body)).toMatchObject({ ok: false, error: { code: 'unavailable' } })
  })

  it('rejects cross-site calls: missing marker header, form content type, foreign Origin', async () => {
    expect((await call('catalog:list', [], { 'x-wopi-desk': '0' })).status).toBe(403)
    expect((await call('catalog:list', [], { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(403)
    expect((await call('catalog:list', [], { origin: 'http://evil.example' })).status).toBe(403)
    expect((await call('catalog:list', [], { origin: `http://127.0.0.1:${listener.port}` })).status).toBe(200)
  })

  it('rejects malformed JSON and oversized bodies with one clear message', async () => {
    const bad = await raw(listener.port, '/api/call/catalog:list', {
      method: 'POST',
      headers: { ...authed, 'content-type': 'application/json', 'x-wopi-desk': '1' },
      body: '{not json',
    })
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body).error.message).toMatch(/not valid JSON/)
  })

  it('streams events to a subscriber and stops delivering after it disconnects', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: listener.port, path: '/api/events', headers: { host: `127.0.0.1:${listener.port}`, ...authed } },
        (res) => {
          let text = ''
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8')
            if (text.includes(': connected')) events.emit('files:changed', { paths: ['a.txt'] })
            if (text.includes('event: files:changed')) {
              req.destroy()
              resolve(text)
            }
          })
        },
      )
      req.on('error', (error) => (String(error).includes('socket hang up') ? undefined : reject(error)))
      req.end()
    })
    expect(received).toContain('data: {"paths":["a.txt"]}')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(events.listenerCount()).toBe(0)
  })

  it('serves icons with a sandboxing CSP', async () => {
    const icon = await raw(listener.port, '/api/icons/app1', { headers: authed })
    expect(icon.status).toBe(200)
    expect(icon.headers['content-security-policy']).toContain('sandbox')
    expect((await raw(listener.port, '/api/icons/none', { headers: authed })).status).toBe(404)
  })
})
