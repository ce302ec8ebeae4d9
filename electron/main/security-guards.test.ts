import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { denyPermissions, guardWebContents } from './security-guards'

function fakeContents() {
  const emitter = new EventEmitter() as EventEmitter & { openHandler?: (d: { url: string }) => { action: string } }
  return Object.assign(emitter, {
    setWindowOpenHandler(handler: (d: { url: string }) => { action: string }) {
      emitter.openHandler = handler
    },
  })
}

function navigate(contents: EventEmitter, event: string, url: string): boolean {
  let prevented = false
  contents.emit(event, { preventDefault: () => (prevented = true) }, url)
  return prevented
}

describe('navigation and window guards', () => {
  it('denies navigation and redirects outside the allow-list', () => {
    const contents = fakeContents()
    guardWebContents(contents as never, { allowNavigation: (url) => url.startsWith('wopi-desk://console/') })
    expect(navigate(contents, 'will-navigate', 'wopi-desk://console/index.html')).toBe(false)
    expect(navigate(contents, 'will-navigate', 'https://evil.example/')).toBe(true)
    expect(navigate(contents, 'will-redirect', 'file:///etc/passwd')).toBe(true)
  })

  it('never attaches a webview', () => {
    const contents = fakeContents()
    guardWebContents(contents as never, { allowNavigation: () => true })
    expect(navigate(contents, 'will-attach-webview', '')).toBe(true)
  })

  it('denies every new window; hands only https links to the OS browser', () => {
    const contents = fakeContents()
    const opened: string[] = []
    guardWebContents(contents as never, { allowNavigation: () => false, openExternally: (url) => opened.push(url) })
    expect(contents.openHandler?.({ url: 'https://docs.example/help' })).toEqual({ action: 'deny' })
    expect(contents.openHandler?.({ url: 'http://plain.example/' })).toEqual({ action: 'deny' })
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://docs.example/help'])
  })
})

describe('permission guards', () => {
  it('denies permission requests and checks unless listed', () => {
    let requestHandler: ((c: unknown, permission: string, cb: (granted: boolean) => void) => void) | undefined
    let checkHandler: ((c: unknown, permission: string) => boolean) | undefined
    const session = {
      setPermissionRequestHandler: (h: typeof requestHandler) => (requestHandler = h),
      setPermissionCheckHandler: (h: typeof checkHandler) => (checkHandler = h),
    }
    denyPermissions(session as never, ['clipboard-sanitized-write'])
    const answers: boolean[] = []
    requestHandler?.(null, 'media', (granted) => answers.push(granted))
    requestHandler?.(null, 'clipboard-sanitized-write', (granted) => answers.push(granted))
    expect(answers).toEqual([false, true])
    expect(checkHandler?.(null, 'geolocation')).toBe(false)
  })
})
