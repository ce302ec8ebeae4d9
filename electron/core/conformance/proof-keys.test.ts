import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { PROOF_KEY_VECTORS_URL } from '../../../fixtures'
import { parseCspBlob, unixMsToTicks, verifyProof, type ProofKeySet } from '../wopi/proof-keys'
import { conformanceDiscoveryXml, encodeCspPublicKeyBlob, proofKeyAttributes, proofKeyElement } from './proof-key-discovery'
import { INVALID_PROOF, loadPrivateProofKeys, signedProofHeaders } from './proof-signing'

const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
const keys = { current: pair(), old: pair() }
const NOW = Date.UTC(2026, 5, 1, 12)

function keySetOf(attributes: ReturnType<typeof proofKeyAttributes>, by: 'blob' | 'modulus'): ProofKeySet {
  return by === 'blob'
    ? { current: { value: attributes.value }, old: { value: attributes.oldvalue } }
    : {
        current: { modulus: attributes.modulus, exponent: attributes.exponent },
        old: { modulus: attributes.oldmodulus, exponent: attributes.oldexponent },
      }
}

describe('proof-key element encoder', () => {
  it('writes a .NET CSP blob whose modulus parses back to the modulus attribute', () => {
    const attributes = proofKeyAttributes(keys)
    for (const [value, modulus, exponent] of [
      [attributes.value, attributes.modulus, attributes.exponent],
      [attributes.oldvalue, attributes.oldmodulus, attributes.oldexponent],
    ] as const) {
      const blob = Buffer.from(value, 'base64')
      expect(blob).toHaveLength(276)
      expect(blob.subarray(0, 12).toString('hex')).toBe('0602000000a4000052534131')
      const parsed = parseCspBlob(value)
      expect(parsed.modulus.toString('base64')).toBe(modulus)
      expect(parsed.exponent.toString('base64')).toBe(exponent)
      expect(exponent).toBe('AQAB')
    }
  })

  it("reproduces Microsoft's published blob from its modulus and exponent", () => {
    const discovery = (
      JSON.parse(readFileSync(PROOF_KEY_VECTORS_URL, 'utf8')) as {
        discovery: Record<string, string>
      }
    ).discovery
    const blob = encodeCspPublicKeyBlob(Buffer.from(discovery['modulus']!, 'base64'), Buffer.from(discovery['exponent']!, 'base64'))
    expect(blob.toString('base64')).toBe(discovery['value'])
  })

  it('produces a <proof-key> element and a discovery document a host can import', () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' })
    const element = parser.parse(proofKeyElement(keys))['proof-key']
    expect(element).toEqual(proofKeyAttributes(keys))
    const discovery = parser.parse(conformanceDiscoveryXml({ keys }))['wopi-discovery']
    expect(discovery['net-zone'].app).toMatchObject({ name: 'WopiTest', action: { name: 'getinfo', ext: 'wopitest' } })
    expect(discovery['net-zone'].app.action.urlsrc).toContain('<testcategory=VALIDATOR_TEST_CATEGORY&>')
    expect(discovery['proof-key']).toEqual(proofKeyAttributes(keys))
  })
})

describe('signed proof headers and the ProofKey mutator', () => {
  const privateKeys = loadPrivateProofKeys(keys)
  const attributes = proofKeyAttributes(keys)
  const url = 'http://127.0.0.1:1234/wopi/files/abc?access_token=tok%2Den&access_token_ttl=0'
  const verify = (headers: ReturnType<typeof signedProofHeaders>, keySet: ProofKeySet) =>
    verifyProof(
      keySet,
      {
        accessToken: 'tok-en',
        url,
        timestamp: headers['X-WOPI-TimeStamp'],
        proof: headers['X-WOPI-Proof'],
        proofOld: headers['X-WOPI-ProofOld'],
      },
      NOW,
    )

  const mutator = (extra: object) => ({
    kind: 'ProofKey' as const,
    mutateCurrent: false,
    mutateOld: false,
    timestamp: null,
    keyRelation: 'Synced' as const,
    ...extra,
  })

  it.each(['blob', 'modulus'] as const)('unmutated headers verify with the %s encoding of the published keys', (by) => {
    const headers = signedProofHeaders(privateKeys, 'tok-en', url, NOW, undefined)
    expect(headers['X-WOPI-TimeStamp']).toBe(unixMsToTicks(NOW).toString())
    expect(verify(headers, keySetOf(attributes, by))).toMatchObject({ ok: true, via: 'current' })
  })

  it('MutateCurrent / MutateOld replace the signature with junk', () => {
    const both = signedProofHeaders(privateKeys, 'tok-en', url, NOW, mutator({ mutateCurrent: true, mutateOld: true }))
    expect([both['X-WOPI-Proof'], both['X-WOPI-ProofOld']]).toEqual([INVALID_PROOF, INVALID_PROOF])
    expect(verify(both, keySetOf(attributes, 'modulus')).ok).toBe(false)
    const currentOnly = signedProofHeaders(privateKeys, 'tok-en', url, NOW, mutator({ mutateCurrent: true }))
    // ProofOld signed with the old key alone must not be accepted (CurrentInvalid.OldValidSignedWithOldKey)
    expect(verify(currentOnly, keySetOf(attributes, 'modulus')).ok).toBe(false)
    const oldOnly = signedProofHeaders(privateKeys, 'tok-en', url, NOW, mutator({ mutateOld: true }))
    expect(verify(oldOnly, keySetOf(attributes, 'modulus'))).toMatchObject({ ok: true, via: 'current' })
  })

  it('KeyRelation Ahead moves the current signature into ProofOld, Behind puts the old signature into Proof', () => {
    const ahead = signedProofHeaders(privateKeys, 'tok-en', url, NOW, mutator({ keyRelation: 'Ahead' }))
    expect(ahead['X-WOPI-Proof']).toBe(INVALID_PROOF)
    expect(verify(ahead, keySetOf(attributes, 'modulus'))).toMatchObject({ ok: true, via: 'old-proof' })
    const behind = signedProofHeaders(privateKeys, 'tok-en', url, NOW, mutator({ keyRelation: 'Behind' }))
    expect(behind['X-WOPI-ProofOld']).toBe(INVALID_PROOF)
    expect(verify(behind, keySetOf(attributes, 'modulus'))).toMatchObject({ ok: true, via: 'old-key' })
  })

  it('Timestamp re-signs with a fixed, old time', () => {
    const stale = signedProofHeaders(privateKeys, 'tok-en', url, NOW, mutator({ timestamp: '2015-08-17T00:00:00Z' }))
    expect(stale['X-WOPI-TimeStamp']).toBe(unixMsToTicks(Date.UTC(2015, 7, 17)).toString())
    const outcome = verify(stale, keySetOf(attributes, 'modulus'))
    expect(outcome.ok).toBe(false)
    expect(outcome.ok ? '' : outcome.reason).toMatch(/minutes old/)
  })

  it('refuses keys that are not RSA private keys', () => {
    const publicOnly = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey
    expect(() => loadPrivateProofKeys({ current: publicOnly, old: keys.old })).toThrow(/current proof key must be an RSA private key/)
  })
})
