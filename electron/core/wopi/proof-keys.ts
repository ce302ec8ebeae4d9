import { createPublicKey, createSign, createVerify, type KeyObject } from 'node:crypto'

// WOPI proof keys (spec section 9): the bytes an editor signs, .NET ticks, the two public-key encodings
// found in discovery, and the three accepted current/old combinations.

/** One public key as discovery publishes it: modulus/exponent (Base64, big-endian) and/or a .NET CSP blob. */
export interface ProofPublicKey {
  modulus?: string
  exponent?: string
  value?: string
}

export interface ProofKeySet {
  current: ProofPublicKey
  /** absent or empty when the editor publishes no previous key */
  old?: ProofPublicKey
}

export type ProofVia = 'current' | 'old-proof' | 'old-key'

export type ProofOutcome = { ok: true; via: ProofVia; ageMs: number } | { ok: false; reason: string; tried: string[]; ageMs?: number }

const TICKS_AT_UNIX_EPOCH = 621_355_968_000_000_000n
export const PROOF_MAX_AGE_MS = 20 * 60 * 1000

export function unixMsToTicks(unixMs: number): bigint {
  return BigInt(Math.trunc(unixMs)) * 10_000n + TICKS_AT_UNIX_EPOCH
}

export function ticksToUnixMs(ticks: bigint): number {
  return Number((ticks - TICKS_AT_UNIX_EPOCH) / 10_000n)
}

/** Upper-cases ASCII letters only: JS and .NET disagree on some non-ASCII letters (spec 9.5). */
export function upperAscii(value: string): string {
  return value.replace(/[a-z]+/g, (run) => run.toUpperCase())
}

/** The signed bytes: len(token) ‖ token ‖ len(URL) ‖ UPPER(URL) ‖ 8 ‖ ticks, all big-endian (spec 9.1). */
export function proofData(accessToken: string, url: string, ticks: bigint): Buffer {
  const token = Buffer.from(accessToken, 'utf8')
  const upperUrl = Buffer.from(upperAscii(url), 'utf8')
  const out = Buffer.alloc(4 + token.length + 4 + upperUrl.length + 4 + 8)
  let offset = out.writeInt32BE(token.length, 0)
  offset += token.copy(out, offset)
  offset = out.writeInt32BE(upperUrl.length, offset)
  offset += upperUrl.copy(out, offset)
  offset = out.writeInt32BE(8, offset)
  out.writeBigInt64BE(ticks, offset)
  return out
}

export function signProof(privateKey: KeyObject, accessToken: string, url: string, ticks: bigint): string {
  const signer = createSign('RSA-SHA256')
  signer.update(proofData(accessToken, url, ticks))
  return signer.sign(privateKey).toString('base64')
}

/** Decodes a .NET ExportCspBlob public key: 'RSA1' header, LE bit length and exponent, LE modulus. */
export function parseCspBlob(base64: string): { modulus: Buffer; exponent: Buffer } {
  const blob = Buffer.from(base64, 'base64')
  if (blob.length < 20 || blob.toString('ascii', 8, 12) !== 'RSA1') {
    throw new Error('proof key "value" is not a .NET RSA public key blob')
  }
  const bitLength = blob.readUInt32LE(12)
  const exponent = blob.readUInt32LE(16)
  const modulusLength = bitLength / 8
  if (!Number.isInteger(modulusLength) || blob.length < 20 + modulusLength) {
    throw new Error('proof key "value" blob is truncated')
  }
  const modulus = Buffer.from(blob.subarray(20, 20 + modulusLength)).reverse()
  const exponentBytes = Buffer.alloc(4)
  exponentBytes.writeUInt32BE(exponent)
  let start = 0
  while (start < 3 && exponentBytes[start] === 0) start++
  return { modulus, exponent: exponentBytes.subarray(start) }
}

