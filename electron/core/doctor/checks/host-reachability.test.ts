import { describe, expect, it } from 'vitest'
import type { DoctorHarness } from '../test-support/doctor-harness'
import { useDoctorSuite } from '../test-support/doctor-suite'

// Can the editor call the host back? clients.md modes 1 (Collabora allow-list), 2 (unreachable host, loopback
// WOPISrc), 8 (TLS as Collabora sees it) and 15 (token not taken from the form), with fake editors that answer
// wopiAccessCheck, or that call (or never call) CheckFileInfo when a document is opened.

const { editor, start: harness } = useDoctorSuite({}, 'on-demand')

function port(harnessed: DoctorHarness): string {
  return new URL(harnessed.host.desk.wopiBase()).port
}

describe('Collabora wopiAccessCheck', () => {
  it('Ok: Collabora fetched a real CheckFileInfo of ours, and it arrived', async () => {
    const harnessed = await harness()
    const fake = await editor()
    await harnessed.addEditor(fake.discoveryUrl)
    const report = await harnessed.run(['host.reachable-from-editor', 'collabora.alias-groups', 'host.loopback'])
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ['host.reachable-from-editor', 'pass'],
      ['host.loopback', 'pass'],
      ['collabora.alias-groups', 'pass'],
    ])
    expect(report.checks[0]!.detail).toContain('answered Ok, and its request arrived here')
    // The fake really called our host with the probe document's token, and the token never reached the result.
    expect(fake.callbacks).toHaveLength(1)
    expect(fake.callbacks[0]!.status).toBe(200)
    const token = new URL(fake.callbacks[0]!.url).searchParams.get('access_token')!
    expect(token.length).toBeGreaterThan(20)
    expect(JSON.stringify(report)).not.toContain(token)
  })

  it('mode 1: WopiHostNotAllowed -> aliasgroup1 with the port written out', async () => {
    const harnessed = await harness()
    const fake = await editor({ config: { accessCheck: 'WopiHostNotAllowed' } })
    await harnessed.addEditor(fake.discoveryUrl)
    const [reach, loopback, alias] = (await harnessed.run(['host.reachable-from-editor', 'collabora.alias-groups', 'host.loopback'])).checks
    const origin = `http://127.0.0.1:${port(harnessed)}`
    // Collabora refused before trying to connect: the loopback address is not blamed for it.
    expect(loopback!.status).toBe('warn')
    expect(reach!.status).toBe('fail')
    expect(reach!.detail).toContain('WopiHostNotAllowed')
    expect(reach!.fix).toContain(`-e aliasgroup1=${origin}`)
    expect(alias!.status).toBe('fail')
    expect(alias!.detail).toContain('Unauthorized WOPI host')
    expect(alias!.fix).toContain(`<host desc="WOPI Desk" allow="true">${origin}</host>`)
  })

  it.each([
    ['NotHttpSuccess', 'fail', '--public-url'],
    ['HostNotFound', 'fail', '--public-url http://host.docker.internal:'],
    ['ConnectionAborted', 'fail', '--add-host=host.docker.internal:host-gateway'],
    ['CertificateValidation', 'fail', 'ssl.ssl_verification=false'],
    ['SelfSignedCertificate', 'fail', '--o:ssl.ssl_verification=false'],
    ['ExpiredCertificate', 'fail', 'Renew the certificate'],
    ['SslHandshakeFail', 'fail', 'the public URL must be http'],
    ['MissingSsl', 'fail', 'use --public-url http://'],
    ['NotHttps', 'fail', 'ssl.termination=true'],
    ['NoScheme', 'fail', 'wopi-desk serve --public-url http://192.168.1.20:'],
    ['Timeout', 'fail', 'allow TCP port'],
    ['UnspecifiedError', 'fail', "Collabora's log"],
    ['SomethingNew', 'warn', "Collabora's log"],
  ])('mode 2/8: wopiAccessCheck %s is explained with its own fix', async (status, expected, fix) => {
    const harnessed = await harness()
    const fake = await editor({ config: { accessCheck: status } })
    await harnessed.addEditor(fake.discoveryUrl)
    const result = await harnessed.check('host.reachable-from-editor')
    expect(result.status).toBe(expected)
    expect(result.detail).toContain(status)
    expect(result.fix.toLowerCase()).toContain(fix.toLowerCase())
  })

  it('alias groups pass when Collabora fails only after accepting the host', async () => {
    const harnessed = await harness()
    await harnessed.addEditor((await editor({ config: { accessCheck: 'ConnectionAborted' } })).discoveryUrl)
    const alias = await harnessed.check('collabora.alias-groups')
    expect(alias.status).toBe('pass')
    expect(alias.detail).toContain('accepts')
  })
})

