import { createHash, X509Certificate } from 'node:crypto'
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { connect } from 'node:tls'
import type { Session } from 'electron'

// One persistent session partition per editor origin: an editor's cache, settings and sign-in survive between
// documents, and nothing is shared with the console or another editor. Still no preload; permissions are denied
// except what editors need: copying out and fullscreen for the host page and the editor, and reading the
// clipboard (Collabora's Paste) for the editor's own origin only. An editor imported with "trust this server's
// self-signed certificate" is trusted in its window too, but only with the certificate pinned for it.

/** Permissions the host page and the editor may have. */
export const EDITOR_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write', 'fullscreen']
/** Permissions only the editor's own origin may have. */
export const EDITOR_ORIGIN_PERMISSIONS: readonly string[] = [...EDITOR_PERMISSIONS, 'clipboard-read']

export function editorPartition(editorOrigin: string): string {
  return `persist:editor-${createHash('sha256').update(new URL(editorOrigin).origin).digest('hex').slice(0, 24)}`
}

export interface EditorSessionPolicy {
  editorOrigin: string
  /** the WOPI host's origin serving the host page (the listener's; it changes only with the port) */
  hostOrigin: string
  /** SHA-256 of the editor's DER certificate (hex), trusted although no CA vouches for it; null: the usual checks */
  pinnedFingerprint: string | null
}

type ConfigurableSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setCertificateVerifyProc'>

interface SessionState {
  editorOrigin: string
  hostOrigins: Set<string>
  pin: string | null
}

const configured = new WeakMap<object, SessionState>()

export function originOfUrl(url: string): string | null {
  try {
    const parsed = new URL(url)
    if (parsed.protocol === 'blob:') return new URL(parsed.pathname).origin
    return parsed.origin === 'null' ? null : parsed.origin
  } catch {
    return null
  }
}

function mayHave(state: SessionState, permission: string, origin: string | null): boolean {
  if (origin === state.editorOrigin) return EDITOR_ORIGIN_PERMISSIONS.includes(permission)
  return origin !== null && state.hostOrigins.has(origin) && EDITOR_PERMISSIONS.includes(permission)
}

/** Sets the partition's handlers once; later calls add a host origin or update the pin. */
export function configureEditorSession(session: ConfigurableSession, policy: EditorSessionPolicy): void {
  const known = configured.get(session)
  if (known) {
    known.hostOrigins.add(new URL(policy.hostOrigin).origin)
    known.pin = policy.pinnedFingerprint
    return
  }
  const state: SessionState = {
    editorOrigin: new URL(policy.editorOrigin).origin,
    hostOrigins: new Set([new URL(policy.hostOrigin).origin]),
    pin: policy.pinnedFingerprint,
  }
  configured.set(session, state)
  const editorHost = new URL(state.editorOrigin).hostname
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(mayHave(state, permission, originOfUrl(details.requestingUrl))),
  )
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => mayHave(state, permission, originOfUrl(requestingOrigin)))
  session.setCertificateVerifyProc((request, callback) => {
    // 0 trusts, -3 leaves the decision to Chromium's own verification (a pin never weakens a valid chain).
    if (
      state.pin &&
      request.verificationResult !== 'net::OK' &&
      request.hostname === editorHost &&
      fingerprintOfPem(request.certificate.data) === state.pin
    )
      callback(0)
    else callback(-3)
  })
}

export function fingerprintOfPem(pem: string): string | null {
  try {
    return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex')
  } catch {
    return null
  }
}

/** The certificate an https server presents right now, as its SHA-256 fingerprint (hex); null when none answers. */
export function probeCertificateFingerprint(origin: string, timeoutMs = 5_000): Promise<string | null> {
  const url = new URL(origin)
  if (url.protocol !== 'https:') return Promise.resolve(null)
  return new Promise((resolve) => {
    const socket = connect({
      host: url.hostname,
      port: Number(url.port || 443),
      servername: /^[\d.]+$|:/.test(url.hostname) ? '' : url.hostname,
      rejectUnauthorized: false,
      timeout: timeoutMs,
    })
    const done = (value: string | null) => {
      socket.destroy()
      resolve(value)
    }
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate().raw
      done(raw ? createHash('sha256').update(raw).digest('hex') : null)
    })
    socket.once('error', () => done(null))
    socket.once('timeout', () => done(null))
  })
}

/** Pinned certificates by editor origin, in the data folder. */
export interface CertificatePins {
  get(origin: string): string | null
  set(origin: string, fingerprint: string): void
}

export function openCertificatePins(file: string): CertificatePins {
  let pins: Record<string, string> = {}
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'))
    if (value && typeof value === 'object')
      pins = Object.fromEntries(Object.entries(value).filter(([, fp]) => typeof fp === 'string' && /^[0-9a-f]{64}$/.test(fp)))
  } catch {
    // none yet
  }
  return {
    get: (origin) => pins[new URL(origin).origin] ?? null,
    set(origin, fingerprint) {
      pins = { ...pins, [new URL(origin).origin]: fingerprint }
      writeFileSync(file + '.tmp', JSON.stringify(pins, null, 2), { mode: 0o600 })
      renameSync(file + '.tmp', file)
    },
  }
}
