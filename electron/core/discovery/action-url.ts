// Turns a discovery `urlsrc` template into the editor URL the host page posts the token to (spec 10.4).
// Optional parameters are written `<name=PLACEHOLDER&>` or `<name=PLACEHOLDER>`: filled ones lose their
// brackets and keep their own trailing '&'; all others vanish with their brackets. Text outside brackets is
// left exactly as the editor wrote it (ONLYOFFICE's `?&...&` is harmless). The token never goes in the URL.

export interface ActionUrlOptions {
  /** HOST_SESSION_ID (`hid`): our session id, so editor logs can be matched with ours */
  hostSessionId?: string
  /** SESSION_CONTEXT (`sc`): echoed back in X-WOPI-SessionContext on CheckFileInfo */
  sessionContext?: string
  /** THEME_ID (`thm`): 1 light, 2 dark */
  themeId?: string | number
  /** DC_LLCC (`rs`): data/calculation language. Editors default it to the UI language, so it is dropped unless given. */
  dataLocale?: string
  /** VALIDATOR_TEST_CATEGORY: only when driving Microsoft's validator */
  validatorCategory?: string
}

/** Placeholders a host may fill; every other one (DISABLE_CHAT, BUSINESS_USER, EMBEDDED, ...) is dropped. */
export const FILLED_PLACEHOLDERS = [
  'WOPI_SOURCE',
  'UI_LLCC',
  'DC_LLCC',
  'HOST_SESSION_ID',
  'SESSION_CONTEXT',
  'THEME_ID',
  'VALIDATOR_TEST_CATEGORY',
] as const

const SEGMENT = /<([^<>]*)>/g
const PARAMETER = /^\s*([A-Za-z0-9_.~-]+)=([A-Za-z0-9_]+)(&?)\s*$/

export function buildActionUrl(urlsrc: string, wopiSrc: string, locale: string, options: ActionUrlOptions = {}): string {
  const values: Record<string, string | undefined> = {
    WOPI_SOURCE: wopiSrc,
    UI_LLCC: locale || undefined,
    DC_LLCC: options.dataLocale || undefined,
    HOST_SESSION_ID: options.hostSessionId || undefined,
    SESSION_CONTEXT: options.sessionContext || undefined,
    THEME_ID: options.themeId === undefined || options.themeId === '' ? undefined : String(options.themeId),
    VALIDATOR_TEST_CATEGORY: options.validatorCategory || undefined,
  }
  const used = new Set<string>()
  let url = urlsrc.trim().replace(SEGMENT, (_segment, inner: string) => {
    const match = PARAMETER.exec(inner)
    if (!match) return ''
    const [, name, placeholder, amp] = match as unknown as [string, string, string, string]
    const value = values[placeholder]
    // Each placeholder is filled once: a template naming WOPI_SOURCE twice must not yield two wopisrc.
    if (value === undefined || used.has(placeholder)) return ''
    used.add(placeholder)
    return `${name}=${encodeURIComponent(value)}${amp}`
  })
  // A bracket left by a malformed template (an unclosed '<ui=UI_LLCC&') must not reach the editor raw.
  url = url.replace(/</g, '%3C').replace(/>/g, '%3E')
  if (!used.has('WOPI_SOURCE')) url = appendParameter(url, 'WOPISrc', wopiSrc)
  return url
}

/** Rule 5: no WOPI_SOURCE placeholder (Office Online Server, Collabora's `cool.html?`) means we add it. */
function appendParameter(url: string, name: string, value: string): string {
  const hashAt = url.indexOf('#')
  const base = hashAt < 0 ? url : url.slice(0, hashAt)
  const fragment = hashAt < 0 ? '' : url.slice(hashAt)
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&'
  return `${base}${separator}${name}=${encodeURIComponent(value)}${fragment}`
}

/** Placeholder names a template mentions, for tests and for the doctor's "unfilled placeholder" check. */
export function placeholdersIn(urlsrc: string): string[] {
  const names: string[] = []
  for (const match of urlsrc.matchAll(SEGMENT)) {
    const parameter = PARAMETER.exec(match[1]!)
    if (parameter) names.push(parameter[2]!)
  }
  return names
}
