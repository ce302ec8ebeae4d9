import type { TFunction } from 'i18next'
import type { HostPageData } from '../../../electron/contract/host-page'
import type { VersionDto } from '../../../electron/contract/dto'
import { VIEW_ONLY_MESSAGE, type WopiMessage } from '../components/wopi-message'
import { diagnose, type Diagnosis, type SeenRequest, type Trigger } from './likely-causes'

// What the host page does with the editor (spec 11.2), without the DOM: the loading overlay until the editor
// says the document is loaded, a diagnosis when it does not, Close, the edit switch and the versions panel.
// host-main.tsx wires it to the real page; the tests drive it with fakes.

export type LoadingStage = 'connecting' | 'loading-editor' | 'loading-document' | 'slow'

export type VersionsState = { kind: 'loading' } | { kind: 'ready'; versions: VersionDto[] } | { kind: 'error'; message: string }

export interface HostView {
  showLoading(stage: LoadingStage, note?: string): void
  showReady(): void
  showProblem(diagnosis: Diagnosis): void
  showVersions(state: VersionsState): void
  hideVersions(): void
  setFileName(name: string): void
  /** the editor can only show the document, although this session may write: why, in plain words */
  showViewOnly(reason: string): void
  showNotice(text: string): void
  showClosed(): void
}

export interface HostSessionDeps {
  data: HostPageData
  view: HostView
  /** posts to the editor frame (to the editor origin only); false when there is no frame */
  send(messageId: string, values?: Record<string, unknown>): boolean
  getJson(url: string): Promise<unknown>
  /** POST close for this session; must survive the page going away (keepalive) */
  postClose(): Promise<void>
  /** replaces this page (no new history entry, so a window opened by script can still close itself) */
  navigate(url: string): void
  /** blanks and removes the editor frame, so the editor's pagehide runs and it releases its lock */
  removeFrame(): void
  closeWindow(): void
  /** true inside the WOPI Desk desktop app (the window closes); false in a browser tab (a "closed" view stays) */
  inDesktopApp: boolean
  pageOrigin: string
  setTimer(callback: () => void, ms: number): () => void
  /** the page's translation: the diagnosis and the messages this session shows */
  t: TFunction
  /** the clock versions' createdAt is compared with (ms since the epoch); Date.now by default */
  now?: () => number
}

export interface HostSession {
  onMessage(message: WopiMessage): void
  /** the editor frame finished loading a document (any origin) */
  onFrameLoad(crossOrigin: boolean): void
  /** the Close button */
  requestClose(): void
  /** the Edit button of a view session */
  requestEdit(): void
  openVersions(): void
  closeVersions(): void
  /** "Show the editor anyway": hides the problem overlay; a later Document_Loaded is still welcome */
  dismissProblem(): void
  readonly phase: Phase
}

export type Phase = 'loading' | 'ready' | 'problem' | 'closed'

/** how long a Close asked of a loaded editor (Action_Close) may take before the page closes anyway */
export const CLOSE_GRACE_MS = 4_000
/** after this the overlay says it is taking longer than usual */
export const SLOW_NOTICE_MS = 10_000

