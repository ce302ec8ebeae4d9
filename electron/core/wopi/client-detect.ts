import type { IncomingHttpHeaders } from 'node:http'

// Which editor sent a request, for the traffic log and lock-file labels. Collabora sends X-COOL-WOPI-* (older
// builds X-LOOL-WOPI-*) and a "COOLWSD HTTP Agent" user agent; ONLYOFFICE sends only the legacy X-LOOL-WOPI-*
// twins plus X-WOPI-ClientVersion; Office sends X-WOPI-ClientVersion with its machine/device headers; our
// built-in editor identifies itself as WOPI-Desk-Editor/<version>.

export type ClientName = 'WOPI Desk editor' | 'Collabora' | 'ONLYOFFICE' | 'Microsoft Office' | 'WOPI Validator' | 'WOPI Desk conformance'

/**
 * Test traffic: WOPI Desk's conformance runner (and Microsoft's validator) send requests that fail on purpose;
 * Activity's Errors and the report's "Recent errors" leave them out unless asked.
 */
export const CONFORMANCE_CLIENTS: readonly string[] = ['WOPI Desk conformance', 'WOPI Validator']

export function isConformanceClient(client: string | null): boolean {
  return client !== null && CONFORMANCE_CLIENTS.includes(client)
}

function hasHeaderPrefix(headers: IncomingHttpHeaders, prefix: string): boolean {
  for (const name in headers) if (name.startsWith(prefix)) return true
  return false
}

export function detectClient(headers: IncomingHttpHeaders): string | null {
  const ua = headers['user-agent'] ?? ''
  if (ua.startsWith('WOPI-Desk-Editor/')) return 'WOPI Desk editor'
  if (ua.startsWith('WOPI-Desk-Conformance/')) return 'WOPI Desk conformance'
  if (/\b(COOLWSD|LOOLWSD|Collabora)\b/i.test(ua) || hasHeaderPrefix(headers, 'x-cool-wopi-')) return 'Collabora'
  if (/onlyoffice/i.test(ua)) return 'ONLYOFFICE'
  if (hasHeaderPrefix(headers, 'x-lool-wopi-')) {
    // Old Collabora builds used X-LOOL-*; ONLYOFFICE adds X-WOPI-ClientVersion, which Collabora never sends.
    return headers['x-wopi-clientversion'] ? 'ONLYOFFICE' : 'Collabora'
  }
  if (/wopi.?validator/i.test(ua)) return 'WOPI Validator'
  if (/\b(Microsoft|MSOffice|Office)\b/i.test(ua) || headers['x-wopi-machinename'] || headers['x-wopi-deviceid']) return 'Microsoft Office'
  if (headers['x-wopi-clientversion']) return 'ONLYOFFICE'
  const product = /^([A-Za-z][\w.-]{0,40})\//.exec(ua)
  return product ? product[1]! : null
}
