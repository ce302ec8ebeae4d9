import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto'

// The runner's own proof key pair, kept in one PEM file: the current private key first, the old one second (one
// key alone serves as both). A host trusts it by importing the <proof-key> element (or the discovery document)
// built from it; after that the ProofKeys cases mean something against any host.

export class ProofKeyFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ProofKeyFileError'
  }
}

const PEM_BLOCK = /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+?-----END \1PRIVATE KEY-----/g

export function parseProofKeyFile(text: string): { current: KeyObject; old: KeyObject } {
  const blocks = text.match(PEM_BLOCK) ?? []
  if (blocks.length === 0 || blocks.length > 2) {
    throw new ProofKeyFileError(
      `expected one or two PEM private keys (current, then old), found ${blocks.length}; create a key pair file with --create-proof-keys <file>`,
    )
  }
  const keys = blocks.map((block, index) => {
    let key: KeyObject
    try {
      key = createPrivateKey(block)
    } catch {
      throw new ProofKeyFileError(`key ${index + 1} is not a readable PEM private key (an encrypted key cannot be used)`)
    }
    if (key.asymmetricKeyType !== 'rsa')
      throw new ProofKeyFileError(`key ${index + 1} is a ${key.asymmetricKeyType ?? 'unknown'} key; WOPI proof keys are RSA keys`)
    return key
  })
  return { current: keys[0]!, old: keys[1] ?? keys[0]! }
}

/** Two fresh 2048-bit RSA keys as the file's text (PKCS#8 PEM, current first). */
export function newProofKeyFileText(): string {
  const pem = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  return `${pem()}${pem()}`
}
