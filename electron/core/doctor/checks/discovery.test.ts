import { describe, expect, it } from 'vitest'
import { useDoctorSuite } from '../test-support/doctor-suite'

// Discovery checks against local fake editors: clients.md modes 14 (ONLYOFFICE with WOPI off), 5 (stale
// discovery after an upgrade), and a proxy login page instead of XML.

const { h, editor } = useDoctorSuite()

describe('discovery.reachable', () => {
  it('passes for a real discovery document and says what it holds', async () => {
    const fake = await editor()
    await h.addEditor(fake.discoveryUrl)
    const result = await h.check('discovery.reachable')
    expect(result.status).toBe('pass')
    expect(result.detail).toMatch(/answered 200 \(text\/xml.*<wopi-discovery> with 4 apps and 8 actions/)
  })

  it('mode 14: ONLYOFFICE with WOPI switched off answers 404 -> WOPI_ENABLED=true', async () => {
    const fake = await editor({ flavour: 'onlyoffice' })
    await h.addEditor(fake.discoveryUrl)
    fake.config.discovery = { status: 404, contentType: 'text/html', body: '<html><body>404 Not Found</body></html>' }
    const result = await h.check('discovery.reachable')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('HTTP 404')
    expect(result.fix).toContain('-e WOPI_ENABLED=true')
    expect(result.fix).toContain('local.json')
  })

  it('mode 14: an empty 200 answer also points at WOPI_ENABLED=true', async () => {
    const fake = await editor({ flavour: 'onlyoffice' })
    await h.addEditor(fake.discoveryUrl)
    fake.config.discovery = { status: 200, contentType: 'text/xml', body: '' }
    const result = await h.check('discovery.reachable')
    expect(result.status).toBe('fail')
    expect(result.fix).toContain('WOPI_ENABLED=true')
  })

  it('a login page instead of XML is named as such', async () => {
    const fake = await editor()
    await h.addEditor(fake.discoveryUrl)
    fake.config.discovery = {
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: '<!doctype html><form action="/login"><input name="password"></form>',
    }
    const result = await h.check('discovery.reachable')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('HTML page (probably a login page)')
    expect(result.fix).toMatch(/not at a portal or proxy login page/)
  })

  it("a document with the wrong root element fails with the parser's explanation", async () => {
    const fake = await editor()
    await h.addEditor(fake.discoveryUrl)
    fake.config.discovery = { status: 200, contentType: 'text/xml', body: '<?xml version="1.0"?><rss><channel/></rss>' }
    const result = await h.check('discovery.reachable')
    expect(result.status).toBe('fail')
    expect(result.detail).toMatch(/wopi-discovery/)
  })

  it('a stopped editor: connection refused, start the editor', async () => {
    const fake = await editor()
    await h.addEditor(fake.discoveryUrl)
    await fake.close()
    const result = await h.check('discovery.reachable')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('connection refused')
    expect(result.fix).toContain('Start the editor')
  })
})

describe('discovery.formats', () => {
  it('passes when the common formats are offered, and names disabled apps', async () => {
    const fake = await editor()
    const id = await h.addEditor(fake.discoveryUrl)
    expect((await h.check('discovery.formats')).status).toBe('pass')
    const impress = h.catalog.getEndpoint(id).apps.find((app) => app.discoveredName === 'impress')!
    h.catalog.setAppEnabled(impress.id, false)
    const result = await h.check('discovery.formats')
    expect(result.status).toBe('warn')
    expect(result.detail).toContain('also offers .pptx, .odp')
    expect(result.fix).toContain('Enable those apps')
  })
})

describe('discovery.fresh', () => {
  it('mode 5: an upgraded editor serves new urlsrc paths and the old one is gone -> refresh the catalog', async () => {
    const fake = await editor()
    const id = await h.addEditor(fake.discoveryUrl)
    expect((await h.check('discovery.fresh')).status).toBe('pass')
    fake.config.build = 'def5678'
    fake.config.missingPaths = ['/browser/abc1234/cool.html']
    const result = await h.check('discovery.fresh')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('/browser/abc1234/cool.html and is now /browser/def5678/cool.html')
    expect(result.detail).toContain('404')
    expect(result.fix).toContain(`wopi-desk discovery refresh ${id}`)
  })

  it('mode 5: changed paths whose old address still answers are a warning', async () => {
    const fake = await editor()
    await h.addEditor(fake.discoveryUrl)
    fake.config.build = 'def5678'
    const result = await h.check('discovery.fresh')
    expect(result.status).toBe('warn')
    expect(result.detail).toContain('upgraded')
  })

  it('mode 5: the editor page check sees the 404 on the stored address as well', async () => {
    const fake = await editor()
    await h.addEditor(fake.discoveryUrl)
    fake.config.missingPaths = ['/browser/abc1234/cool.html']
    const result = await h.check('editor.reachable')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('answered 404')
    expect(result.fix).toContain('wopi-desk discovery refresh')
  })
})
