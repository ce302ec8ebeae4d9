import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PROOF_KEY_VECTORS_URL } from '../../../fixtures'
import { parseCspBlob } from '../wopi/proof-keys'
import { encodeCspPublicKeyBlob, rsaPublicNumbers } from './csp-blob'

const vectors = JSON.parse(readFileSync(PROOF_KEY_VECTORS_URL, 'utf8')) as {
  discovery: { value: string; modulus: string; exponent: string; oldvalue: string; oldmodulus: string; oldexponent: string }
}

describe('encodeCspPublicKeyBlob', () => {
  it("reproduces Microsoft's published `value` from the same key's modulus and exponent", () => {
    const { discovery } = vectors
    const current = encodeCspPublicKeyBlob({
      modulus: Buffer.from(discovery.modulus, 'base64'),
      exponent: Buffer.from(discovery.exponent, 'base64'),
    })
    const old = encodeCspPublicKeyBlob({
      modulus: Buffer.from(discovery.oldmodulus, 'base64'),
      exponent: Buffer.from(discovery.oldexponent, 'base64'),
    })
    expect(current.toString('base64')).toBe(discovery.value)
    expect(old.toString('base64')).toBe(discovery.oldvalue)
  })

  it('round-trips a fresh 2048-bit key through parseCspBlob', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const numbers = rsaPublicNumbers(publicKey)
    const blob = encodeCspPublicKeyBlob(numbers)
    expect(blob.length).toBe(276)
    expect(blob.subarray(0, 12).toString('hex')).toBe('0602000000a4000052534131')
    const parsed = parseCspBlob(blob.toString('base64'))
    expect(parsed.modulus.equals(numbers.modulus)).toBe(true)
    expect(parsed.exponent.toString('base64')).toBe('AQAB')
  })
})