describe('canary: a test document opened through the action URL', () => {
  it('ONLYOFFICE calls CheckFileInfo with the posted token: reachable, and the canary is gone afterwards', async () => {
    const harnessed = await harness()
    const fake = await editor({ flavour: 'onlyoffice' })
    await harnessed.addEditor(fake.discoveryUrl)
    const result = await harnessed.check('host.reachable-from-editor')
    expect(result.status).toBe('pass')
    expect(result.detail).toMatch(/ONLYOFFICE opened a test document through .* and called CheckFileInfo on this host/)
    // The host page's form POST: access_token and access_token_ttl in the body, nothing in the query.
    const open = fake.requests.find((request) => request.method === 'POST' && request.path.startsWith('/hosting/wopi/'))!
    expect(open.body).toMatch(/^access_token=[A-Za-z0-9_-]{43}&access_token_ttl=\d+$/)
    expect(open.path).not.toContain('access_token')
    expect(fake.callbacks[0]!.status).toBe(200)
    const { readdir } = await import('node:fs/promises')
    expect(await readdir(harnessed.host.root)).toEqual(['Plan.docx'])
  })

  it('mode 2: the editor opens the page but never calls back -> not reachable, with the Docker and LAN fixes', async () => {
    const harnessed = await harness()
    const fake = await editor({ flavour: 'onlyoffice', config: { onOpen: 'nothing' } })
    await harnessed.addEditor(fake.discoveryUrl)
    const [reach, loopback] = (await harnessed.run(['host.reachable-from-editor', 'host.loopback'])).checks
    expect(reach!.status).toBe('fail')
    expect(reach!.detail).toMatch(/no CheckFileInfo reached this host within 2 s: the editor cannot call http:\/\/127\.0\.0\.1:\d+/)
    expect(reach!.fix).toContain('--add-host=host.docker.internal:host-gateway')
    expect(reach!.fix).toContain('--bind 0.0.0.0 --public-url http://192.168.1.20:')
    expect(loopback!.status).toBe('fail')
    expect(loopback!.detail).toContain('has its own 127.0.0.1')
  })

  it('mode 15: CheckFileInfo arrives without the token that was posted', async () => {
    const harnessed = await harness()
    const fake = await editor({ flavour: 'onlyoffice', config: { onOpen: 'check-file-info-without-token' } })
    await harnessed.addEditor(fake.discoveryUrl)
    const result = await harnessed.check('host.reachable-from-editor')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('without the access token')
    expect(result.detail).toContain('ONLYOFFICE reads access_token only from the POSTed form body')
  })

  it('Collabora before wopiAccessCheck: loads the document over its WebSocket, which the canary opens', async () => {
    const harnessed = await harness()
    const fake = await editor({
      config: {
        capabilities: { status: 200, hasWopiAccessCheck: false, productVersion: '23.05.9' },
        onOpen: 'nothing',
        loadOnSocket: true,
      },
    })
    await harnessed.addEditor(fake.discoveryUrl)
    const [reach, alias] = (await harnessed.run(['host.reachable-from-editor', 'collabora.alias-groups'])).checks
    expect(reach!.status).toBe('pass')
    expect(reach!.detail).toContain('does not offer /hosting/wopiAccessCheck')
    expect(alias!.status).toBe('pass')
    expect(alias!.detail).toContain('so http://127.0.0.1:')
    const socket = fake.requests.find((request) => request.method === 'UPGRADE')!
    expect(socket.path).toMatch(/^\/cool\/http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fwopi%2Ffiles%2F[^/]+%3Faccess_token%3D[^/]+\/ws\?WOPISrc=/)
  })

  it('mode 1: old Collabora that never calls back: the allow-list is named as a likely cause', async () => {
    const harnessed = await harness()
    const fake = await editor({
      config: { capabilities: { status: 404, hasWopiAccessCheck: false, productVersion: '' }, onOpen: 'nothing' },
    })
    await harnessed.addEditor(fake.discoveryUrl)
    const [reach, alias] = (await harnessed.run(['host.reachable-from-editor', 'collabora.alias-groups'])).checks
    expect(reach!.status).toBe('fail')
    expect(reach!.fix).toContain('aliasgroup1=http://127.0.0.1:')
    expect(alias!.status).toBe('warn')
    expect(alias!.detail).toContain('No acceptable WOPI hosts found matching the target host [127.0.0.1]')
  })

  it('the host not running: reachability is skipped with "start it with wopi-desk serve"', async () => {
    const harnessed = await harness({ listen: false })
    await harnessed.addEditor((await editor()).discoveryUrl)
    const result = await harnessed.check('host.reachable-from-editor')
    expect(result.status).toBe('skip')
    expect(result.detail).toContain('not running')
    expect(result.fix).toContain('wopi-desk serve')
  })
})

