import { describe, expect, it } from 'vitest'
import { newProofKeyFileText, parseProofKeyFile, ProofKeyFileError } from './proof-key-file'

describe("validate's proof key pair file", () => {
  it('holds two fresh RSA keys, current first; one key alone serves as both', () => {
    const text = newProofKeyFileText()
    const keys = parseProofKeyFile(text)
    expect(keys.current.asymmetricKeyType).toBe('rsa')
    expect(keys.current.export({ format: 'jwk' }).n).not.toBe(keys.old.export({ format: 'jwk' }).n)
    const single = parseProofKeyFile(text.slice(0, text.indexOf('-----END PRIVATE KEY-----') + 25))
    expect(single.old).toBe(single.current)
  })

  it.each([
    ['', /found 0; create a key pair file with --create-proof-keys <file>/],
    ['-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----', /key 1 is not a readable PEM private key/],
  ])('refuses %j with what to do', (text, message) => {
    expect(() => parseProofKeyFile(text)).toThrow(ProofKeyFileError)
    expect(() => parseProofKeyFile(text)).toThrow(message)
  })
})
