import { createPrivateKey, type KeyObject } from 'node:crypto'
import { signProof, unixMsToTicks } from '../wopi/proof-keys'
import type { MutatorDef } from './model'
import type { RunnerProofKeys } from './proof-key-discovery'

// Signs a request like the validator does (X-WOPI-Proof with the current key, X-WOPI-ProofOld with the old key,
// X-WOPI-TimeStamp in .NET ticks) and applies the <ProofKey> mutator of the ProofKeys group:
// - Timestamp: re-sign everything with that fixed time (e.g. 2015, far older than the 20-minute window);
// - KeyRelation Ahead: ProofOld := the current-key signature, Proof := junk (client rotated, host not yet);
// - KeyRelation Behind: Proof := the old-key signature, ProofOld := junk (host rotated, client not yet);
// - Synced (default): MutateCurrent / MutateOld replace that header with junk.

/** Base64 of "INVALID", the junk signature the reference mutator uses. */
export const INVALID_PROOF = Buffer.from('INVALID', 'utf8').toString('base64')

export interface PrivateProofKeys {
  current: KeyObject
  old: KeyObject
}

export function loadPrivateProofKeys(keys: RunnerProofKeys): PrivateProofKeys {
  const load = (key: KeyObject | string, label: string) => {
    const object = typeof key === 'string' ? createPrivateKey(key) : key
    if (object.type !== 'private' || object.asymmetricKeyType !== 'rsa')
      throw new Error(`the ${label} proof key must be an RSA private key`)
    return object
  }
  return { current: load(keys.current, 'current'), old: load(keys.old, 'old') }
}

export interface ProofHeaders {
  'X-WOPI-Proof': string
  'X-WOPI-ProofOld': string
  'X-WOPI-TimeStamp': string
}

export function proofHeaders(keys: PrivateProofKeys, accessToken: string, url: string, ticks: bigint): ProofHeaders {
  return {
    'X-WOPI-Proof': signProof(keys.current, accessToken, url, ticks),
    'X-WOPI-ProofOld': signProof(keys.old, accessToken, url, ticks),
    'X-WOPI-TimeStamp': ticks.toString(),
  }
}

/** Signed headers for one request, after the request's <ProofKey> mutator (if any). */
export function signedProofHeaders(
  keys: PrivateProofKeys,
  accessToken: string,
  url: string,
  nowMs: number,
  mutator: Extract<MutatorDef, { kind: 'ProofKey' }> | undefined,
): ProofHeaders {
  // .NET's DateTime.TryParse turns "2015-08-17T00:00:00Z" into local time; either way it is years too old
  const fixedTime = mutator?.timestamp ? Date.parse(mutator.timestamp) : Number.NaN
  const ticks = unixMsToTicks(Number.isNaN(fixedTime) ? nowMs : fixedTime)
  const headers = proofHeaders(keys, accessToken, url, ticks)
  if (!mutator) return headers
  switch (mutator.keyRelation) {
    case 'Ahead':
      return { ...headers, 'X-WOPI-ProofOld': headers['X-WOPI-Proof'], 'X-WOPI-Proof': INVALID_PROOF }
    case 'Behind':
      return { ...headers, 'X-WOPI-Proof': headers['X-WOPI-ProofOld'], 'X-WOPI-ProofOld': INVALID_PROOF }
    case 'Synced':
      return {
        ...headers,
        'X-WOPI-Proof': mutator.mutateCurrent ? INVALID_PROOF : headers['X-WOPI-Proof'],
        'X-WOPI-ProofOld': mutator.mutateOld ? INVALID_PROOF : headers['X-WOPI-ProofOld'],
      }
  }
}
