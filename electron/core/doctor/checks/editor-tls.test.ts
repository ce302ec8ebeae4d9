import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestCerts, type TestCerts } from '../../discovery/test-support/certs'
import { tempDir } from '../../discovery/test-support/discovery-docs'
import { useDoctorSuite } from '../test-support/doctor-suite'
import type { FakeEditor } from '../test-support/fake-editor'

// clients.md mode 8 (TLS) and mode 3 (mixed content) with real TLS listeners: certificates come from the
// machine's openssl through the discovery tests' helper; the test CA is trusted through the doctor's `ca`
// option only, never process-wide.

let certs: TestCerts
let certDir: { dir: string; remove: () => void }
const { editor, start } = useDoctorSuite({}, 'on-demand')

beforeAll(() => {
  certDir = tempDir('wopi-desk-doctor-certs-')
  certs = makeTestCerts(certDir.dir)
})
afterAll(() => certDir.remove())
/** the harness, trusting the test CA */
const harness = () => start({ ca: certs.caCert })

/** An http editor whose pages (urlsrc) live on `pages`: the discovery imports fine, the page origin is what is tested. */
async function editorWithPagesOn(pages: string): Promise<FakeEditor> {
  return editor({ config: { urlsrcOrigin: pages } })
}

describe('editor.tls', () => {
  it('passes for a certificate from a trusted authority and says until when', async () => {
    const harnessed = await harness()
    const fake = await editor({ tls: certs.valid })
    await harnessed.addEditor(fake.discoveryUrl)
    const result = await harnessed.check('editor.tls')
    expect(result.status).toBe('warn') // the test certificates are valid for two days: "expires in 2 days"
    expect(result.detail).toMatch(
      /127\.0\.0\.1:\d+: issued to CN=127\.0\.0\.1 by CN=WOPI Desk Test CA, valid until \d{4}-\d{2}-\d{2}.*expires in [12] days/,
    )
    expect(result.fix).toContain('Renew the certificate')
  })

  it('mode 8: a self-signed editor the admin chose to trust is a warning, not silence', async () => {
    const harnessed = await harness()
    const fake = await editor({ tls: certs.selfSigned })
    await harnessed.addEditor(fake.discoveryUrl, { insecureTls: true })
    const result = await harnessed.check('editor.tls')
    expect(result.status).toBe('warn')
    expect(result.detail).toContain('self-signed')
    expect(result.detail).toContain('only because you chose to trust')
  })

  it('mode 8: a self-signed editor page nobody chose to trust fails with --insecure-tls as the way out', async () => {
    const harnessed = await harness()
    const pages = await editor({ tls: certs.selfSigned })
    const fake = await editorWithPagesOn(pages.origin)
    await harnessed.addEditor(fake.discoveryUrl)
    const result = await harnessed.check('editor.tls')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain(`${new URL(pages.origin).host} is self-signed`)
    expect(result.fix).toContain('--insecure-tls')
  })

  it('mode 8: an expired certificate', async () => {
    const harnessed = await harness()
    const pages = await editor({ tls: certs.expired })
    await harnessed.addEditor((await editorWithPagesOn(pages.origin)).discoveryUrl)
    const result = await harnessed.check('editor.tls')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('expired on 2020-01-02')
    expect(result.fix).toContain('Renew the certificate')
  })

  it('mode 8: a certificate for another host name', async () => {
    const harnessed = await harness()
    const pages = await editor({ tls: certs.wrongHost })
    await harnessed.addEditor((await editorWithPagesOn(pages.origin)).discoveryUrl)
    const result = await harnessed.check('editor.tls')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('issued for DNS:other.example, not for 127.0.0.1')
    expect(result.fix).toContain('subjectAltName DNS:127.0.0.1')
  })

  it('mode 8: https pointed at an http port ("wrong version number")', async () => {
    const harnessed = await harness()
    const plain = await editor()
    await harnessed.addEditor((await editorWithPagesOn(`https://127.0.0.1:${plain.port}`)).discoveryUrl)
    const result = await harnessed.check('editor.tls')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('answers in plain HTTP, not TLS')
    expect(result.fix).toContain('Use http://')
  })

  it('skips plain-http editors', async () => {
    const harnessed = await harness()
    await harnessed.addEditor((await editor()).discoveryUrl)
    expect((await harnessed.check('editor.tls')).status).toBe('skip')
  })
})

describe('discovery.reachable over TLS', () => {
  it('mode 8: the certificate expired after the import', async () => {
    const harnessed = await harness()
    const first = await editor({ tls: certs.valid })
    await harnessed.addEditor(first.discoveryUrl)
    await first.close()
    await editor({ tls: certs.expired, port: first.port })
    const result = await harnessed.check('discovery.reachable')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('has expired')
    expect(result.fix).toContain("Renew the editor's certificate")
  })
})

describe('discovery.urlsrc', () => {
  it('mode 3: http editor addresses under an https discovery are mixed content -> ssl.termination=true', async () => {
    const harnessed = await harness()
    const plain = await editor()
    const fake = await editor({ tls: certs.valid, config: { urlsrcOrigin: plain.origin } })
    await harnessed.addEditor(fake.discoveryUrl)
    const result = await harnessed.check('discovery.urlsrc')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('use plain http')
    expect(result.detail).toContain('mixed content')
    expect(result.fix).toContain('ssl.termination=true')
  })
})
