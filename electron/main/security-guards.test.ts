import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { denyPermissions, guardEveryWebContents, guardWebContents } from './security-guards'

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

describe('the guard on every contents the app makes', () => {
  function created(development: boolean) {
    const app = new EventEmitter()
    guardEveryWebContents(app as never, { development })
    const contents = Object.assign(fakeContents(), {
      devToolsClosed: 0,
      closeDevTools() {
        contents.devToolsClosed++
      },
    })
    app.emit('web-contents-created', {}, contents)
    return contents
  }

  it('denies webviews, new windows and navigation of contents no window gave a policy', () => {
    const contents = created(false)
    expect(navigate(contents, 'will-attach-webview', '')).toBe(true)
    expect(contents.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' })
    expect(navigate(contents, 'will-navigate', 'https://example.com')).toBe(true)
  })

  it('leaves navigation to the policy of a guarded window', () => {
    const contents = created(false)
    guardWebContents(contents as never, { allowNavigation: (url) => url === 'wopi-desk://console/index.html' })
    expect(navigate(contents, 'will-navigate', 'wopi-desk://console/index.html')).toBe(false)
    expect(navigate(contents, 'will-navigate', 'https://example.com')).toBe(true)
  })

  it('closes DevTools in a packaged app only', () => {
    const packaged = created(false)
    packaged.emit('devtools-opened')
    expect(packaged.devToolsClosed).toBe(1)
    const development = created(true)
    development.emit('devtools-opened')
    expect(development.devToolsClosed).toBe(0)
  })
})
