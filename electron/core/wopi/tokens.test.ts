import { describe, expect, it } from 'vitest'
import { hashToken } from './tokens'

describe('hashToken', () => {
  it('is the hex SHA-256 of the token as UTF-8, the form stored in the tokens table', () => {
    // FIPS 180-2 test vector.
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    // Not Latin-1: 'é' is hashed as its two UTF-8 bytes C3 A9.
    expect(hashToken('\u00e9')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c')
  })
})
