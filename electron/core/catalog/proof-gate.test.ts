import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { smallDiscovery } from '../discovery/test-support/discovery-docs'
import { discoveryHandler, startServer, type LocalServer } from '../discovery/test-support/local-server'
import { signProof, unixMsToTicks } from '../wopi/proof-keys'
import { createProofGate, type ProofGate, type ProofGateRequest } from './proof-gate'
import { createHarness, recordingLog, type Harness } from './test-support/harness'

// A real RSA pair per "editor": its public halves go into a discovery served on 127.0.0.1, its private
// halves sign requests exactly as an editor would (spec 9.1), and the gate must tell them apart.

const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 })
const A = pair()
const B = pair()
const C = pair()

let harness: Harness
let server: LocalServer
let document: () => string
let gate: ProofGate
let appId: string

const TOKEN = 'tok_abc-DEF.123'
const URL_SIGNED = 'https://wopi.example.test/wopi/files/f1?access_token=tok_abc-DEF.123'

function serveKeys(current?: KeyObject, old?: KeyObject) {
  document = () => smallDiscovery({ origin: server.origin, ...(current ? { current } : {}), ...(old ? { old } : {}) })
}

function request(sign: { proof?: KeyObject; proofOld?: KeyObject; ageMs?: number; url?: string; token?: string } = {}): ProofGateRequest {
  const ticks = unixMsToTicks(harness.clock.now() - (sign.ageMs ?? 0))
  const url = sign.url ?? URL_SIGNED
  const token = sign.token ?? TOKEN
  const headers: Record<string, string> = { 'x-wopi-timestamp': ticks.toString() }
  if (sign.proof) headers['x-wopi-proof'] = signProof(sign.proof, token, url, ticks)
  if (sign.proofOld) headers['x-wopi-proofold'] = signProof(sign.proofOld, token, url, ticks)
  return { appId, accessToken: TOKEN, rawAccessToken: undefined, signedUrl: URL_SIGNED, headers }
}

const discoveryHits = () => server.hits.filter((hit) => hit === '/hosting/discovery').length

beforeEach(async () => {
  harness = createHarness()
  server = await startServer((req, res) => discoveryHandler(() => document())(req, res))
  harness.allow(server.origin)
  serveKeys(A.publicKey)
  const { endpoint } = await harness.catalog.importEndpoint({ url: server.origin })
  appId = endpoint.apps[0]!.id
  gate = createProofGate({ catalog: harness.catalog, clock: harness.clock, log: recordingLog(harness.logLines) })
})
afterEach(async () => {
  await server.close()
  harness.close()
})

