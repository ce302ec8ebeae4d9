import { DiscoveryError } from './discovery-error'

export const TRUST_HINT = "If you trust this server, import again with 'Trust this server's self-signed certificate' (CLI: --insecure-tls)."

/**
 * Turns Node's socket/TLS errors into one sentence an admin can act on. The raw code goes in brackets so
 * support staff can still search for it.
 */
export function explainNetworkError(error: unknown, url: URL, timeoutSeconds: number): DiscoveryError {
  if (error instanceof DiscoveryError) return error
  const err = error as NodeJS.ErrnoException & { reason?: string; cert?: { subjectaltname?: string; subject?: { CN?: string } } }
  const code = err?.code ?? ''
  const message = String(err?.message ?? error)
  const host = url.hostname
  const hostPort = `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`

  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return new DiscoveryError('tls-self-signed', `The certificate of ${host} is self-signed. ${TRUST_HINT}`)
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return new DiscoveryError(
        'tls-untrusted',
        `The certificate of ${host} is signed by an authority this computer does not trust (a private CA, or the server does not send its intermediate certificate). Fix the certificate chain on the server; or: ${TRUST_HINT}`,
      )
    case 'CERT_HAS_EXPIRED':
      return new DiscoveryError(
        'tls-expired',
        `The certificate of ${host} has expired. Renew it on the server (and check this computer's clock). ${TRUST_HINT}`,
      )
    case 'CERT_NOT_YET_VALID':
      return new DiscoveryError(
        'tls-not-yet-valid',
        `The certificate of ${host} is not valid yet: check the clock of this computer and of the server.`,
      )
    case 'ERR_TLS_CERT_ALTNAME_INVALID': {
      const names = err.cert?.subjectaltname ?? (err.cert?.subject?.CN ? `CN=${err.cert.subject.CN}` : 'other names')
      return new DiscoveryError(
        'tls-hostname',
        `The certificate of ${host} was issued for ${names}, not for ${host}. Use a name the certificate covers in the address, or fix the certificate on the server.`,
      )
    }
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return wrongVersion(url, hostPort)
    case 'EPROTO':
      if (/wrong version number|packet length too long|unknown protocol/i.test(message)) return wrongVersion(url, hostPort)
      return new DiscoveryError(
        'tls-other',
        `The TLS handshake with ${hostPort} failed (${firstLine(message)}). Check the editor's TLS settings.`,
      )
    case 'ECONNREFUSED':
      return new DiscoveryError(
        'refused',
        `Nothing is listening at ${hostPort} (connection refused). Start the editor, or check the host name and port.`,
      )
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new DiscoveryError(
        'dns',
        `The host name ${host} could not be found (DNS). Check the spelling, or use the server's IP address.`,
      )
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return new DiscoveryError(
        'unreachable',
        `${hostPort} cannot be reached from this computer (${code}). Check the network, VPN or firewall.`,
      )
    case 'ETIMEDOUT':
      return timeoutError(url, timeoutSeconds)
    case 'ECONNRESET':
    case 'EPIPE':
      if (url.protocol === 'http:') {
        return new DiscoveryError(
          'http-to-https-port',
          `${hostPort} closed the connection without answering. If the editor uses TLS on this port, use https://${url.host}${url.pathname} instead.`,
        )
      }
      return new DiscoveryError(
        'reset',
        `${hostPort} closed the connection before answering. Check the editor and any proxy in front of it.`,
      )
  }
  if (/certificate|ssl|tls/i.test(code) || /certificate/i.test(message)) {
    return new DiscoveryError(
      'tls-other',
      `The certificate of ${host} was refused (${code || firstLine(message)}). Fix the certificate on the server; or: ${TRUST_HINT}`,
    )
  }
  return new DiscoveryError('network', `Could not reach ${hostPort}: ${firstLine(message)}${code ? ` (${code})` : ''}.`)
}

export function timeoutError(url: URL, seconds: number): DiscoveryError {
  return new DiscoveryError(
    'timeout',
    `${url.host} did not answer within ${seconds} seconds. Check that the editor is running and reachable from this computer (firewall, proxy, VPN).`,
  )
}

function wrongVersion(url: URL, hostPort: string): DiscoveryError {
  return new DiscoveryError(
    'tls-wrong-version',
    `${hostPort} answered in plain HTTP, not TLS: this is an http port (an https address pointed at an http port). Use http://${url.host}${url.pathname}, or the editor's https port.`,
  )
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 200)
}
