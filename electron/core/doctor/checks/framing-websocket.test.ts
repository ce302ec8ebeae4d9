import { describe, expect, it } from 'vitest'
import { useDoctorSuite } from '../test-support/doctor-suite'

// clients.md modes 7 (the editor page refuses to be framed) and 6 (a proxy that does not pass WebSocket upgrades).

const { h, editor, start } = useDoctorSuite()

describe('editor.framing', () => {
  it("mode 7: frame-ancestors 'none' -> net.frame_ancestors with the host page origin", async () => {
    const fake = await editor({ config: { pageHeaders: { 'content-security-policy': "default-src 'self'; frame-ancestors 'none'" } } })
    await h.addEditor(fake.discoveryUrl)
    const page = new URL(h.host.desk.wopiBase()).origin
    const result = await h.check('editor.framing')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain("forbids all framing (Content-Security-Policy: frame-ancestors 'none')")
    expect(result.fix).toContain(`--o:net.frame_ancestors=${page}`)
    // It looked at the page the host page would load: the canary's form POST.
    expect(fake.requests.some((request) => request.method === 'POST' && request.path.startsWith('/browser/'))).toBe(true)
  })

  it('mode 7: a proxy adding X-Frame-Options: SAMEORIGIN', async () => {
    const fake = await editor({ flavour: 'onlyoffice', config: { pageHeaders: { 'x-frame-options': 'SAMEORIGIN' } } })
    await h.addEditor(fake.discoveryUrl)
    const result = await h.check('editor.framing')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('X-Frame-Options: SAMEORIGIN')
    expect(result.fix).toContain('proxy_hide_header X-Frame-Options')
  })

  it('follows the redirect an action URL answers the form POST with, and judges the page', async () => {
    const fake = await editor({ config: { redirectPage: true, pageHeaders: { 'content-security-policy': "frame-ancestors 'self'" } } })
    await h.addEditor(fake.discoveryUrl)
    const result = await h.check('editor.framing')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain("allows framing only by 'self'")
    expect(fake.requests.some((request) => request.method === 'GET' && request.path === '/editor/page')).toBe(true)
  })

  it('passes when frame-ancestors names the host page, with the port', async () => {
    const page = new URL(h.host.desk.wopiBase()).origin
    const fake = await editor({ config: { pageHeaders: { 'content-security-policy': `frame-ancestors ${page} https://portal.example` } } })
    await h.addEditor(fake.discoveryUrl)
    const result = await h.check('editor.framing')
    expect(result.status).toBe('pass')
    expect(result.detail).toContain(`frame-ancestors allows ${page}`)
  })

  it('mode 7: frame-ancestors naming only the WOPISrc host, not the page the editor view runs in', async () => {
    const fake = await editor({ config: { pageHeaders: { 'content-security-policy': 'frame-ancestors http://192.168.1.20:17890' } } })
    await h.addEditor(fake.discoveryUrl)
    h.deps.hostPageOrigin = 'http://127.0.0.1:17890'
    const result = await h.check('editor.framing')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('allows framing only by http://192.168.1.20:17890, not by http://127.0.0.1:17890')
  })

  it('without a running host it still loads the page with a GET and judges it', async () => {
    await start({ listen: false })
    const fake = await editor({ config: { pageHeaders: { 'content-security-policy': "frame-ancestors 'none'" } } })
    await h.addEditor(fake.discoveryUrl)
    const result = await h.check('editor.framing')
    expect(result.status).toBe('fail')
    expect(
      fake.requests.some((request) => request.method === 'GET' && request.path.startsWith('/browser/abc1234/cool.html?WOPISrc=')),
    ).toBe(true)
  })
})

describe('collabora.websocket', () => {
  it('passes when the upgrade reaches Collabora (101 with a valid Sec-WebSocket-Accept)', async () => {
    const fake = await editor()
    await h.addEditor(fake.discoveryUrl)
    const result = await h.check('collabora.websocket')
    expect(result.status).toBe('pass')
    expect(result.detail).toContain('/cool/<WOPISrc>/ws answered 101')
    const upgrade = fake.requests.find((request) => request.method === 'UPGRADE')!
    expect(upgrade.headers['origin']).toBe(fake.origin)
    expect(upgrade.path).toMatch(
      /^\/cool\/http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fwopi%2Ffiles%2Fwopi-desk-doctor-websocket\/ws\?WOPISrc=.*&compat=\/ws$/,
    )
  })

  it('mode 6: a proxy answering 400 to the upgrade -> the nginx and Apache lines', async () => {
    const fake = await editor({ config: { websocket: 'proxy-refuses' } })
    await h.addEditor(fake.discoveryUrl)
    const result = await h.check('collabora.websocket')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('answered 400 Bad Request (server: nginx/1.24.0) instead of 101 Switching Protocols')
    expect(result.detail).toContain('Failed to establish socket connection')
    expect(result.fix).toContain('proxy_set_header Upgrade $http_upgrade')
    expect(result.fix).toContain('ProxyPassMatch "/cool/(.*)/ws$"')
  })

  it('mode 6: Collabora itself refusing the upgrade points at the Origin/Host mismatch', async () => {
    const fake = await editor({ config: { websocket: 'collabora-refuses' } })
    await h.addEditor(fake.discoveryUrl)
    const result = await h.check('collabora.websocket')
    expect(result.status).toBe('warn')
    expect(result.detail).toContain('Collabora itself answered 403')
    expect(result.fix).toContain('proxy_set_header Host $host')
  })

  it('mode 6: a 101 with a wrong Sec-WebSocket-Accept', async () => {
    const fake = await editor({ config: { websocket: 'bad-accept' } })
    await h.addEditor(fake.discoveryUrl)
    const result = await h.check('collabora.websocket')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('wrong Sec-WebSocket-Accept')
  })

  it('is skipped for ONLYOFFICE', async () => {
    await h.addEditor((await editor({ flavour: 'onlyoffice' })).discoveryUrl)
    expect((await h.check('collabora.websocket')).status).toBe('skip')
  })
})
