import { HOST_NOT_RUNNING, HOST_NOT_RUNNING_FIX, type DoctorContext } from '../context'
import { accessCheckFact, canaryResult, localityFact, type AccessCheckFact } from '../facts'
import { isLoopbackHost, originWithPort } from '../net/addresses'
import { exampleLanAddress, listenerPort, reachableAddressFix } from './host-config'
import { duration, editorLabel, fail, pass, skip, warn, type CheckOutcome, type EndpointCheck, type EndpointInfo } from './types'

// Can the editor call the host back (clients.md rows 1, 2, 8, 15)? Collabora can be asked directly
// (/hosting/wopiAccessCheck: it fetches a URL of ours and names what went wrong). Every other editor is tested
// with a canary: a test document opened through the action URL exactly as the host page does, then the traffic
// log shows whether the editor's CheckFileInfo arrived.

export interface Reachability {
  method: 'wopiAccessCheck' | 'canary' | 'none'
  /** true: the editor reached the host; false: it did not; null: could not be tested */
  reached: boolean | null
  outcome: CheckOutcome
}

function aliasFix(origin: string): string {
  return `Add this host to Collabora's allowed WOPI hosts, with the port written out: -e aliasgroup1=${origin} (Docker; more hosts: aliasgroup2=...), or in coolwsd.xml <storage><wopi><alias_groups mode="groups"><group><host desc="WOPI Desk" allow="true">${origin}</host></group></alias_groups></wopi></storage>; then restart Collabora. In mode "first" Collabora accepts only the first host that ever connected.`
}