/** Builds a Node key from either encoding; modulus/exponent win when both are present (spec 9.3). */
export function toPublicKey(key: ProofPublicKey): KeyObject | null {
  let modulus: Buffer
  let exponent: Buffer
  if (key.modulus && key.exponent) {
    modulus = Buffer.from(key.modulus, 'base64')
    exponent = Buffer.from(key.exponent, 'base64')
  } else if (key.value) {
    ;({ modulus, exponent } = parseCspBlob(key.value))
  } else {
    return null
  }
  return createPublicKey({
    key: { kty: 'RSA', n: modulus.toString('base64url'), e: exponent.toString('base64url') },
    format: 'jwk',
  })
}

export function hasKey(key: ProofPublicKey | undefined): key is ProofPublicKey {
  return Boolean(key && ((key.modulus && key.exponent) || key.value))
}

function verifyOne(key: KeyObject, data: Buffer, signatureBase64: string): boolean {
  try {
    const verifier = createVerify('RSA-SHA256')
    verifier.update(data)
    return verifier.verify(key, Buffer.from(signatureBase64, 'base64'))
  } catch {
    return false
  }
}

export interface ProofRequest {
  accessToken: string
  /** the absolute URL the client called, with its original query and percent-encoding */
  url: string
  timestamp: string | undefined
  proof: string | undefined
  proofOld: string | undefined
}

/**
 * Checks a request's proof headers against an editor's keys. Accepts X-WOPI-Proof with the current key,
 * X-WOPI-ProofOld with the current key, or X-WOPI-Proof with the old key; never ProofOld with the old key.
 * `now` null skips the 20-minute window (only for Microsoft's fixed test vectors).
 */
export function verifyProof(keys: ProofKeySet, request: ProofRequest, now: number | null): ProofOutcome {
  if (!request.timestamp || !/^\d{1,19}$/.test(request.timestamp)) {
    return { ok: false, reason: 'X-WOPI-TimeStamp is missing or not a number', tried: [] }
  }
  if (!request.proof && !request.proofOld) {
    return { ok: false, reason: 'X-WOPI-Proof is missing', tried: [] }
  }
  const ticks = BigInt(request.timestamp)
  const ageMs = now === null ? 0 : now - ticksToUnixMs(ticks)
  const data = proofData(request.accessToken, request.url, ticks)
  const current = toPublicKey(keys.current)
  const old = hasKey(keys.old) ? toPublicKey(keys.old) : null
  const tried: string[] = []
  let via: ProofVia | null = null
  if (current && request.proof) {
    tried.push('Proof/current')
    if (verifyOne(current, data, request.proof)) via = 'current'
  }
  if (!via && current && request.proofOld) {
    tried.push('ProofOld/current')
    if (verifyOne(current, data, request.proofOld)) via = 'old-proof'
  }
  if (!via && old && request.proof) {
    tried.push('Proof/old')
    if (verifyOne(old, data, request.proof)) via = 'old-key'
  }
  if (!via) return { ok: false, reason: `no signature verified (tried ${tried.join(', ') || 'nothing'})`, tried, ageMs }
  if (now !== null && Math.abs(ageMs) > PROOF_MAX_AGE_MS) {
    const minutes = Math.round(ageMs / 60000)
    return {
      ok: false,
      reason:
        minutes > 0
          ? `X-WOPI-TimeStamp is ${minutes} minutes old (limit 20)`
          : `X-WOPI-TimeStamp is ${-minutes} minutes in the future (limit 20)`,
      tried,
      ageMs,
    }
  }
  return { ok: true, via, ageMs }
}

/**
 * Verifies with the decoded token and, when the raw query form differs, with that too (spec 9.4): Collabora
 * and the validator sign the decoded token, Microsoft's vectors the raw one.
 */
export function verifyProofEitherTokenForm(
  keys: ProofKeySet,
  request: ProofRequest,
  rawToken: string | undefined,
  now: number | null,
): ProofOutcome {
  const decoded = verifyProof(keys, request, now)
  if (decoded.ok || !rawToken || rawToken === request.accessToken) return decoded
  const raw = verifyProof(keys, { ...request, accessToken: rawToken }, now)
  return raw.ok ? raw : decoded
}