describe('an editor that publishes keys', () => {
  it('accepts X-WOPI-Proof made with its current key', async () => {
    expect(await gate.verify(request({ proof: A.privateKey }))).toEqual({ required: true, ok: true, via: 'current' })
    expect(discoveryHits()).toBe(1)
  })

  it('rejects a missing proof, naming what is missing', async () => {
    const result = await gate.verify(request())
    expect(result).toMatchObject({ required: true, ok: false })
    expect((result as { reason: string }).reason).toContain('X-WOPI-Proof is missing')
    expect((result as { reason: string }).reason).toContain('X-WOPI-TimeStamp 0 s old')
    const noTimestamp = await gate.verify({ appId, accessToken: TOKEN, rawAccessToken: undefined, signedUrl: URL_SIGNED, headers: {} })
    expect((noTimestamp as { reason: string }).reason).toContain('X-WOPI-TimeStamp is missing')
  })

  it('rejects a stale timestamp even with a valid signature, without re-fetching discovery', async () => {
    const result = await gate.verify(request({ proof: A.privateKey, ageMs: 21 * 60 * 1000 }))
    expect(result).toMatchObject({ required: true, ok: false })
    expect((result as { reason: string }).reason).toBe(
      'X-WOPI-TimeStamp is 21 minutes old (limit 20); signature valid, X-WOPI-TimeStamp 21 min old (limit 20 min)',
    )
    expect(discoveryHits()).toBe(1)
    expect(await gate.verify(request({ proof: A.privateKey, ageMs: -25 * 60 * 1000 }))).toMatchObject({ ok: false })
  })

  it('rejects a signature over another URL or token, after one rate-limited re-fetch', async () => {
    const wrongUrl = await gate.verify(
      request({ proof: A.privateKey, url: 'https://attacker.example/wopi/files/f1?access_token=tok_abc-DEF.123' }),
    )
    expect(wrongUrl).toMatchObject({ required: true, ok: false })
    const reason = (wrongUrl as { reason: string }).reason
    expect(reason).toContain('no signature verified (tried Proof/current)')
    expect(reason).toContain('discovery re-fetched, proof keys unchanged')
    expect(discoveryHits()).toBe(2)
    // Within the rate limit a second failure does not touch the editor again.
    const wrongToken = await gate.verify(request({ proof: A.privateKey, token: 'other' }))
    expect((wrongToken as { reason: string }).reason).toContain('discovery not re-fetched')
    expect(discoveryHits()).toBe(2)
    // Proof headers never reach the log.
    const logged = JSON.stringify(harness.logLines)
    expect(logged).not.toContain(request({ proof: A.privateKey }).headers['x-wopi-proof'])
    expect(logged).toContain('WOPI proof rejected')
  })

  it('follows a key rotation: old-proof, re-fetch, then old-key for clients not yet rotated', async () => {
    // The editor rotates A -> B; our copy still says A.
    serveKeys(B.publicKey, A.publicKey)
    const rotatedClient = await gate.verify(request({ proof: B.privateKey, proofOld: A.privateKey }))
    expect(rotatedClient).toEqual({ required: true, ok: true, via: 'old-proof' })
    await harness.catalog.idle()
    expect(discoveryHits()).toBe(2)
    const summary = harness.catalog.listEndpoints()[0]!.proofKeys
    expect(summary).toMatchObject({ present: true, hasOldKey: true })

    // Now current = B, old = A. A client machine still signing with A only is accepted via the old key.
    harness.clock.advance(10 * 60 * 1000)
    expect(await gate.verify(request({ proof: A.privateKey }))).toEqual({ required: true, ok: true, via: 'old-key' })
    await harness.catalog.idle()
    expect(await gate.verify(request({ proof: B.privateKey }))).toEqual({ required: true, ok: true, via: 'current' })
    // X-WOPI-ProofOld with the old key alone is not enough (validator: CurrentInvalid.OldValidSignedWithOldKey).
    harness.clock.advance(10 * 60 * 1000)
    const oldOld = await gate.verify(request({ proof: C.privateKey, proofOld: A.privateKey }))
    expect(oldOld).toMatchObject({ required: true, ok: false })
    expect((oldOld as { reason: string }).reason).toContain('tried Proof/current, ProofOld/current, Proof/old')
  })

  it('a request signed only with a new key we do not know yet is accepted after the re-fetch', async () => {
    serveKeys(B.publicKey, A.publicKey)
    expect(await gate.verify(request({ proof: B.privateKey }))).toEqual({ required: true, ok: true, via: 'current' })
    expect(discoveryHits()).toBe(2)
    expect(harness.logLines.some((line) => line.message === 'WOPI proof accepted after re-fetching discovery')).toBe(true)
  })

  it('verifies keys given only as .NET blobs (value) as well', async () => {
    document = () =>
      smallDiscovery({ origin: server.origin, current: A.publicKey })
        .replace(/ modulus="[^"]*"/, ' modulus=""')
        .replace(/ exponent="[^"]*"/, ' exponent=""')
    await harness.catalog.refresh()
    expect(await gate.verify(request({ proof: A.privateKey }))).toEqual({ required: true, ok: true, via: 'current' })
  })

  it('a signature with an unknown key is refused, and the reason says what was tried', async () => {
    const result = await gate.verify(request({ proof: C.privateKey, proofOld: C.privateKey }))
    expect(result).toMatchObject({ required: true, ok: false })
    expect((result as { reason: string }).reason).toMatch(
      /^no signature verified \(tried Proof\/current, ProofOld\/current\); X-WOPI-TimeStamp 0 s old; discovery re-fetched, proof keys unchanged; retry with the re-fetched keys: no signature verified/,
    )
  })
})

describe('editors without keys, and unknown apps', () => {
  it('does not require proofs from an editor that publishes none, and the summary says so', async () => {
    serveKeys()
    await harness.catalog.refresh()
    expect(await gate.verify(request())).toEqual({ required: false })
    expect(harness.catalog.listEndpoints()[0]!.proofKeys).toMatchObject({
      present: false,
      detail: expect.stringContaining('publishes no proof keys'),
    })
  })

  it('sessions without an app need no proof; an app that disappeared fails closed', async () => {
    // The host only asks for tokens that carry an app; an empty one is treated as "no app".
    expect(await gate.verify({ ...request(), appId: '' })).toEqual({ required: false })
    const gone = await gate.verify({ ...request({ proof: A.privateKey }), appId: 'removed_writer' })
    expect(gone).toMatchObject({ required: true, ok: false, reason: expect.stringContaining('no longer in the catalog') })
  })

  it('an editor that stops publishing keys is no longer asked for proofs after the re-fetch', async () => {
    serveKeys()
    expect(await gate.verify(request())).toEqual({ required: false })
    expect(discoveryHits()).toBe(2)
  })
})
