import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { CONSOLE_CSP, ICON_CSP } from '../core/server/console-csp'
import { contentTypes } from '../core/server/static-files'

// The console is loaded from wopi-desk://console/, an app-owned scheme, never file:// (Electron security
// checklist item 18): file:// pages share one origin with every local file and cannot carry a CSP header.

export const APP_SCHEME = 'wopi-desk'
export const CONSOLE_HOST = 'console'
export const CONSOLE_URL = `${APP_SCHEME}://${CONSOLE_HOST}/index.html`

export const privilegedSchemes = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: true } },
]

export interface IconSource {
  readIcon(appId: string): Promise<{ bytes: Buffer; contentType: string } | null>
}

export function isConsoleUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === CONSOLE_HOST
  } catch {
    return false
  }
}

/** Answers wopi-desk://console/... from the built renderer, plus the app icons the catalog stores. */
export function createAppProtocolHandler(rendererDir: string, icons?: IconSource): (request: Request) => Promise<Response> {
  const base = normalize(rendererDir + sep)
  return async (request) => {
    const url = new URL(request.url)
    if (url.host !== CONSOLE_HOST) return new Response('Not found', { status: 404 })
    const icon = /^\/api\/icons\/([A-Za-z0-9_-]{1,100})$/.exec(url.pathname)
    if (icon && icons) {
      const file = await icons.readIcon(icon[1]!)
      if (!file) return new Response('No icon', { status: 404 })
      return new Response(new Uint8Array(file.bytes), {
        headers: { 'Content-Type': file.contentType, 'Content-Security-Policy': ICON_CSP, 'X-Content-Type-Options': 'nosniff' },
      })
    }
    let relative: string
    try {
      relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)
    } catch {
      return new Response('Bad request', { status: 400 })
    }
    const page = relative.slice(1)
    if (page !== 'index.html' && !page.startsWith('assets/')) return new Response('Not found', { status: 404 })
    const file = normalize(join(rendererDir, page))
    if (!file.startsWith(base)) return new Response('Not found', { status: 404 })
    try {
      const bytes = await readFile(file)
      return new Response(new Uint8Array(bytes), {
        headers: {
          'Content-Type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
          'Content-Security-Policy': CONSOLE_CSP,
          'X-Content-Type-Options': 'nosniff',
        },
      })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  }
}
