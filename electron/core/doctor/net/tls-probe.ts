import { isIP } from 'node:net'
import tls, { type PeerCertificate } from 'node:tls'
import { explainNetworkError, timeoutError } from '../../discovery/explain-network-error'

// Looks at an editor's certificate without trusting it first (rejectUnauthorized: false, nothing is sent over
// the connection): who issued it, for which names, until when, and what verification would say. Lets the
// doctor tell "self-signed", "expired", "wrong name" and "expires next week" apart in one handshake.

export interface TlsFacts {
  /** what Node's verification concluded, null when the chain verified */
  authorizationError: string | null
  /** checkServerIdentity's complaint for the host name we connected to, null when the certificate covers it */
  hostnameError: string | null
  subject: string
  issuer: string
  altNames: string
  validFrom: number
  validTo: number
  selfSigned: boolean
  protocol: string | null
}

export function tlsProbe(
  host: string,
  port: number,
  options: { timeoutMs?: number; ca?: string | Buffer | Array<string | Buffer> } = {},
): Promise<TlsFacts> {
  const timeoutMs = options.timeoutMs ?? 8_000
  const url = new URL(`https://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}/`)
  return new Promise<TlsFacts>((resolve, reject) => {
    let settled = false
    const finish = (action: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      action()
    }
    const bare = host.replace(/^\[|\]$/g, '')
    const socket = tls.connect({
      host: bare,
      port,
      rejectUnauthorized: false,
      ...(isIP(bare) ? {} : { servername: bare }),
      ...(options.ca ? { ca: options.ca } : {}),
    })
    const timer = setTimeout(() => finish(() => reject(timeoutError(url, Math.round(timeoutMs / 100) / 10))), timeoutMs)
    socket.on('error', (error) => finish(() => reject(explainNetworkError(error, url, Math.round(timeoutMs / 100) / 10))))
    socket.on('secureConnect', () => {
      const cert = socket.getPeerCertificate(false) as PeerCertificate
      const identity = cert && Object.keys(cert).length > 0 ? tls.checkServerIdentity(bare, cert) : new Error('no certificate')
      const authorizationError = socket.authorized ? null : String(socket.authorizationError ?? 'not authorized')
      finish(() =>
        resolve({
          authorizationError,
          hostnameError: identity ? identity.message : null,
          subject: describeName(cert?.subject),
          issuer: describeName(cert?.issuer),
          altNames: cert?.subjectaltname ?? '',
          validFrom: Date.parse(cert?.valid_from ?? ''),
          validTo: Date.parse(cert?.valid_to ?? ''),
          selfSigned:
            authorizationError === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
            (cert?.issuer !== undefined && describeName(cert.issuer) === describeName(cert.subject) && !socket.authorized),
          protocol: socket.getProtocol(),
        }),
      )
    })
  })
}

function describeName(name: Partial<Record<string, string | string[]>> | undefined): string {
  if (!name) return ''
  const cn = name['CN']
  const o = name['O']
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)
  return [first(cn) && `CN=${first(cn)}`, first(o) && `O=${first(o)}`].filter(Boolean).join(', ')
}
