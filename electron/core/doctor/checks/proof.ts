import { proofKeyFingerprint } from '../../discovery/build-model'
import { discoveryFact } from '../facts'
import { firstHeader } from '../net/http-probe'
import { ago, byKind, clientsOf, duration, editorLabel, fail, pass, plural, skip, warn, type EndpointCheck } from './types'

// Proof keys (clients.md rows 9 and 10): whether requests claiming to come from an editor can be verified, whether
// they do verify (the traffic log records each result), whether the editor rotated its keys since the catalog was
// refreshed, and whether the two clocks are close enough for X-WOPI-TimeStamp's 20-minute window.

const DAY = 24 * 3600_000
const WARN_SKEW_MS = 5 * 60_000
const FAIL_SKEW_MS = 20 * 60_000

function proofFailureFix(reason: string, wopiBase: string, refresh: string): string {
  if (/\(limit 20( min)?\)|older than 20|more than 20 min/i.test(reason)) {
    return 'The timestamps are outside the 20-minute window: synchronise the clocks of this computer and of the editor server (NTP: timedatectl set-ntp true, or w32tm /resync on Windows).'
  }
  if (/no signature verified|not verify|signature/i.test(reason)) {
    return `The editor signed a different URL than this host rebuilds, or signs with other keys: set --public-url to exactly the address the editor calls (scheme, host and port; behind a TLS proxy the https name), now ${wopiBase}; and ${refresh.charAt(0).toLowerCase()}${refresh.slice(1)}`
  }
  if (/cannot be used|cannot be read/i.test(reason))
    return `The editor publishes a broken proof key: fix its key configuration, then ${refresh.charAt(0).toLowerCase()}${refresh.slice(1)}`
  return refresh
}

export const proofKeysCheck: EndpointCheck = {
  id: 'proof.keys',
  title: 'Proof keys are published and requests verify',
  scope: 'endpoint',
  async run(ctx, endpoint) {
    const label = editorLabel(endpoint.kind)
    const refresh = `Refresh the catalog: wopi-desk discovery refresh ${endpoint.id} --data <data folder>.`
    const stored = endpoint.proofKeys
    const fact = await discoveryFact(ctx, endpoint)
    const freshKeys = fact.ok ? fact.model.proofKeys : undefined
    const clients = clientsOf(endpoint.kind)
    const rows = ctx
      .traffic({ since: ctx.now() - DAY })
      .filter((row) => row.client !== null && clients.includes(row.client) && row.proof && row.proof !== 'none')
    const failed = rows.filter((row) => row.proof!.startsWith('failed'))
    const viaOld = rows.filter((row) => row.proof === 'old-proof' || row.proof === 'old-key')
    const verified = rows.filter((row) => row.proof === 'current')

    if (!stored) {
      if (freshKeys)
        return warn(`${label} now publishes proof keys, but the catalog copy has none, so its requests are not verified yet.`, refresh)
      return warn(
        `${endpoint.name} publishes no proof keys: requests that claim to come from it cannot be verified (anyone holding a token could use it), so WOPI Desk does not require proofs from it.`,
        byKind(endpoint.kind, {
          collabora: `Give Collabora a proof key: run coolconfig generate-proof-key on the server (Docker: docker exec <container> coolconfig generate-proof-key), restart it, then refresh the catalog (wopi-desk discovery refresh ${endpoint.id}).`,
          onlyoffice: `Configure both key pairs in ONLYOFFICE's local.json (wopi.privateKey/publicKey and wopi.privateKeyOld/publicKeyOld; it publishes keys only when both are set), restart, then refresh the catalog (wopi-desk discovery refresh ${endpoint.id}).`,
          other: refresh,
        }),
      )
    }
    if (stored.error) {
      return fail(
        `The proof key ${endpoint.name} published cannot be used (${stored.error}): every request from it is refused with 500.`,
        `Fix the key on the editor, then ${refresh.charAt(0).toLowerCase()}${refresh.slice(1)}`,
      )
    }
    const storedPrint = proofKeyFingerprint(stored.current)
    const freshPrint = freshKeys ? proofKeyFingerprint(freshKeys.current) : null
    if (failed.length > 0) {
      const last = failed[0]!
      const reason = last.proof!.replace(/^failed:\s*/, '')
      return fail(
        `${plural(failed.length, 'request')} from ${label} in the last 24 h failed the proof check (last ${ago(ctx.now() - last.ts)}, ${last.operation}): ${reason}. The host answered 500, so those documents did not open or save.`,
        proofFailureFix(reason, ctx.host.wopiBase, refresh),
      )
    }
    if (fact.ok && freshKeys === null) {
      return warn(
        `${endpoint.name} stopped publishing proof keys since the catalog was refreshed (Collabora: its proof_key file is gone).`,
        refresh,
      )
    }
    if (freshPrint && storedPrint && freshPrint !== storedPrint) {
      return warn(
        `${endpoint.name} rotated its proof keys since the catalog was refreshed (key ${storedPrint} is now ${freshPrint}). The host re-fetches keys when a proof fails, but requests verify only through the old key until then.`,
        refresh,
      )
    }
    if (viaOld.length > 0) {
      return warn(
        `${plural(viaOld.length, 'recent request')} from ${label} verified only through a previous key: one side rotated its keys.`,
        refresh,
      )
    }
    return pass(
      `Proof keys published (current key ${storedPrint ?? '?'}${stored.old ? ', plus a previous key' : ''}); ${verified.length > 0 ? `${plural(verified.length, 'request')} in the last 24 h verified` : 'no signed request in the last 24 h yet'}.`,
    )
  },
}

export const clockCheck: EndpointCheck = {
  id: 'editor.clock',
  title: "The editor's clock agrees with this computer's",
  scope: 'endpoint',
  async run(ctx, endpoint) {
    const fact = await discoveryFact(ctx, endpoint)
    if (!fact.response) return skip('The editor did not answer, so its clock cannot be read.')
    const date = firstHeader(fact.response.headers, 'date')
    const serverMs = date ? Date.parse(date) : NaN
    if (!Number.isFinite(serverMs)) return skip("The editor's answer has no usable Date header, so its clock cannot be read.")
    const local = (fact.sentAt + fact.receivedAt) / 2
    // The Date header has whole seconds: allow for that before calling it skew.
    const raw = serverMs - local
    const skew = Math.sign(raw) * Math.max(0, Math.abs(raw) - 1000)
    const direction = skew > 0 ? 'ahead of' : 'behind'
    const signs = endpoint.proofKeys !== null
    const fix =
      "Synchronise both clocks with NTP (Linux: timedatectl set-ntp true; Windows: w32tm /resync). A container uses its host's clock, so fix the host."
    if (Math.abs(skew) > FAIL_SKEW_MS) {
      const detail = `The editor's clock is ${duration(skew)} ${direction} this computer's (its Date header: ${date}).`
      if (signs)
        return fail(
          `${detail} Its proof timestamps (X-WOPI-TimeStamp) fall outside the 20-minute window, so every signed request is refused with 500.`,
          fix,
        )
      return warn(
        `${detail} Token expiry (access_token_ttl) is judged by the editor's clock, so sessions look expired early or late; proofs would fail if it starts signing.`,
        fix,
      )
    }
    if (Math.abs(skew) > WARN_SKEW_MS) {
      return warn(
        `The editor's clock is ${duration(skew)} ${direction} this computer's (Date: ${date}): proofs still pass, but at 20 minutes every signed request fails.`,
        fix,
      )
    }
    return pass(`The editor's clock is within ${duration(Math.max(Math.abs(raw), 1000))} of this computer's.`)
  },
}
