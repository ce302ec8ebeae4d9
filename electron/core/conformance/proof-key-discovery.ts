import { createPublicKey, type KeyObject } from 'node:crypto'

// Publishes the runner's proof keys the way a WOPI client does (spec 9.3, 10.2): a <proof-key> element with both
// encodings, and a minimal discovery document with a WopiTest "getinfo" action for ".wopitest" files. A host
// imports it like any editor's discovery and then enforces X-WOPI-Proof on the runner's requests.

export interface RunnerProofKeys {
  /** private keys (KeyObject or PEM); the runner signs X-WOPI-Proof with `current`, X-WOPI-ProofOld with `old` */
  current: KeyObject | string
  old: KeyObject | string
}

export interface ProofKeyAttributes {
  value: string
  modulus: string
  exponent: string
  oldvalue: string
  oldmodulus: string
  oldexponent: string
}

function rsaParts(key: KeyObject | string): { modulus: Buffer; exponent: Buffer } {
  const publicKey = createPublicKey(key)
  if (publicKey.asymmetricKeyType !== 'rsa') throw new Error('proof keys must be RSA keys')
  const jwk = publicKey.export({ format: 'jwk' })
  return { modulus: Buffer.from(jwk.n ?? '', 'base64url'), exponent: Buffer.from(jwk.e ?? '', 'base64url') }
}

/**
 * .NET RSACryptoServiceProvider.ExportCspBlob(false): PUBLICKEYBLOB header (06 02 0000, CALG_RSA_KEYX 0000A400),
 * "RSA1", bit length and public exponent as little-endian uint32, then the modulus little-endian.
 */
export function encodeCspPublicKeyBlob(modulus: Buffer, exponent: Buffer): Buffer {
  let start = 0
  while (start < modulus.length - 1 && modulus[start] === 0) start++
  const trimmed = modulus.subarray(start)
  if (exponent.length > 4) throw new Error('an RSA public exponent longer than 4 bytes cannot be written as a CSP blob')
  const blob = Buffer.alloc(20 + trimmed.length)
  blob.set([0x06, 0x02, 0x00, 0x00, 0x00, 0xa4, 0x00, 0x00], 0)
  blob.write('RSA1', 8, 'ascii')
  blob.writeUInt32LE(trimmed.length * 8, 12)
  blob.writeUInt32LE(exponent.readUIntBE(0, exponent.length), 16)
  Buffer.from(trimmed).reverse().copy(blob, 20)
  return blob
}

export function proofKeyAttributes(keys: RunnerProofKeys): ProofKeyAttributes {
  const current = rsaParts(keys.current)
  const old = rsaParts(keys.old)
  return {
    value: encodeCspPublicKeyBlob(current.modulus, current.exponent).toString('base64'),
    modulus: current.modulus.toString('base64'),
    exponent: current.exponent.toString('base64'),
    oldvalue: encodeCspPublicKeyBlob(old.modulus, old.exponent).toString('base64'),
    oldmodulus: old.modulus.toString('base64'),
    oldexponent: old.exponent.toString('base64'),
  }
}

/** `<proof-key value=… modulus=… exponent=… oldvalue=… oldmodulus=… oldexponent=…/>` */
export function proofKeyElement(keys: RunnerProofKeys): string {
  const attributes = proofKeyAttributes(keys)
  const text = (Object.keys(attributes) as (keyof ProofKeyAttributes)[])
    .map((name) => `${name}="${escapeAttribute(attributes[name])}"`)
    .join(' ')
  return `<proof-key ${text}/>`
}

export interface ConformanceDiscoveryOptions {
  keys: RunnerProofKeys
  /** the getinfo action's urlsrc; only informative, the runner itself never serves it */
  urlsrc?: string
  zone?: string
}

export function conformanceDiscoveryXml(options: ConformanceDiscoveryOptions): string {
  const urlsrc = options.urlsrc ?? 'http://127.0.0.1/wopi-desk/conformance/getinfo?<ui=UI_LLCC&><testcategory=VALIDATOR_TEST_CATEGORY&>'
  const zone = options.zone ?? 'external-http'
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<wopi-discovery>',
    `  <net-zone name="${escapeAttribute(zone)}">`,
    '    <app name="WopiTest" checkLicense="false">',
    `      <action name="getinfo" ext="wopitest" urlsrc="${escapeAttribute(urlsrc)}"/>`,
    '    </app>',
    '  </net-zone>',
    `  ${proofKeyElement(options.keys)}`,
    '</wopi-discovery>',
    '',
  ].join('\n')
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
