import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppProtocolHandler, isConsoleUrl } from './app-protocol'

describe('wopi-desk:// app scheme', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'app-protocol-'))
    await mkdir(join(dir, 'assets'))
    await writeFile(join(dir, 'index.html'), '<title>console</title>')
    await writeFile(join(dir, 'assets', 'a.js'), 'x')
    await writeFile(join(dir, 'host.html'), 'not for the console')
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('serves the console page with a CSP header', async () => {
    const handler = createAppProtocolHandler(dir)
    const response = await handler(new Request('wopi-desk://console/index.html'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await response.text()).toContain('console')
  })

  it('refuses anything but the console page and its assets, and traversal', async () => {
    const handler = createAppProtocolHandler(dir)
    expect((await handler(new Request('wopi-desk://console/assets/a.js'))).status).toBe(200)
    expect((await handler(new Request('wopi-desk://console/host.html'))).status).toBe(404)
    expect((await handler(new Request('wopi-desk://console/assets/%2e%2e/%2e%2e/etc/passwd'))).status).toBe(404)
    expect((await handler(new Request('wopi-desk://other/index.html'))).status).toBe(404)
  })

  it('serves catalog icons sandboxed', async () => {
    const handler = createAppProtocolHandler(dir, {
      readIcon: async (id) => (id === 'x1' ? { bytes: Buffer.from('png'), contentType: 'image/png' } : null),
    })
    const icon = await handler(new Request('wopi-desk://console/api/icons/x1'))
    expect(icon.headers.get('content-security-policy')).toContain('sandbox')
    expect((await handler(new Request('wopi-desk://console/api/icons/zz'))).status).toBe(404)
  })

  it('recognises console URLs', () => {
    expect(isConsoleUrl('wopi-desk://console/index.html')).toBe(true)
    expect(isConsoleUrl('wopi-desk://consolex/index.html')).toBe(false)
    expect(isConsoleUrl('https://console/')).toBe(false)
    expect(isConsoleUrl('not a url')).toBe(false)
  })
})