/** Collabora's wopiAccessCheck verdict in plain words, with the fix for each status (Collabora SDK troubleshooting guide). */
export function explainAccessCheck(ctx: DoctorContext, fact: Extract<AccessCheckFact, { state: 'answered' }>): Reachability {
  const callback = new URL(fact.callback.url)
  const target = `${callback.protocol}//${callback.host}`
  const origin = originWithPort(callback)
  const port = listenerPort(ctx)
  const lan = exampleLanAddress(ctx)
  const asked = `Collabora was asked to call ${target}${fact.callback.file ? ' (a test document)' : ''} and answered`
  const reached = (outcome: CheckOutcome): Reachability => ({ method: 'wopiAccessCheck', reached: true, outcome })
  const notReached = (outcome: CheckOutcome): Reachability => ({ method: 'wopiAccessCheck', reached: false, outcome })
  // Refusals Collabora makes before it tries to connect say nothing about whether it could have.
  const refused = (outcome: CheckOutcome): Reachability => ({ method: 'wopiAccessCheck', reached: null, outcome })
  switch (fact.status) {
    case 'Ok':
      return reached(pass(`${asked} Ok${fact.arrived ? ', and its request arrived here' : ''}: Collabora reaches this host at ${target}.`))
    case 'NotHttpSuccess':
      if (!fact.callback.file) {
        return reached(
          pass(
            `${asked} NotHttpSuccess: it reached ${target} (the plain host address answers 401/404 to a request without a document, as expected).`,
          ),
        )
      }
      return notReached(
        fail(
          `${asked} NotHttpSuccess: it connected to ${target}, but the answer was not 200, so something other than WOPI Desk answers there (another program on the port, a proxy, or a login page).`,
          `Make --public-url point at this host (now ${ctx.host.wopiBase}); a proxy in front of WOPI Desk must pass /wopi/ through without authentication.`,
        ),
      )
    case 'HostNotFound':
      return notReached(
        fail(
          `${asked} HostNotFound: the Collabora server cannot resolve ${callback.hostname} (DNS).`,
          `Use an address Collabora can resolve: an IP address (wopi-desk serve --bind 0.0.0.0 --public-url http://${lan}:${port}), or in Docker --add-host=host.docker.internal:host-gateway with --public-url http://host.docker.internal:${port}.`,
        ),
      )
    case 'WopiHostNotAllowed':
      return refused(
        fail(
          `${asked} WopiHostNotAllowed: Collabora refuses ${origin} as a WOPI host, so opening shows "Unauthorized WOPI host".`,
          aliasFix(origin),
        ),
      )
    case 'ConnectionAborted':
      return notReached(
        fail(
          `${asked} ConnectionAborted: the connection to ${target} was refused or cut. ${isLoopbackHost(callback.hostname) ? `${callback.hostname} inside a container is the container itself, not this computer.` : 'Nothing listens there as seen from the editor, or a firewall blocks it.'}`,
          isLoopbackHost(callback.hostname)
            ? reachableAddressFix(ctx, { collabora: true })
            : `Listen on the network (wopi-desk serve --bind 0.0.0.0 --public-url ${ctx.host.wopiBase}) and allow TCP port ${port} in this computer's firewall.`,
        ),
      )
    case 'CertificateValidation':
      return notReached(
        fail(
          `${asked} CertificateValidation: Collabora does not accept the certificate of ${target}.`,
          `Use a certificate for ${callback.hostname} from an authority the Collabora server trusts (add your CA to the container's trust store), or, only on a test system, set ssl.ssl_verification=false in coolwsd.xml.`,
        ),
      )
    case 'SelfSignedCertificate':
      return notReached(
        fail(
          `${asked} SelfSignedCertificate: the certificate of ${target} is self-signed, and Collabora verifies certificates (ssl.ssl_verification).`,
          `Give ${callback.hostname} a certificate from an authority Collabora trusts (or add your CA to its trust store); only on a test system: -e "extra_params=--o:ssl.ssl_verification=false".`,
        ),
      )
    case 'ExpiredCertificate':
      return notReached(
        fail(
          `${asked} ExpiredCertificate: the certificate of ${target} has expired.`,
          `Renew the certificate of ${callback.hostname} (in the TLS proxy in front of WOPI Desk).`,
        ),
      )
    case 'SslHandshakeFail':
      return notReached(
        fail(
          `${asked} SslHandshakeFail: no TLS connection could be made to ${target}.`,
          `If nothing terminates TLS for this host, the public URL must be http: wopi-desk serve --public-url http://${callback.host}; otherwise fix the TLS proxy's certificate and protocols.`,
        ),
      )
    case 'MissingSsl':
      return notReached(
        fail(
          `${asked} MissingSsl: ${target} answered without TLS although the address is https.`,
          `WOPI Desk itself speaks http: use --public-url http://${callback.host}, or put a TLS proxy in front of it.`,
        ),
      )
    case 'NotHttps':
      return refused(
        fail(
          `${asked} NotHttps: the WOPI host address is https but Collabora itself is plain http, and it refuses that mix (it would cause mixed content).`,
          'Either serve Collabora over https (ssl.enable=true, or ssl.termination=true behind a TLS proxy), or give WOPI Desk an http public URL (--public-url http://...).',
        ),
      )
    case 'NoScheme':
      return refused(
        fail(
          `${asked} NoScheme: the WOPI host address has no http:// or https://.`,
          `Set a full public URL: wopi-desk serve --public-url http://${lan}:${port}.`,
        ),
      )
    case 'Timeout':
      return notReached(
        fail(
          `${asked} Timeout: ${target} did not answer Collabora within 2 seconds (packets dropped by a firewall, or the address leads nowhere).`,
          `Allow TCP port ${port} in this computer's firewall and check the address: ${reachableAddressFix(ctx, { collabora: true })}`,
        ),
      )
    case 'UnspecifiedError':
      return notReached(
        fail(
          `${asked} UnspecifiedError: the call to ${target} failed for a reason Collabora does not name.`,
          "Look in Collabora's log (docker logs <container>) for the lines around 'Wopi Access Check'.",
        ),
      )
    default:
      return {
        method: 'wopiAccessCheck',
        reached: null,
        outcome: warn(
          `${asked} "${fact.status}", a status this version of WOPI Desk does not know.`,
          "Look in Collabora's log for the lines around 'Wopi Access Check'.",
        ),
      }
  }
}

