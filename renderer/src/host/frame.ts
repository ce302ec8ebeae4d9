import { EDITOR_FRAME_NAME } from '../../../electron/contract/host-page'

// The editor iframe (spec 11.1 items 2-4). It is created by script, never as static markup: a static frame can
// load twice or be restored from the back/forward cache with a stale session ("file locked", "token
// expired"). Then the form carrying the token is submitted into it.

/**
 * Microsoft's sample sandbox, plus what real editors need on top: Collabora requires scripts together with
 * same-origin (CollaboraOnline/online#8921); "Download as" needs allow-downloads and printing or confirm
 * dialogs need allow-modals, which Chromium blocks in sandboxed frames since the sample was written.
 */
export const FRAME_SANDBOX = [
  'allow-scripts',
  'allow-same-origin',
  'allow-forms',
  'allow-popups',
  'allow-top-navigation',
  'allow-popups-to-escape-sandbox',
  'allow-downloads',
  'allow-modals',
].join(' ')

export function createEditorFrame(title: string): HTMLIFrameElement {
  const frame = document.createElement('iframe')
  frame.name = EDITOR_FRAME_NAME
  frame.id = EDITOR_FRAME_NAME
  frame.title = title
  frame.className = 'editor-frame'
  frame.setAttribute('allowfullscreen', 'true')
  frame.setAttribute('allow', 'clipboard-read; clipboard-write; fullscreen')
  frame.setAttribute('sandbox', FRAME_SANDBOX)
  return frame
}

/** Office's wd* parameters of this page go on to the editor (spec 11.1 item 7), appended as they came. */
export function withWdParameters(actionUrl: string, pageSearch: string): string {
  const wd = new URLSearchParams()
  for (const [name, value] of new URLSearchParams(pageSearch)) if (/^wd/i.test(name)) wd.append(name, value)
  if (wd.size === 0) return actionUrl
  const hashAt = actionUrl.indexOf('#')
  const base = hashAt < 0 ? actionUrl : actionUrl.slice(0, hashAt)
  const fragment = hashAt < 0 ? '' : actionUrl.slice(hashAt)
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&'
  return `${base}${separator}${wd.toString()}${fragment}`
}

/** The address without wdPreviousSession and wdPreviousCorrelation (kept: every other parameter), or null if unchanged. */
export function withoutPreviousSession(pathname: string, search: string, hash: string): string | null {
  const params = new URLSearchParams(search)
  let changed = false
  for (const name of [...params.keys()]) {
    if (/^wdPrevious(Session|Correlation)$/i.test(name)) {
      params.delete(name)
      changed = true
    }
  }
  if (!changed) return null
  const rest = params.toString()
  return `${pathname}${rest ? `?${rest}` : ''}${hash}`
}
