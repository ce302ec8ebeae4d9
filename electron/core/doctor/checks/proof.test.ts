import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { buildActionUrl } from '../../discovery/action-url'
import { proofKeyAttributes } from '../../discovery/test-support/discovery-docs'
import type { DoctorHarness } from '../test-support/doctor-harness'
import { useDoctorSuite } from '../test-support/doctor-suite'
import type { FakeEditor, startFakeEditor } from '../test-support/fake-editor'

// clients.md modes 9 (every call fails with 500 once proofs are on: clock skew, a URL or key mismatch) and 10 (an
// editor that publishes no proof keys). The host verifies proofs with the catalog's keys exactly as the app does;
// the fake editor signs like Collabora, by its own clock.

const MINUTE = 60_000
const keyA = generateKeyPairSync('rsa', { modulusLength: 2048 })
const keyB = generateKeyPairSync('rsa', { modulusLength: 2048 })

function proofKeyXml(publicKey: KeyObject): string {
  const { modulus, exponent, value } = proofKeyAttributes(publicKey)
  return `<proof-key value="${value}" modulus="${modulus}" exponent="${exponent}" oldvalue="" oldmodulus="" oldexponent=""/>`
}

const { editor, start } = useDoctorSuite({}, 'on-demand')

async function setup(config: Parameters<typeof startFakeEditor>[0]): Promise<{ harnessed: DoctorHarness; fake: FakeEditor; id: string }> {
  const harnessed = await start({ proofs: true })
  const fake = await editor(config)
  const id = await harnessed.addEditor(fake.discoveryUrl)
  return { harnessed, fake, id }
}

/** A user opens Plan.docx in the editor: the host page POSTs the token, the editor calls CheckFileInfo (signed). */
async function openDocument(harnessed: DoctorHarness, endpointId: string): Promise<void> {
  const handler = harnessed.catalog.handlersFor('docx').find((candidate) => candidate.endpointId === endpointId)!
  const action = harnessed.catalog.pickAction(handler.appId, 'docx')
  const access = await harnessed.host.desk.issueToken('Plan.docx', { write: true, appId: handler.appId })
  const response = await fetch(buildActionUrl(action.urlsrc, access.wopiSrc, 'en-US'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `access_token=${access.accessToken}&access_token_ttl=${access.accessTokenTtl}`,
  })
  await response.text()
  harnessed.host.desk.requestLog.flush()
}

describe('proof.keys', () => {
  it('mode 10: Collabora without a proof key -> coolconfig generate-proof-key', async () => {
    const { harnessed, id } = await setup({})
    const result = await harnessed.check('proof.keys')
    expect(result.status).toBe('warn')
    expect(result.detail).toContain('publishes no proof keys')
    expect(result.fix).toContain('coolconfig generate-proof-key')
    expect(result.fix).toContain(`wopi-desk discovery refresh ${id}`)
  })

  it('mode 10: ONLYOFFICE without keys -> both key pairs in local.json', async () => {
    const { harnessed } = await setup({ flavour: 'onlyoffice' })
    const result = await harnessed.check('proof.keys')
    expect(result.status).toBe('warn')
    expect(result.fix).toContain('privateKeyOld')
  })

  it('passes when keys are published and signed requests verify', async () => {
    const { harnessed, id, fake } = await setup({ config: { proofKeyXml: proofKeyXml(keyA.publicKey), signWith: keyA.privateKey } })
    await openDocument(harnessed, id)
    expect(fake.callbacks.at(-1)!.status).toBe(200)
    const result = await harnessed.check('proof.keys')
    expect(result.status).toBe('pass')
    expect(result.detail).toMatch(/current key [0-9a-f]{16}\); 1 request in the last 24 h verified/)
  })

  it('mode 9: the editor signs with another key -> 500 on every call; the fix names --public-url and a refresh', async () => {
    const { harnessed, id, fake } = await setup({ config: { proofKeyXml: proofKeyXml(keyA.publicKey), signWith: keyB.privateKey } })
    await openDocument(harnessed, id)
    expect(fake.callbacks.at(-1)!.status).toBe(500)
    const result = await harnessed.check('proof.keys')
    expect(result.status).toBe('fail')
    expect(result.detail).toContain('1 request from Collabora in the last 24 h failed the proof check')
    expect(result.detail).toContain('no signature verified')
    expect(result.fix).toContain('--public-url')
  })

  it('mode 9: a clock 30 minutes off -> proofs fail on the timestamp; both checks say to sync the clocks', async () => {
    const { harnessed, id, fake } = await setup({
      config: { proofKeyXml: proofKeyXml(keyA.publicKey), signWith: keyA.privateKey, clockOffsetMs: 30 * MINUTE },
    })
    await openDocument(harnessed, id)
    expect(fake.callbacks.at(-1)!.status).toBe(500)
    const [proof, clock] = (await harnessed.run(['proof.keys', 'editor.clock'])).checks
    expect(proof!.status).toBe('fail')
    expect(proof!.detail).toMatch(/X-WOPI-TimeStamp 30 min in the future \(limit 20 min\)/)
    expect(proof!.fix).toContain('timedatectl set-ntp true')
    expect(clock!.status).toBe('fail')
    expect(clock!.detail).toMatch(/The editor's clock is 30 min ahead of this computer's/)
    expect(clock!.detail).toContain('refused with 500')
  })

  it('the editor rotated its keys since the import', async () => {
    const { harnessed, fake, id } = await setup({ config: { proofKeyXml: proofKeyXml(keyA.publicKey) } })
    fake.config.proofKeyXml = proofKeyXml(keyB.publicKey)
    const result = await harnessed.check('proof.keys')
    expect(result.status).toBe('warn')
    expect(result.detail).toContain('rotated its proof keys')
    expect(result.fix).toContain(`wopi-desk discovery refresh ${id}`)
  })
})

describe('editor.clock', () => {
  it('a 10-minute skew is a warning; without proof keys even 30 minutes is only a warning', async () => {
    const { harnessed, fake } = await setup({ config: { clockOffsetMs: -10 * MINUTE } })
    const behind = await harnessed.check('editor.clock')
    expect(behind.status).toBe('warn')
    expect(behind.detail).toContain('10 min behind')
    fake.config.clockOffsetMs = 30 * MINUTE
    const ahead = await harnessed.check('editor.clock')
    expect(ahead.status).toBe('warn')
    expect(ahead.detail).toContain('access_token_ttl')
  })

  it('passes within a few seconds', async () => {
    const { harnessed } = await setup({})
    expect((await harnessed.check('editor.clock')).status).toBe('pass')
  })
})
