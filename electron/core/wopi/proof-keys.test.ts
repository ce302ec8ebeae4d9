import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PROOF_KEY_VECTORS_URL } from '../../../fixtures'
import { parseCspBlob, proofData, signProof, ticksToUnixMs, unixMsToTicks, verifyProof, type ProofKeySet } from './proof-keys'

interface Vector {
  name: string
  valid: boolean
  access_token: string
  timestamp: string
  url: string
  proof: string
  proofOld: string
}
const vectors = JSON.parse(readFileSync(PROOF_KEY_VECTORS_URL, 'utf8')) as {
  discovery: Record<string, string>
  cases: Vector[]
}
const d = vectors.discovery
const byModulus: ProofKeySet = {
  current: { modulus: d['modulus']!, exponent: d['exponent']! },
  old: { modulus: d['oldmodulus']!, exponent: d['oldexponent']! },
}
const byBlob: ProofKeySet = { current: { value: d['value']! }, old: { value: d['oldvalue']! } }

describe('Microsoft proof-key test vectors', () => {
  it('has the 8 cases, 6 valid and 2 invalid', () => {
    expect(vectors.cases).toHaveLength(8)
    expect(vectors.cases.filter((c) => c.valid)).toHaveLength(6)
  })

  for (const [label, keys] of [
    ['modulus/exponent', byModulus],
    ['.NET blob', byBlob],
  ] as const) {
    for (const vector of vectors.cases) {
      it(`${vector.name} is ${vector.valid ? 'accepted' : 'rejected'} with ${label} keys`, () => {
        const outcome = verifyProof(
          keys,
          {
            accessToken: vector.access_token,
            url: vector.url,
            timestamp: vector.timestamp,
            proof: vector.proof,
            proofOld: vector.proofOld,
          },
          null,
        )
        expect(outcome.ok).toBe(vector.valid)
      })
    }
  }

  it('builds the documented signed buffer for the first case', async () => {
    const first = vectors.cases[0]!
    const data = proofData(first.access_token, first.url, BigInt(first.timestamp))
    expect(data.length).toBe(507)
    expect(data.subarray(0, 8).toString('hex')).toBe('000000c8795a6864')
    expect(data.subarray(-12).toString('hex')).toBe('0000000808d24dabc878e41c')
    const { createHash } = await import('node:crypto')
    expect(createHash('sha256').update(data).digest('hex')).toBe('5ba5ba7a205e58d1de521c6f290b484787901e4104409cc9fb28d5803fc48079')
  })

  it('reads the .NET blob as the same key as modulus/exponent', () => {
    const parsed = parseCspBlob(d['value']!)
    expect(parsed.modulus.toString('base64')).toBe(d['modulus'])
    expect(parsed.exponent.toString('base64')).toBe('AQAB')
  })
})

describe('proof verification rules', () => {
  const current = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const old = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const jwk = (k: typeof current) => k.publicKey.export({ format: 'jwk' })
  const asDiscovery = (k: typeof current) => ({
    modulus: Buffer.from(jwk(k).n!, 'base64url').toString('base64'),
    exponent: Buffer.from(jwk(k).e!, 'base64url').toString('base64'),
  })
  const keys: ProofKeySet = { current: asDiscovery(current), old: asDiscovery(old) }
  const now = Date.UTC(2026, 10, 27, 12)
  const url = 'http://127.0.0.1:1234/wopi/files/abc?access_token=tok'
  const sign = (k: typeof current, at = now) => {
    const ticks = unixMsToTicks(at)
    return { ticks: ticks.toString(), sig: signProof(k.privateKey, 'tok', url, ticks) }
  }

  it('round-trips ticks', () => {
    expect(ticksToUnixMs(unixMsToTicks(now))).toBe(now)
    expect(unixMsToTicks(0)).toBe(621355968000000000n)
  })

  it('accepts the three allowed combinations and names which one matched', () => {
    const c = sign(current)
    const o = sign(old)
    const base = { accessToken: 'tok', url, timestamp: c.ticks }
    expect(verifyProof(keys, { ...base, proof: c.sig, proofOld: o.sig }, now)).toMatchObject({ ok: true, via: 'current' })
    expect(verifyProof(keys, { ...base, proof: 'AAAA', proofOld: c.sig }, now)).toMatchObject({ ok: true, via: 'old-proof' })
    expect(verifyProof(keys, { ...base, proof: o.sig, proofOld: 'AAAA' }, now)).toMatchObject({ ok: true, via: 'old-key' })
  })

  it('rejects ProofOld signed with the old key alone', () => {
    const o = sign(old)
    const outcome = verifyProof(keys, { accessToken: 'tok', url, timestamp: o.ticks, proof: 'AAAA', proofOld: o.sig }, now)
    expect(outcome.ok).toBe(false)
  })

  it('rejects a timestamp older than 20 minutes and one far in the future', () => {
    const stale = sign(current, now - 21 * 60_000)
    const outcome = verifyProof(keys, { accessToken: 'tok', url, timestamp: stale.ticks, proof: stale.sig, proofOld: undefined }, now)
    expect(outcome).toMatchObject({ ok: false })
    expect(outcome.ok ? '' : outcome.reason).toMatch(/21 minutes old/)
    const future = sign(current, now + 30 * 60_000)
    expect(verifyProof(keys, { accessToken: 'tok', url, timestamp: future.ticks, proof: future.sig, proofOld: undefined }, now).ok).toBe(
      false,
    )
  })

  it('rejects a signature over another URL (the URL is part of the proof)', () => {
    const c = sign(current)
    const outcome = verifyProof(keys, { accessToken: 'tok', url: url + '&x=1', timestamp: c.ticks, proof: c.sig, proofOld: undefined }, now)
    expect(outcome.ok).toBe(false)
  })

  it('compares the URL case-insensitively, as the editor upper-cases it', () => {
    const c = sign(current)
    expect(
      verifyProof(keys, { accessToken: 'tok', url: url.toUpperCase(), timestamp: c.ticks, proof: c.sig, proofOld: undefined }, now).ok,
    ).toBe(true)
  })

  it('says what is missing', () => {
    expect(verifyProof(keys, { accessToken: 'tok', url, timestamp: undefined, proof: 'x', proofOld: undefined }, now)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/TimeStamp/),
    })
    expect(verifyProof(keys, { accessToken: 'tok', url, timestamp: '1', proof: undefined, proofOld: undefined }, now)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/Proof is missing/),
    })
  })
})
