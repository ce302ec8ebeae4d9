import { isDiscoveryError } from '../../discovery/discovery-error'
import { insecureHostOf } from '../facts'
import { tlsProbe, type TlsFacts } from '../net/tls-probe'
import { fail, pass, skip, warn, type CheckOutcome, type EndpointCheck, type EndpointInfo } from './types'

// The editor's certificates (clients.md row 8), looked at directly rather than inferred from a failed fetch:
// self-signed, expired, not yet valid, issued for another name, expiring soon, or an https address that points
// at a plain-http port ("wrong version number").

const SOON_MS = 14 * 24 * 3600_000

function httpsOrigins(endpoint: EndpointInfo): URL[] {
  const origins = new Map<string, URL>()
  const add = (text: string) => {
    try {
      const url = new URL(text.replace(/<[^<>]*>/g, ''))
      if (url.protocol === 'https:') origins.set(url.host, url)
    } catch {
      // not a URL: other checks report it
    }
  }
  add(endpoint.discoveryUrl)
  for (const action of endpoint.actions) add(action.urlsrc)
  return [...origins.values()]
}

function judge(url: URL, facts: TlsFacts, trustedByChoice: boolean, now: number): CheckOutcome {
  const host = url.hostname
  const until = new Date(facts.validTo).toISOString().slice(0, 10)
  if (Number.isFinite(facts.validTo) && facts.validTo < now) {
    return fail(
      `The certificate of ${url.host} expired on ${until}: browsers, the embedded editor view and WOPI Desk refuse it.`,
      `Renew the certificate on ${host} (e.g. certbot renew, or replace it in the proxy), and check this computer's clock.`,
    )
  }
  if (Number.isFinite(facts.validFrom) && facts.validFrom > now) {
    return fail(
      `The certificate of ${url.host} is only valid from ${new Date(facts.validFrom).toISOString().slice(0, 10)}: one of the two clocks is wrong.`,
      'Synchronise the clocks of this computer and of the editor server (NTP).',
    )
  }
  if (facts.hostnameError) {
    return fail(
      `The certificate of ${url.host} was issued for ${facts.altNames || facts.subject}, not for ${host}: connections to this name are refused.`,
      `Use an address with a name the certificate covers, or reissue the certificate with subjectAltName DNS:${host}.`,
    )
  }
  if (facts.authorizationError) {
    const kind = facts.selfSigned ? 'self-signed' : `not signed by an authority this computer trusts (${facts.authorizationError})`
    if (trustedByChoice) {
      return warn(
        `The certificate of ${url.host} is ${kind}; WOPI Desk accepts it only because you chose to trust this editor. The embedded editor view and any browser will show a certificate error for it.`,
        `Prefer a certificate from an authority this computer trusts (Let's Encrypt, your company CA) on ${host}.`,
      )
    }
    return fail(
      `The certificate of ${url.host} is ${kind}: imports, refreshes and the editor view fail with a certificate error.`,
      `Install a certificate from a trusted authority on ${host}, or, if you trust this server, re-import it with: wopi-desk discovery import <editor url> --insecure-tls.`,
    )
  }
  const left = facts.validTo - now
  const summary = `${url.host}: issued to ${facts.subject || facts.altNames} by ${facts.issuer}, valid until ${until}${facts.protocol ? `, ${facts.protocol}` : ''}`
  if (left < SOON_MS)
    return warn(
      `${summary}; it expires in ${Math.max(0, Math.round(left / 86_400_000))} days.`,
      `Renew the certificate of ${host} before ${until}.`,
    )
  return pass(`${summary}.`)
}

export const editorTlsCheck: EndpointCheck = {
  id: 'editor.tls',
  title: "The editor's TLS certificates are valid",
  scope: 'endpoint',
  async run(ctx, endpoint) {
    const origins = httpsOrigins(endpoint)
    if (origins.length === 0)
      return skip('The editor is reached over plain http: there is no certificate to check (fine on a trusted network).')
    const outcomes = await Promise.all(
      origins.map(async (url): Promise<CheckOutcome> => {
        const port = Number(url.port || 443)
        try {
          const facts = await tlsProbe(url.hostname, port, { ca: ctx.ca, timeoutMs: 8_000 })
          return judge(url, facts, insecureHostOf(endpoint) === url.host, ctx.now())
        } catch (error) {
          const code = isDiscoveryError(error) ? error.code : ''
          if (code === 'tls-wrong-version' || code === 'reset') {
            return fail(
              `${url.host} answers in plain HTTP, not TLS: an https address points at an http port ("wrong version number").`,
              `Use http:// for this editor (re-import it), or enable TLS on the editor (Collabora: ssl.enable=true) or in its proxy.`,
            )
          }
          return fail(
            `No TLS connection to ${url.host}: ${(error as Error).message}`,
            'Check the editor is running and reachable from this computer.',
          )
        }
      }),
    )
    const order = { fail: 0, warn: 1, pass: 2, skip: 3 } as const
    outcomes.sort((a, b) => order[a.status] - order[b.status])
    const worst = outcomes[0]!
    if (outcomes.length === 1) return worst
    return {
      status: worst.status,
      detail: outcomes.map((outcome) => outcome.detail).join(' '),
      fix: outcomes
        .map((outcome) => outcome.fix)
        .filter(Boolean)
        .join(' '),
    }
  },
}
