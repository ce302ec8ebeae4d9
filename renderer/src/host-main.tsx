import { EDITOR_FORM_ID, SESSION_DATA_ELEMENT_ID, type HostPageData } from '../../electron/contract/host-page'
import { createEditorChannel } from './host/editor-channel'
import { createEditorFrame, withoutPreviousSession, withWdParameters } from './host/frame'
import { createHostSession } from './host/host-session'
import { createHostDom } from './host/host-view'
import { createI18n } from './i18n/create-i18n'
import { hostResources } from './i18n/host-resources'
import { browserLanguages, resolveLanguage } from './i18n/languages'
import './host/host-page.css'

// Entry of the host page (renderer/host.html, served by the WOPI listener at /host/<session id>). Order
// matters (spec 11.2): the message listener exists before the frame does, the frame is created by script and
// only then is the form with the token submitted into it. No framework: the editor should get the CPU.

function readSessionData(): HostPageData | null {
  const block = document.getElementById(SESSION_DATA_ELEMENT_ID)
  try {
    return block ? (JSON.parse(block.textContent ?? '') as HostPageData) : null
  } catch {
    return null
  }
}

function start(): void {
  const root = document.getElementById('app')!
  const data = readSessionData()
  const { t } = createI18n(hostResources, resolveLanguage(data?.language, browserLanguages()))
  const form = document.getElementById(EDITOR_FORM_ID) as HTMLFormElement | null
  if (!data || !form) {
    root.textContent = t('host:noSession')
    return
  }
  document.title = `${data.fileName} – ${data.appName}`

  let frame: HTMLIFrameElement | null = null
  const inDesktopApp = /\bElectron\//.test(navigator.userAgent)
  const view = createHostDom(
    root,
    data,
    {
      close: () => session.requestClose(),
      edit: () => session.requestEdit(),
      openVersions: () => session.openVersions(),
      closeVersions: () => session.closeVersions(),
      dismissProblem: () => session.dismissProblem(),
      retry: () => window.location.reload(),
    },
    t,
  )

  const channel = createEditorChannel({
    window,
    frameWindow: () => frame?.contentWindow ?? null,
    editorOrigin: data.editorOrigin,
    onMessage: (message) => session.onMessage(message),
  })

  const session = createHostSession({
    data,
    view,
    send: (id, values) => channel.send(id, values),
    async getJson(url) {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' })
      return response.json()
    },
    async postClose() {
      await fetch(data.urls.close, { method: 'POST', keepalive: true, cache: 'no-store' })
    },
    navigate: (url) => window.location.replace(url + window.location.hash),
    removeFrame() {
      if (!frame) return
      // Navigating away first runs the editor's pagehide (it unlocks and saves drafts), then the frame goes.
      frame.src = 'about:blank'
      const gone = frame
      frame = null
      window.setTimeout(() => gone.remove(), 1500)
    },
    closeWindow: () => window.close(),
    inDesktopApp,
    pageOrigin: window.location.origin,
    setTimer(callback, ms) {
      const id = window.setTimeout(callback, ms)
      return () => window.clearTimeout(id)
    },
    t,
  })

  const cleaned = withoutPreviousSession(window.location.pathname, window.location.search, window.location.hash)
  form.setAttribute('action', withWdParameters(form.getAttribute('action') ?? data.actionUrl, window.location.search))
  if (cleaned !== null) window.history.replaceState(window.history.state, '', cleaned)

  frame = createEditorFrame(`${data.appName}: ${data.fileName}`)
  frame.addEventListener('load', () => {
    const current = frame
    if (!current) return
    let crossOrigin = false
    try {
      // Readable only while the frame still shows our own about:blank; the editor's page is cross-origin.
      void current.contentWindow?.location.href
    } catch {
      crossOrigin = true
    }
    session.onFrameLoad(crossOrigin)
  })
  view.stage.prepend(frame)
  form.submit()

  window.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') session.closeVersions()
  })
}

start()
