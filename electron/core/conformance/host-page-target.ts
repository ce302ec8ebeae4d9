// "Check another host" accepts a host page URL instead of WOPISrc + token: a host page (spec 11.1) POSTs the
// access token to the editor in a form whose action is the editor's action URL carrying WOPISrc. Both are read
// from the page's HTML; nothing is executed.

export interface HostPageTarget {
  wopiSrc: string
  accessToken: string
  /** ms since 1970, 0 when the page gives none */
  accessTokenTtl: number
}

export class HostPageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'HostPageError'
  }
}

const MAX_PAGE_BYTES = 2 * 1024 * 1024
const FORM = /<form\b[^>]*>[\s\S]*?<\/form>/gi

export function readHostPage(html: string, pageUrl: string): HostPageTarget {
  for (const form of html.match(FORM) ?? []) {
    const action = attribute(form.slice(0, form.indexOf('>') + 1), 'action')
    const token = inputValue(form, 'access_token')
    if (!action || token === null) continue
    let actionUrl: URL
    try {
      actionUrl = new URL(action, pageUrl)
    } catch {
      continue
    }
    const wopiSrc = [...actionUrl.searchParams].find(([name]) => name.toLowerCase() === 'wopisrc')?.[1]
    if (!wopiSrc) continue
    const ttl = Number(inputValue(form, 'access_token_ttl') ?? '0')
    return { wopiSrc, accessToken: token, accessTokenTtl: Number.isSafeInteger(ttl) && ttl > 0 ? ttl : 0 }
  }
  throw new HostPageError(
    'This page has no editor form with an access_token and a WOPISrc (it may need a sign-in, or build the form in script). Paste the WOPISrc and the access token instead.',
  )
}

export async function fetchHostPage(pageUrl: string, fetchImpl: typeof fetch, timeoutMs = 15_000): Promise<HostPageTarget> {
  let url: URL
  try {
    url = new URL(pageUrl)
  } catch {
    throw new HostPageError(`"${pageUrl}" is not an absolute URL; paste the host page's address (http:// or https://).`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new HostPageError(`The host page must be an http or https URL, got "${url.protocol}".`)
  let response: Response
  try {
    response = await fetchImpl(url.href, { redirect: 'follow', signal: AbortSignal.timeout(timeoutMs), headers: { Accept: 'text/html' } })
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause
    throw new HostPageError(`The host page could not be loaded (${cause?.code ?? (error as Error).message}).`)
  }
  if (response.status !== 200)
    throw new HostPageError(
      `The host page answered HTTP ${response.status}; open it in a browser to see why, or paste the WOPISrc and the access token instead.`,
    )
  const bytes = new Uint8Array(await response.arrayBuffer())
  if (bytes.length > MAX_PAGE_BYTES)
    throw new HostPageError('The host page is larger than 2 MB; paste the WOPISrc and the access token instead.')
  return readHostPage(new TextDecoder('utf-8').decode(bytes), response.url || url.href)
}

function inputValue(form: string, name: string): string | null {
  for (const input of form.match(/<input\b[^>]*>/gi) ?? []) {
    if (attribute(input, 'name') === name) return attribute(input, 'value') ?? ''
  }
  return null
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)
  if (!match) return null
  return decodeEntities(match[1] ?? match[2] ?? match[3] ?? '')
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|#39);/gi, (_all, entity: string) => {
    const lower = entity.toLowerCase()
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16))
    if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)))
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? ''
  })
}
