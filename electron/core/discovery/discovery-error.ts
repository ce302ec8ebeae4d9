/**
 * Why fetching or reading a discovery document (or an icon) failed. `message` is one or two plain sentences
 * for the admin: what happened and what to do. `code` lets callers and tests tell the cases apart without
 * parsing the text.
 */
export type DiscoveryErrorCode =
  // the address the admin typed
  | 'bad-url'
  // network and TLS
  | 'timeout'
  | 'refused'
  | 'dns'
  | 'unreachable'
  | 'reset'
  | 'tls-self-signed'
  | 'tls-untrusted'
  | 'tls-expired'
  | 'tls-not-yet-valid'
  | 'tls-hostname'
  | 'tls-wrong-version'
  | 'tls-other'
  | 'http-to-https-port'
  // HTTP
  | 'http-status'
  | 'redirect-loop'
  | 'too-many-redirects'
  | 'redirect-downgrade'
  | 'too-large'
  | 'empty'
  // the document
  | 'html'
  | 'json'
  | 'dtd'
  | 'not-xml'
  | 'wrong-root'
  | 'no-apps'
  | 'no-urlsrc'
  | 'template'
  | 'network'

export class DiscoveryError extends Error {
  readonly code: DiscoveryErrorCode
  /** HTTP status when the server answered with one */
  readonly status: number | undefined

  constructor(code: DiscoveryErrorCode, message: string, status?: number) {
    super(message)
    this.name = 'DiscoveryError'
    this.code = code
    this.status = status
  }
}

export function isDiscoveryError(error: unknown): error is DiscoveryError {
  return error instanceof DiscoveryError
}

/** Errors whose cause is the document itself rather than the way to it. */
export const DOCUMENT_ERROR_CODES: ReadonlySet<DiscoveryErrorCode> = new Set([
  'html',
  'json',
  'dtd',
  'not-xml',
  'wrong-root',
  'no-apps',
  'no-urlsrc',
  'template',
  'empty',
  'too-large',
])
