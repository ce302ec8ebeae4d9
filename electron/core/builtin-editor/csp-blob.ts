import type { KeyObject } from 'node:crypto'

// The `value`/`oldvalue` encoding of a discovery <proof-key> (spec 9.3): a .NET
// RSACryptoServiceProvider.ExportCspBlob public key blob. Office Web Apps 2013 publishes only this form,
// so hosts that read `value` alone must be able to verify us too.
//
// Layout (all little-endian): PUBLICKEYSTRUC { bType 0x06, bVersion 0x02, reserved 0x0000,
// aiKeyAlg CALG_RSA_KEYX 0x0000A400 }, RSAPUBKEY { magic 'RSA1', bitlen, pubexp }, then the modulus
// reversed to little-endian, bitlen/8 bytes.

const BLOB_HEADER = Buffer.from([0x06, 0x02, 0x00, 0x00, 0x00, 0xa4, 0x00, 0x00])

export interface RsaPublicNumbers {
  /** big-endian, no sign byte */
  modulus: Buffer
  /** big-endian */
  exponent: Buffer
}

export function rsaPublicNumbers(key: KeyObject): RsaPublicNumbers {
  const jwk = key.export({ format: 'jwk' })
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') {
    throw new Error('proof key is not an RSA key')
  }
  return { modulus: stripLeadingZeros(Buffer.from(jwk.n, 'base64url')), exponent: stripLeadingZeros(Buffer.from(jwk.e, 'base64url')) }
}

export function encodeCspPublicKeyBlob({ modulus, exponent }: RsaPublicNumbers): Buffer {
  const trimmed = stripLeadingZeros(modulus)
  // bitlen is the key size (a multiple of 8); a modulus whose top byte is small still fills bitlen/8 bytes.
  const modulusBytes = Math.ceil(trimmed.length / 8) * 8
  const exp = stripLeadingZeros(exponent)
  if (exp.length > 4) throw new Error('RSA public exponent does not fit a CSP blob (4 bytes)')
  const out = Buffer.alloc(BLOB_HEADER.length + 12 + modulusBytes)
  BLOB_HEADER.copy(out, 0)
  out.write('RSA1', 8, 'ascii')
  out.writeUInt32LE(modulusBytes * 8, 12)
  out.writeUInt32LE(
    exp.reduce((acc, byte) => acc * 256 + byte, 0),
    16,
  )
  const littleEndian = Buffer.from(trimmed).reverse()
  littleEndian.copy(out, 20)
  return out
}

function stripLeadingZeros(bytes: Buffer): Buffer {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0) start++
  return bytes.subarray(start)
}
