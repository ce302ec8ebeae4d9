// Tokens never reach a report (house rule 9): every string an emulation emits passes through here. Hosts echo
// tokens back in places we do not control (PutRelativeFile `Url`, error bodies), so besides the caller's own
// token every `access_token=` query value is replaced too.

const TOKEN_IN_QUERY = /\baccess_token=[^&\s"'<>]*/gi

export function createRedactor(secrets: string[]): (text: string) => string {
  const literal = secrets
    .filter((secret) => secret.length >= 4)
    .flatMap((secret) => [secret, encodeURIComponent(secret)])
    .sort((a, b) => b.length - a.length)
  return (text: string) => {
    let out = text.replace(TOKEN_IN_QUERY, 'access_token=<redacted>')
    for (const secret of literal) out = out.split(secret).join('<redacted>')
    return out
  }
}