export function createHostSession(deps: HostSessionDeps): HostSession {
  const { data, view, t } = deps
  let phase: Phase = 'loading'
  let loaded = false
  let editorSpoke = false
  let readySent = false
  let versionsOpen = false
  let closing = false
  let diagnosing = false
  const startedAt = (deps.now ?? Date.now)()
  const timers: Array<() => void> = []
  const isClosed = () => phase === 'closed'

  view.showLoading('connecting')
  timers.push(deps.setTimer(() => loading('slow'), SLOW_NOTICE_MS))
  timers.push(deps.setTimer(() => void problem({ type: 'timeout' }), data.loadTimeoutMs))

  function loading(stage: LoadingStage, note?: string): void {
    if (phase === 'loading') view.showLoading(stage, note)
  }

  function sendReady(): void {
    if (readySent) return
    readySent = deps.send('Host_PostmessageReady', {})
  }

  function documentLoaded(): void {
    // A second Document_Loaded: the editor loaded the file again. LibreOffice Online does so after a save the host
    // refused as changed in storage, telling the user "your version is available as revision"; say where it is.
    if (loaded && phase !== 'closed') void tellKeptEdits()
    loaded = true
    if (phase === 'closed') return
    for (const cancel of timers.splice(0)) cancel()
    phase = 'ready'
    view.showReady()
  }

  async function problem(trigger: Trigger): Promise<void> {
    if (phase === 'closed' || loaded || diagnosing) return
    diagnosing = true
    for (const cancel of timers.splice(0)) cancel()
    let requests: SeenRequest[] | null = null
    try {
      const status = (await deps.getJson(data.urls.status)) as { ok?: boolean; value?: { requests?: SeenRequest[] } }
      requests = status.ok && Array.isArray(status.value?.requests) ? status.value.requests : null
    } catch {
      requests = null
    }
    diagnosing = false
    // The editor may have loaded, or the user closed the page, while the host was asked.
    if (isClosed() || loaded) return
    phase = 'problem'
    view.showProblem(
      diagnose(
        {
          kind: data.editorKind,
          appName: data.appName,
          endpointName: data.endpointName,
          fileName: data.fileName,
          action: data.action,
          editorOrigin: data.editorOrigin,
          hostOrigin: data.hostOrigin,
          pageOrigin: deps.pageOrigin,
          wopiBase: data.wopiBase,
          trigger,
          requests,
          editorSpoke,
        },
        t,
      ),
    )
  }

  function text(value: unknown): string | null {
    return typeof value === 'string' && value.trim() ? value.trim().slice(0, 500) : null
  }

  async function finishClose(): Promise<void> {
    if (phase === 'closed') return
    phase = 'closed'
    for (const cancel of timers.splice(0)) cancel()
    deps.removeFrame()
    view.hideVersions()
    view.showClosed()
    try {
      await deps.postClose()
    } catch {
      // The session also ends when its token expires; the page must close regardless.
    }
    if (deps.inDesktopApp) deps.closeWindow()
  }

  async function tellKeptEdits(): Promise<void> {
    try {
      const body = (await deps.getJson(data.urls.versions)) as { ok?: boolean; value?: VersionDto[] }
      // The host keeps such a save as a version with reason 'conflict' (put-file.ts); only one of this session counts.
      const kept =
        body.ok &&
        Array.isArray(body.value) &&
        body.value.some((version) => version.reason === 'conflict' && version.createdAt >= startedAt)
      if (kept && phase !== 'closed') view.showNotice(t('host:session.editsKeptAsVersion', { name: data.fileName }))
    } catch {
      // Only a hint: the versions are still listed on the Files page.
    }
  }

  async function loadVersions(): Promise<void> {
    view.showVersions({ kind: 'loading' })
    try {
      const body = (await deps.getJson(data.urls.versions)) as { ok?: boolean; value?: VersionDto[]; error?: { message?: string } }
      if (!versionsOpen) return
      if (body.ok && Array.isArray(body.value)) view.showVersions({ kind: 'ready', versions: body.value })
      else view.showVersions({ kind: 'error', message: body.error?.message ?? t('host:session.versionsUnreadable') })
    } catch {
      if (versionsOpen) view.showVersions({ kind: 'error', message: t('host:session.versionsOffline') })
    }
  }

  const session: HostSession = {
    get phase() {
      return phase
    },

    onMessage(message) {
      if (phase === 'closed') return
      editorSpoke = true
      const values = message.Values
      switch (message.MessageId) {
        case 'App_LoadingStatus': {
          const status = values['Status']
          // Office sends no Status at all: App_LoadingStatus itself means loaded (with DocumentLoadedTime).
          if (status === undefined || status === 'Document_Loaded') return documentLoaded()
          if (status === 'Failed')
            return void problem({ type: 'failed', reason: text(values['Reason']) ?? text(values['ErrorMsg']) ?? text(values['errorMsg']) })
          // Initialized / Frame_Ready: the editor listens now; make sure it heard us.
          sendReady()
          return loading('loading-document')
        }
        case 'Action_Load_Resp': {
          if (values['success'] === true) return documentLoaded()
          const errorType = text(values['errorType'])
          // Collabora retries by itself while its cluster scales: keep waiting, say why.
          if (errorType === 'clusterscaling') return loading('loading-document', text(values['errorMsg']) ?? undefined)
          return void problem({ type: 'load-error', errorType, errorMsg: text(values['errorMsg']) })
        }
        case 'UI_Close':
          return void finishClose()
        case 'UI_Edit':
          return session.requestEdit()
        case 'UI_FileVersions':
          return session.openVersions()
        case 'File_Rename': {
          const name = text(values['NewName'])
          if (name) view.setFileName(name)
          return
        }
        case VIEW_ONLY_MESSAGE: {
          if (data.canWrite) view.showViewOnly(text(values['Reason']) ?? t('host:session.openedReadOnly'))
          return
        }
        default:
          // Edit_Notification, App_IsFrameTrusted (we never set sftc) and anything else: nothing to do.
          return
      }
    },

    onFrameLoad(crossOrigin) {
      if (phase === 'closed') return
      // A fresh editor document needs its own Host_PostmessageReady; the initial about:blank does not.
      readySent = false
      if (!crossOrigin) return
      sendReady()
      loading('loading-editor')
    },

    requestClose() {
      if (closing || phase === 'closed') return
      closing = true
      if (loaded && deps.send('Action_Close', {})) {
        // Editors that understand it save and answer UI_Close; others get a moment, then the page closes.
        timers.push(deps.setTimer(() => void finishClose(), CLOSE_GRACE_MS))
        return
      }
      void finishClose()
    },

    requestEdit() {
      if (phase === 'closed') return
      if (!data.mayWrite) {
        view.showNotice(t('host:session.readOnlyOnDisk', { name: data.fileName }))
        return
      }
      deps.navigate(data.urls.edit)
    },

    openVersions() {
      if (phase === 'closed' || versionsOpen) return
      versionsOpen = true
      // The panel covers part of the editor: it must not keep grabbing focus (edit modes only, spec 11.2).
      if (loaded) deps.send('Blur_Focus', {})
      void loadVersions()
    },

    closeVersions() {
      if (!versionsOpen) return
      versionsOpen = false
      view.hideVersions()
      if (loaded && phase !== 'closed') deps.send('Grab_Focus', {})
    },

    dismissProblem() {
      if (phase !== 'problem') return
      view.showReady()
    },
  }
  return session
}
