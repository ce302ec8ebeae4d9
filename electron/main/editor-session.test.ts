import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestCerts, type TestCerts } from '../core/discovery/test-support/certs'
import {
  configureEditorSession,
  editorPartition,
  fingerprintOfPem,
  openCertificatePins,
  probeCertificateFingerprint,
} from './editor-session'

const HOST = 'http://127.0.0.1:17890'
const EDITOR = 'https://127.0.0.1:9980'

type RequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string },
) => void
type CheckHandler = (contents: unknown, permission: string, origin: string) => boolean
type VerifyProc = (
  request: { hostname: string; verificationResult: string; certificate: { data: string } },
  callback: (result: number) => void,
) => void

function fakeSession() {
  const session = {
    request: undefined as RequestHandler | undefined,
    check: undefined as CheckHandler | undefined,
    verify: undefined as VerifyProc | undefined,
    setPermissionRequestHandler(handler: RequestHandler) {
      session.request = handler
    },
    setPermissionCheckHandler(handler: CheckHandler) {
      session.check = handler
    },
    setCertificateVerifyProc(proc: VerifyProc) {
      session.verify = proc
    },
  }
  const ask = (permission: string, requestingUrl: string) => {
    let granted: boolean | undefined
    session.request!(null, permission, (value) => (granted = value), { requestingUrl })
    return granted
  }
  const verify = (hostname: string, verificationResult: string, data: string) => {
    let result: number | undefined
    session.verify!({ hostname, verificationResult, certificate: { data } }, (value) => (result = value))
    return result
  }
  return { session, ask, verify }
}

const dir = mkdtempSync(join(tmpdir(), 'wopi-desk-editor-session-'))
let certs: TestCerts
let server: Server
let serverOrigin: string
beforeAll(async () => {
  certs = makeTestCerts(join(dir, 'certs'))
  server = createServer({ key: certs.selfSigned.key, cert: certs.selfSigned.cert }, (_request, response) => response.end('ok'))
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  serverOrigin = `https://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(async () => {
  await new Promise((done) => server.close(done))
  rmSync(dir, { recursive: true, force: true })
})

describe('an editor’s session partition', () => {
  it('is persistent and one per editor origin, never per document', () => {
    expect(editorPartition(`${EDITOR}/browser/x/cool.html`)).toBe(editorPartition(EDITOR))
    expect(editorPartition(EDITOR)).toMatch(/^persist:editor-[0-9a-f]{24}$/)
    expect(editorPartition('https://other.example')).not.toBe(editorPartition(EDITOR))
  })

  it('allows clipboard read only to the editor’s own origin, copying and fullscreen to it and the host page, nothing else', () => {
    const { session, ask } = fakeSession()
    configureEditorSession(session as never, { editorOrigin: EDITOR, hostOrigin: HOST, pinnedFingerprint: null })
    expect(ask('clipboard-read', `${EDITOR}/browser/x/cool.html`)).toBe(true)
    expect(ask('clipboard-read', `${HOST}/host/abc`)).toBe(false)
    expect(ask('clipboard-sanitized-write', `${HOST}/host/abc`)).toBe(true)
    expect(ask('fullscreen', `${EDITOR}/x`)).toBe(true)
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) expect(ask(permission, `${EDITOR}/x`)).toBe(false)
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false)
    expect(session.check!(null, 'clipboard-read', EDITOR)).toBe(true)
    expect(session.check!(null, 'clipboard-read', 'https://evil.example')).toBe(false)
    // A later document from another host port adds that host page, and keeps the handlers set once.
    configureEditorSession(session as never, { editorOrigin: EDITOR, hostOrigin: 'http://127.0.0.1:17892', pinnedFingerprint: null })
    expect(ask('fullscreen', 'http://127.0.0.1:17892/host/x')).toBe(true)
  })

  it('trusts a self-signed editor certificate only when it matches the pin, and only for the editor’s host', () => {
    const { session, verify } = fakeSession()
    const pin = fingerprintOfPem(certs.selfSigned.cert)!
    configureEditorSession(session as never, { editorOrigin: EDITOR, hostOrigin: HOST, pinnedFingerprint: pin })
    expect(verify('127.0.0.1', 'net::ERR_CERT_AUTHORITY_INVALID', certs.selfSigned.cert)).toBe(0)
    expect(verify('127.0.0.1', 'net::ERR_CERT_AUTHORITY_INVALID', certs.valid.cert)).toBe(-3)
    expect(verify('evil.example', 'net::ERR_CERT_AUTHORITY_INVALID', certs.selfSigned.cert)).toBe(-3)
    expect(verify('127.0.0.1', 'net::OK', certs.valid.cert)).toBe(-3)
    const unpinned = fakeSession()
    configureEditorSession(unpinned.session as never, { editorOrigin: EDITOR, hostOrigin: HOST, pinnedFingerprint: null })
    expect(unpinned.verify('127.0.0.1', 'net::ERR_CERT_AUTHORITY_INVALID', certs.selfSigned.cert)).toBe(-3)
  })
})

describe('certificate pins', () => {
  it('reads the fingerprint a server presents, equal to its certificate’s', async () => {
    expect(await probeCertificateFingerprint(serverOrigin)).toBe(fingerprintOfPem(certs.selfSigned.cert))
    expect(await probeCertificateFingerprint('http://127.0.0.1:1')).toBeNull()
    expect(fingerprintOfPem('not a certificate')).toBeNull()
  })

  it('are kept by origin in the data folder', () => {
    const file = join(dir, 'pins.json')
    openCertificatePins(file).set(`${EDITOR}/hosting/discovery`, 'a'.repeat(64))
    expect(openCertificatePins(file).get(EDITOR)).toBe('a'.repeat(64))
    expect(openCertificatePins(file).get('https://other.example')).toBeNull()
  })
})
