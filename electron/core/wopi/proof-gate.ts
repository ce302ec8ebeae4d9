import type { IncomingHttpHeaders } from 'node:http'
import type { ProofVia } from './proof-keys'

// Proof keys (spec 9) are checked by a gate the composition root injects: it knows the editor catalog
// (which app a token was issued for, and that app's discovery keys) and uses proof-keys.ts. The router only
// asks it, before rejecting an invalid token (spec 1.3 step 2), and answers 500 when it says no.

export interface ProofCheckInput {
  /** the app the presented token was issued for (tokens.app_id) */
  appId: string
  /** the token as decoded from the query (or the Bearer header) */
  accessToken: string
  /** the token exactly as it appeared in the query string, when it came from there */
  rawAccessToken: string | undefined
  /** the absolute URL the client called: public base + raw path and query, byte for byte */
  signedUrl: string
  headers: IncomingHttpHeaders
}

export type ProofCheckResult =
  { required: false } | { required: true; ok: true; via: ProofVia } | { required: true; ok: false; reason: string }

export interface ProofGate {
  verify(input: ProofCheckInput): Promise<ProofCheckResult>
}
