// House rule 9: nothing the doctor or the diagnostics report shows, logs or copies may carry a token or proof
// material. Everything leaves through a redactor: the secrets the run itself created (canary tokens) are
// replaced literally (raw and URL-encoded), and token- or key-shaped text from anywhere else (a token echoed in an
// error, a proof header, a key blob) is caught by its shape.

export interface Redactor {
  (text: string): string
  /** remember a secret created during the run (at least 4 characters) */
  add(secret: string): void
}

const REDACTED = '<redacted>'

const PATTERNS: [RegExp, string][] = [
  // PEM private keys or certificates pasted into an error.
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g, '<redacted key material>'],
  // access_token in a query, a form body, or URL-encoded inside another URL (Collabora's /cool/<WOPISrc>/ws).
  [/(access_token(?:=|%3D))(?:(?!%26)[^&\s"'<>])+/gi, `$1${REDACTED}`],
  [/("access_token"\s*:\s*")[^"]+/gi, `$1${REDACTED}`],
  [/\b(Bearer)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  // user:password@ in a URL (a proxy or editor address typed with credentials).
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@<>"']+:[^/\s@<>"']+@/gi, `$1${REDACTED}@`],
  // Proof headers as text ("X-WOPI-Proof: ...") or as JSON keys.
  [/(X-WOPI-Proof(?:Old)?\s*[:=]\s*)[^\s,;"'}]+/gi, `$1${REDACTED}`],
  [/("x-wopi-proof(?:old)?"\s*:\s*")[^"]*/gi, `$1${REDACTED}`],
  [/((?:old)?(?:modulus|value)\s*=\s*")[^"]{16,}/gi, `$1${REDACTED}`],
]

// Base64/base64url runs long enough to be a token, a signature or a key. Text with slashes is only caught when one
// slash-free stretch is itself long and mixed, so ordinary paths survive.
const LONG_RUN = /[A-Za-z0-9+/=_-]{32,}/g

function looksSecret(run: string): boolean {
  return run.split('/').some((part) => part.length >= 24 && /[A-Z]/.test(part) && /[a-z]/.test(part) && /[0-9]/.test(part))
}

export function createRedactor(initial: string[] = []): Redactor {
  const secrets = new Set<string>()
  let ordered: string[] = []
  const add = (secret: string) => {
    if (!secret || secret.length < 4) return
    for (const form of [secret, encodeURIComponent(secret), encodeURIComponent(encodeURIComponent(secret))]) secrets.add(form)
    ordered = [...secrets].sort((a, b) => b.length - a.length)
  }
  for (const secret of initial) add(secret)
  const redact = ((text: string): string => {
    if (!text) return text
    let out = text
    for (const secret of ordered) out = out.split(secret).join(REDACTED)
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement)
    return out.replace(LONG_RUN, (run) => (looksSecret(run) ? REDACTED : run))
  }) as Redactor
  redact.add = add
  return redact
}