export function reachability(ctx: DoctorContext, endpoint: EndpointInfo): Promise<Reachability> {
  return ctx.memo(`reachability:${endpoint.id}`, async (): Promise<Reachability> => {
    if (ctx.host.state === 'none') return { method: 'none', reached: null, outcome: skip(HOST_NOT_RUNNING, HOST_NOT_RUNNING_FIX) }
    const access = await accessCheckFact(ctx, endpoint)
    if (access.state === 'answered') return explainAccessCheck(ctx, access)
    const label = editorLabel(endpoint.kind)
    const Label = label.charAt(0).toUpperCase() + label.slice(1)
    const canary = await canaryResult(ctx, endpoint)
    const viaWhat =
      access.state === 'error' ? ` (wopiAccessCheck failed: ${access.reason})` : endpoint.kind === 'collabora' ? ` (${access.reason})` : ''
    if (canary.state === 'unavailable') return { method: 'canary', reached: null, outcome: skip(canary.detail, canary.fix) }
    if (canary.postError !== null) {
      return {
        method: 'canary',
        reached: null,
        outcome: fail(
          `A test document could not be opened in ${label}: ${canary.postError}`,
          'This computer cannot reach the editor page: see "Editor page reachable" and "TLS" for this editor.',
        ),
      }
    }
    const record = canary.arrived
    if (record) {
      const elapsed = Math.max(0, record.ts - (canary.post?.sentAt ?? record.ts))
      const after = elapsed < 1000 ? 'within a second' : `after about ${duration(elapsed)}`
      const base = `${Label} opened a test document through ${new URL(canary.actionUrl).origin}${viaWhat} and called CheckFileInfo on this host`
      if (record.status === 200)
        return { method: 'canary', reached: true, outcome: pass(`${base} (${after}): it reaches ${ctx.host.wopiBase}.`) }
      if (record.status === 401 && /no access token/i.test(record.error ?? '')) {
        return {
          method: 'canary',
          reached: true,
          outcome: fail(
            `${base}, but without the access token that was posted to it: the editor did not take the token from the form (ONLYOFFICE reads access_token only from the POSTed form body).`,
            'Make sure nothing between the host page and the editor turns the POST into a GET or drops its body (proxy redirects, a login step).',
          ),
        }
      }
      return {
        method: 'canary',
        reached: true,
        outcome: warn(
          `${base}, which was answered ${record.status}: ${record.error ?? 'no reason recorded'}.`,
          record.status === 500 && record.proof?.startsWith('failed')
            ? 'See "Proof keys" for this editor.'
            : 'See the Activity page for the request.',
        ),
      }
    }
    const postStatus = canary.post ? `${canary.post.status} ${canary.post.statusText}`.trim() : 'no answer'
    if (canary.post && canary.post.status >= 400) {
      return {
        method: 'canary',
        reached: null,
        outcome: fail(
          `${Label} refused to open a test document: the action URL answered ${postStatus}, and no CheckFileInfo arrived.`,
          endpoint.kind === 'onlyoffice'
            ? "Check WOPI is on (-e WOPI_ENABLED=true) and ONLYOFFICE's log (docker logs <container>) for the wopi lines."
            : "Check the editor's log for why it refused the request.",
        ),
      }
    }
    const socket =
      endpoint.kind === 'collabora'
        ? canary.ws
          ? canary.ws.upgraded
            ? ' Its document WebSocket was opened too.'
            : ` Its document WebSocket was refused (${canary.ws.status}), see "WebSocket".`
          : canary.wsError
            ? ` Its document WebSocket failed (${canary.wsError}).`
            : ''
        : ''
    const loopback = isLoopbackHost(new URL(ctx.host.wopiBase).hostname)
    const allowList = endpoint.kind === 'collabora' ? ` ${aliasHint(originWithPort(ctx.host.wopiBase))}` : ''
    return {
      method: 'canary',
      reached: false,
      outcome: fail(
        `${Label} was asked to open a test document${viaWhat} (its page answered ${postStatus}), but no CheckFileInfo reached this host within ${duration(canary.waitedMs)}: the editor cannot call ${ctx.host.wopiBase}.${socket}${loopback ? ` ${new URL(ctx.host.wopiBase).hostname} is a loopback address: an editor in a container or on another machine cannot use it.` : ''}`,
        `${loopback ? reachableAddressFix(ctx, { collabora: endpoint.kind === 'collabora' }) : `Check the editor can reach ${ctx.host.wopiBase} (firewall: allow TCP port ${listenerPort(ctx)}; DNS; --bind 0.0.0.0).`}${allowList}`,
      ),
    }
  })
}

function aliasHint(origin: string): string {
  return `If Collabora's log says "No acceptable WOPI hosts found matching the target host" (or "No authorized hosts found"), add -e aliasgroup1=${origin}.`
}

export const hostReachableCheck: EndpointCheck = {
  id: 'host.reachable-from-editor',
  title: 'The editor can call this host',
  scope: 'endpoint',
  timeoutMs: 45_000,
  async run(ctx, endpoint) {
    return (await reachability(ctx, endpoint)).outcome
  },
}

