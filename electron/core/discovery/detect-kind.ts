import type { EndpointKind } from '../../contract/dto'

/**
 * Our own editor marks its discovery with apps whose names start with this prefix (`<app name="WOPI Desk
 * Text">`, "WOPI Desk Markdown", ...). Any WOPI client can be imported; the prefix only picks the label.
 */
export const BUILTIN_APP_NAME_PREFIX = 'WOPI Desk'

export interface KindEvidence {
  appNames: string[]
  urlsrcs: string[]
  favIconUrls: string[]
  checkLicense: boolean
}

/** Guesses the product from the shape of its discovery (spec 10.2, clients.md section 2). */
export function detectKind(evidence: KindEvidence): EndpointKind {
  const names = new Set(evidence.appNames.map((name) => name.toLowerCase()))
  if (evidence.appNames.some((name) => name.startsWith(BUILTIN_APP_NAME_PREFIX))) return 'builtin'
  // Collabora serves /browser/<hash>/cool.html (older: /loleaflet/<hash>/loleaflet.html) and names its apps
  // after LibreOffice modules.
  if (
    evidence.urlsrcs.some((url) => /\/(cool|loleaflet)\.html(\?|$)|\/(browser|loleaflet)\/[0-9a-f]{5,}\//i.test(url)) ||
    (names.has('writer') && names.has('calc') && names.has('impress'))
  ) {
    return 'collabora'
  }
  // ONLYOFFICE: /hosting/wopi/<word|cell|slide|pdf>/<view|edit>, favicons under /web-apps/apps/.
  if (
    evidence.urlsrcs.some((url) => /\/hosting\/wopi\/(word|cell|slide|pdf|diagram|convert-and-edit)\//i.test(url)) ||
    evidence.favIconUrls.some((url) => /\/web-apps\/apps\//i.test(url))
  ) {
    return 'onlyoffice'
  }
  // Office Online Server / Microsoft 365: ASP.NET frames and checkLicense on the Office apps.
  if (
    evidence.urlsrcs.some((url) => /\.(aspx|ashx|asmx)(\?|$)|officeapps\.live\.com/i.test(url)) ||
    (evidence.checkLicense && (names.has('word') || names.has('excel') || names.has('powerpoint')))
  ) {
    return 'office'
  }
  return 'unknown'
}

const LABELS: Record<EndpointKind, string> = {
  collabora: 'Collabora Online',
  onlyoffice: 'ONLYOFFICE Docs',
  office: 'Office Online Server',
  builtin: 'WOPI Desk built-in editor',
  unknown: 'WOPI editor',
}

/** "Collabora Online (code.example:9980)"; the path is shown too when the editor sits below a prefix. */
export function endpointDisplayName(kind: EndpointKind, discoveryUrl: string): string {
  const url = new URL(discoveryUrl)
  const prefix = url.pathname.replace(/\/hosting\/discovery\/?$/i, '').replace(/\/+$/, '')
  const label = kind === 'office' && /officeapps\.live\.com$/i.test(url.hostname) ? 'Microsoft 365 for the web' : LABELS[kind]
  return `${label} (${url.host}${prefix})`
}
