import type { Clock, Log } from '../deps'
import { PROOF_MAX_AGE_MS, ticksToUnixMs, verifyProofEitherTokenForm, type ProofOutcome } from '../wopi/proof-keys'
import type { ProofCheckInput, ProofCheckResult, ProofGate } from '../wopi/proof-gate'
import type { Catalog, ProofTarget } from './catalog'

// Checks that a WOPI request really comes from the editor the session was opened with (spec 9.2): its
// X-WOPI-Proof / X-WOPI-ProofOld over token, URL and X-WOPI-TimeStamp must verify with that editor's
// discovery keys. Editors that publish no keys are not asked for proofs. A failure re-fetches discovery once
// (rate-limited) and retries, because the editor may have rotated its keys; acceptance through an old key
// also schedules a re-fetch. Proof headers are never logged.

/** The host's interface (electron/core/wopi/proof-gate.ts); this module is its implementation. */
export type { ProofGate }
export type ProofGateRequest = ProofCheckInput
export type ProofGateResult = ProofCheckResult

type CatalogForProofs = Pick<Catalog, 'proofKeysFor' | 'requestProofRefresh'>

export function createProofGate(deps: { catalog: CatalogForProofs; clock: Clock; log: Log }): ProofGate {
  const { catalog, clock, log } = deps

  const check = (target: ProofTarget, request: ProofGateRequest, now: number | null): ProofOutcome => {
    const keys = target.keys!
    if (keys.error) return { ok: false, reason: `the editor's published proof key cannot be used (${keys.error})`, tried: [] }
    return verifyProofEitherTokenForm(
      keys,
      {
        accessToken: request.accessToken,
        url: request.signedUrl,
        timestamp: header(request.headers, 'x-wopi-timestamp'),
        proof: header(request.headers, 'x-wopi-proof'),
        proofOld: header(request.headers, 'x-wopi-proofold'),
      },
      request.rawAccessToken,
      now,
    )
  }

  return {
    async verify(request) {
      if (!request.appId) return { required: false }
      const target = catalog.proofKeysFor(request.appId)
      if (!target) {
        // Fail closed: we cannot tell which keys apply, so we cannot tell the editor from an impostor.
        return {
          required: true,
          ok: false,
          reason: `the app "${request.appId}" this session was opened with is no longer in the catalog, so its proof keys are unknown; open the document again`,
        }
      }
      if (!target.keys) return { required: false }

      const now = clock.now()
      const first = check(target, request, now)
      if (first.ok) {
        if (first.via !== 'current') {
          // Spec 9.2: success only through an old key means one side rotated; bring our copy up to date.
          void catalog.requestProofRefresh(target.endpointId).catch((error: unknown) => {
            log.warn('proof-triggered discovery refresh failed', { endpointId: target.endpointId, error: (error as Error).message })
          })
        }
        return { required: true, ok: true, via: first.via }
      }

      const age = describeAge(request, now)
      // A signature that verifies but is too old will not verify any better with fresh keys.
      if (check(target, request, null).ok) {
        const reason = `${first.reason}; signature valid, ${age}`
        log.warn('WOPI proof rejected', { endpointId: target.endpointId, reason })
        return { required: true, ok: false, reason }
      }

      const refresh = await catalog.requestProofRefresh(target.endpointId)
      if (refresh.refreshed) {
        const updated = catalog.proofKeysFor(request.appId)
        if (updated && !updated.keys) {
          log.warn('editor stopped publishing proof keys; request accepted without proof', { endpointId: target.endpointId })
          return { required: false }
        }
        if (updated?.keys) {
          const retry = check(updated, request, clock.now())
          if (retry.ok) {
            log.info('WOPI proof accepted after re-fetching discovery', { endpointId: target.endpointId, via: retry.via })
            return { required: true, ok: true, via: retry.via }
          }
          const reason = `${describeFailure(first)}; ${age}; ${refresh.detail}; retry with the re-fetched keys: ${describeFailure(retry)}`
          log.warn('WOPI proof rejected', { endpointId: target.endpointId, reason })
          return { required: true, ok: false, reason }
        }
      }
      const reason = `${describeFailure(first)}; ${age}; ${refresh.detail}`
      log.warn('WOPI proof rejected', { endpointId: target.endpointId, reason })
      return { required: true, ok: false, reason }
    },
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  let value = headers[name]
  if (value === undefined) {
    const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name)
    value = key === undefined ? undefined : headers[key]
  }
  const text = Array.isArray(value) ? value[0] : value
  return text?.trim() || undefined
}

function describeFailure(outcome: ProofOutcome): string {
  if (outcome.ok) return `verified via ${outcome.via}`
  if (outcome.tried.length === 0) return outcome.reason
  if (outcome.reason.startsWith('no signature verified')) return `no signature verified (tried ${outcome.tried.join(', ')})`
  return `${outcome.reason} (tried ${outcome.tried.join(', ')})`
}

/** "X-WOPI-TimeStamp 3 s old", "... 21 min old (limit 20)", "... missing". */
function describeAge(request: ProofGateRequest, now: number): string {
  const value = header(request.headers, 'x-wopi-timestamp')
  if (!value) return 'X-WOPI-TimeStamp missing'
  if (!/^\d{1,19}$/.test(value)) return 'X-WOPI-TimeStamp not a number'
  const ageMs = now - ticksToUnixMs(BigInt(value))
  const limit = Math.abs(ageMs) > PROOF_MAX_AGE_MS ? ' (limit 20 min)' : ''
  const magnitude = Math.abs(ageMs) < 120_000 ? `${Math.round(Math.abs(ageMs) / 1000)} s` : `${Math.round(Math.abs(ageMs) / 60_000)} min`
  return ageMs >= 0 ? `X-WOPI-TimeStamp ${magnitude} old${limit}` : `X-WOPI-TimeStamp ${magnitude} in the future${limit}`
}
