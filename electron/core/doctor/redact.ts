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

// Base64/base64url runs long enough to be a token, a signature or a key. Random base64 carries about 5 to 6 bits
// per character; names and paths (words joined by dashes, years, versions) carry 3 to 4, so a long, mixed,
// high-entropy stretch between slashes is treated as a secret and everything else is left readable.
const LONG_RUN = /[A-Za-z0-9+/=_-]{32,}/g
const SECRET_MIN_LENGTH = 32
const SECRET_MIN_BITS_PER_CHAR = 4.35

function bitsPerChar(text: string): number {
  const counts = new Map<string, number>()
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1)
  let bits = 0
  for (const count of counts.values()) {
    const p = count / text.length
    bits -= p * Math.log2(p)
  }
  return bits
}

export function looksSecret(run: string): boolean {
  return run
    .split('/')
    .some(
      (part) =>
        part.length >= SECRET_MIN_LENGTH && /[A-Z]/.test(part) && /[a-z]/.test(part) && bitsPerChar(part) >= SECRET_MIN_BITS_PER_CHAR,
    )
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