describe('host.loopback and host.public-url', () => {
  async function remoteEditor(harnessed: DoctorHarness): Promise<string> {
    const fake = await editor()
    const id = await harnessed.addEditor(fake.discoveryUrl)
    // The editor as a name on the LAN (resolved by the test's fixed name table): another machine.
    harnessed.host.desk.db
      .prepare('UPDATE endpoints SET discovery_url = ? WHERE id = ?')
      .run('http://collabora.lan:9980/hosting/discovery', id)
    return id
  }

  it('mode 2: a loopback WOPISrc with an editor on another machine', async () => {
    const harnessed = await harness({ names: { 'collabora.lan': ['10.1.2.3'] } })
    await remoteEditor(harnessed)
    const [publicUrl, loopback] = (await harnessed.run(['host.public-url', 'host.loopback'])).checks
    expect(loopback!.status).toBe('fail')
    expect(loopback!.detail).toContain('runs on another machine (collabora.lan = 10.1.2.3)')
    expect(loopback!.fix).toContain(`--public-url http://host.docker.internal:${port(harnessed)}`)
    expect(loopback!.fix).toContain('--bind 172.17.0.1')
    expect(loopback!.fix).toContain('-e aliasgroup1=')
    expect(publicUrl!.status).toBe('fail')
    expect(publicUrl!.fix).toContain(`--bind 0.0.0.0 --public-url http://192.168.1.20:${port(harnessed)}`)
  })

  it('an editor name that does not resolve here is a warning', async () => {
    const harnessed = await harness()
    await remoteEditor(harnessed)
    const loopback = await harnessed.check('host.loopback')
    expect(loopback.status).toBe('warn')
    expect(loopback.detail).toContain('cannot be resolved here')
  })

  it('a public URL on the LAN is not a loopback WOPISrc', async () => {
    const harnessed = await harness({ publicUrl: 'http://192.168.1.20:17890', names: { 'collabora.lan': ['10.1.2.3'] } })
    await remoteEditor(harnessed)
    const [publicUrl, loopback] = (await harnessed.run(['host.public-url', 'host.loopback'])).checks
    expect(loopback!.status).toBe('pass')
    expect(publicUrl!.status).toBe('warn') // bound to 127.0.0.1 while the public URL names a LAN address
    expect(publicUrl!.fix).toContain('--bind 0.0.0.0 --public-url http://192.168.1.20:17890')
  })
})
