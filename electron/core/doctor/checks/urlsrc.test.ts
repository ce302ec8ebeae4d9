import { describe, expect, it } from 'vitest'
import { useDoctorSuite } from '../test-support/doctor-suite'

// clients.md mode 4: the editor names itself after server_name or the Host header of the discovery request, so
// its addresses (urlsrc) can point at an internal name, or carry server_name's escaped dots.

const { h, editor } = useDoctorSuite()

describe('discovery.urlsrc and editor.reachable', () => {
  it('pass when urlsrc uses the discovery origin', async () => {
    await h.addEditor((await editor()).discoveryUrl)
    const report = await h.run(['discovery.urlsrc', 'editor.reachable'])
    expect(report.checks.map((check) => check.status)).toEqual(['pass', 'pass'])
  })

  it('mode 4: urlsrc names an internal host -> server_name, and the editor view cannot load it', async () => {
    const fake = await editor({ config: { urlsrcOrigin: 'http://collabora.invalid:9980' } })
    await h.addEditor(fake.discoveryUrl)
    const [urlsrc, page] = (await h.run(['discovery.urlsrc', 'editor.reachable'])).checks
    expect(urlsrc!.status).toBe('warn')
    expect(urlsrc!.detail).toContain('point at http://collabora.invalid:9980, not at')
    expect(urlsrc!.fix).toContain(`-e server_name=${new URL(fake.origin).host}`)
    expect(page!.status).toBe('fail')
    expect(page!.detail).toContain('cannot load the editor page http://collabora.invalid:9980/browser/abc1234/cool.html')
    expect(page!.detail).toContain('could not be found (DNS)')
  })

  it('mode 4: escaped dots from server_name', async () => {
    const fake = await editor({ config: { urlsrcOrigin: 'http://docs\\.example\\.com' } })
    await h.addEditor(fake.discoveryUrl)
    const result = await h.check('discovery.urlsrc')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('escaped dot')
    expect(result.fix).toContain('server_name=docs.example.com')
  })

  it('mode 3: an https host page with http editor addresses is mixed content too', async () => {
    await h.addEditor((await editor()).discoveryUrl)
    h.deps.hostPageOrigin = 'https://desk.example.test'
    const result = await h.check('discovery.urlsrc')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('the host page runs over https')
    expect(result.fix).toContain('ssl.termination=true')
  })

  it('a proxy answering 502 for the editor page', async () => {
    const fake = await editor()
    await h.addEditor(fake.discoveryUrl)
    // The proxy in front of the editor lost its upstream: the page path answers 502.
    fake.config.pageStatus = 502
    const result = await h.check('editor.reachable')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('answered 502')
    expect(result.fix).toContain('proxy forwards')
  })
})