export const loopbackCheck: EndpointCheck = {
  id: 'host.loopback',
  title: 'WOPISrc is not a loopback address the editor cannot use',
  scope: 'endpoint',
  timeoutMs: 45_000,
  async run(ctx, endpoint) {
    const base = new URL(ctx.host.wopiBase)
    if (!isLoopbackHost(base.hostname)) return pass(`WOPISrc uses ${base.origin}, not a loopback address.`)
    const editorHost = new URL(endpoint.discoveryUrl).hostname
    const where = await localityFact(ctx, endpoint)
    const collabora = endpoint.kind === 'collabora'
    if (where.locality === 'remote') {
      return fail(
        `WOPISrc is ${base.origin}, a loopback address, but ${endpoint.name} runs on another machine (${editorHost} = ${where.addresses.slice(0, 3).join(', ')}): for it, ${base.hostname} is itself, so it can never call back.`,
        reachableAddressFix(ctx, { collabora }),
      )
    }
    if (where.locality === 'unknown') {
      return warn(
        `WOPISrc is ${base.origin}, a loopback address, and ${editorHost} cannot be resolved here to tell whether the editor runs on this machine.`,
        reachableAddressFix(ctx, { collabora }),
      )
    }
    const reach = await reachability(ctx, endpoint)
    if (reach.reached === true) {
      return pass(
        `WOPISrc is ${base.origin} (loopback), the editor answers on this machine, and it did reach the host: it shares this machine's network (no container, or --network host).`,
      )
    }
    if (reach.reached === false && endpoint.kind === 'collabora' && reach.method === 'canary') {
      return warn(
        `WOPISrc is ${base.origin} (loopback) and Collabora answers on this machine (${editorHost}), but it never called the host: either it runs in a container with published ports (which has its own 127.0.0.1), or its WOPI host allow-list refuses ${originWithPort(base)} (see the allow-list check).`,
        reachableAddressFix(ctx, { collabora }),
      )
    }
    if (reach.reached === false) {
      return fail(
        `WOPISrc is ${base.origin} (loopback) and the editor answers on this machine (${editorHost}), but it never reached the host: an editor in a container with published ports (docker run -p 9980:9980) has its own 127.0.0.1.`,
        reachableAddressFix(ctx, { collabora }),
      )
    }
    return warn(
      `WOPISrc is ${base.origin} (loopback): this works only if the editor runs directly on this machine or in a container with --network host (it could not be tested: ${reach.outcome.detail})`,
      reachableAddressFix(ctx, { collabora }),
    )
  },
}

export const aliasGroupsCheck: EndpointCheck = {
  id: 'collabora.alias-groups',
  title: "Collabora's WOPI host allow-list includes this host",
  scope: 'endpoint',
  timeoutMs: 45_000,
  async run(ctx, endpoint) {
    if (endpoint.kind !== 'collabora') return skip('Only Collabora Online keeps a WOPI host allow-list (alias groups).')
    const origin = originWithPort(ctx.host.wopiBase)
    if (ctx.host.state === 'none') return skip(HOST_NOT_RUNNING, HOST_NOT_RUNNING_FIX)
    const access = await accessCheckFact(ctx, endpoint)
    if (access.state === 'answered') {
      if (access.status === 'WopiHostNotAllowed') {
        return fail(
          `Collabora refuses ${origin}: it is not in its allowed WOPI hosts (storage.wopi.alias_groups), so opening a document shows "Unauthorized WOPI host".`,
          aliasFix(origin),
        )
      }
      if (access.status === 'NoScheme' || access.status === 'NotHttps') {
        return skip(
          `Collabora stopped before looking at its allow-list (${access.status}); see "The editor can call this host".`,
          aliasFix(origin),
        )
      }
      return pass(`Collabora accepts ${origin} as a WOPI host (wopiAccessCheck: ${access.status}).`)
    }
    const canary = await canaryResult(ctx, endpoint)
    if (canary.state === 'unavailable')
      return skip(`${canary.detail} The allow-list could not be tested; Collabora must allow ${origin}.`, aliasFix(origin))
    if (canary.arrived) return pass(`Collabora called this host for a test document, so ${origin} is allowed.`)
    return warn(
      `Collabora did not call this host for a test document, and this version cannot be asked whether ${origin} is allowed (${access.reason}). If its log says "No acceptable WOPI hosts found matching the target host [${new URL(ctx.host.wopiBase).hostname}]" or "No authorized hosts found", the allow-list is the cause.`,
      aliasFix(origin),
    )
  },
}
