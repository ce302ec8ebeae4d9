import type { TFunction } from 'i18next'
import { describe, expect, it } from 'vitest'
import type { HostPageData } from '../../../electron/contract/host-page'
import { createI18n } from '../i18n/create-i18n'
import { hostResources } from '../i18n/host-resources'
import { CLOSE_GRACE_MS, createHostSession, SLOW_NOTICE_MS, type HostView, type VersionsState } from './host-session'
import type { Diagnosis } from './likely-causes'

const data: HostPageData = {
  sessionId: 'sid',
  fileName: 'report.docx',
  appName: 'Writer',
  endpointName: 'Collabora Online',
  editorKind: 'collabora',
  action: 'view',
  canWrite: false,
  mayWrite: true,
  actionUrl: 'http://127.0.0.1:9980/browser/x/cool.html?WOPISrc=y',
  editorOrigin: 'http://127.0.0.1:9980',
  hostOrigin: 'http://127.0.0.1:17890',
  wopiBase: 'http://127.0.0.1:17890',
  iconUrl: null,
  loadTimeoutMs: 30_000,
  urls: {
    close: '/host/sid/close',
    closed: '/host/sid/closed',
    edit: '/host/sid/edit',
    view: '/host/sid/view',
    versions: '/host/sid/versions',
    status: '/host/sid/status',
  },
  consoleUrl: null,
  language: null,
}

/** the wall clock when the harness's session starts (versions are stamped on this clock) */
const SESSION_START = 1_800_000_000_000

function harness(
  overrides: Partial<HostPageData> = {},
  options: { inDesktopApp?: boolean; json?: Record<string, unknown>; t?: TFunction } = {},
) {
  const events: string[] = []
  const sent: string[] = []
  const timers: Array<{ at: number; callback: () => void; cancelled: boolean }> = []
  let now = 0
  const problems: Diagnosis[] = []
  const versions: VersionsState[] = []
  const view: HostView = {
    showLoading: (stage, note) => void events.push(`loading:${stage}${note ? `:${note}` : ''}`),
    showReady: () => void events.push('ready'),
    showProblem: (diagnosis) => void (events.push('problem'), problems.push(diagnosis)),
    showVersions: (state) => void (events.push(`versions:${state.kind}`), versions.push(state)),
    hideVersions: () => void events.push('versions:hidden'),
    setFileName: (name) => void events.push(`name:${name}`),
    showNotice: (text) => void events.push(`notice:${text}`),
    showViewOnly: (reason) => void events.push(`view-only:${reason}`),
    showClosed: () => void events.push('closed'),
  }
  const json = options.json ?? { '/host/sid/status': { ok: true, value: { requests: [] } } }
  const session = createHostSession({
    data: { ...data, ...overrides },
    view,
    send: (id) => (sent.push(id), true),
    getJson: async (url) => {
      events.push(`get:${url}`)
      if (!(url in json)) throw new Error('offline')
      return json[url]
    },
    postClose: async () => void events.push('post-close'),
    navigate: (url) => void events.push(`navigate:${url}`),
    removeFrame: () => void events.push('remove-frame'),
    closeWindow: () => void events.push('close-window'),
    inDesktopApp: options.inDesktopApp ?? false,
    pageOrigin: 'http://127.0.0.1:17890',
    setTimer(callback, ms) {
      const timer = { at: now + ms, callback, cancelled: false }
      timers.push(timer)
      return () => void (timer.cancelled = true)
    },
    t: options.t ?? createI18n(hostResources, 'en').t,
    now: () => SESSION_START + now,
  })
  const advance = async (ms: number) => {
    now += ms
    for (const timer of timers) {
      if (!timer.cancelled && timer.at <= now) {
        timer.cancelled = true
        timer.callback()
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0))
  const message = (MessageId: string, Values: Record<string, unknown> = {}) => session.onMessage({ MessageId, SendTime: 0, Values })
  return { session, events, sent, problems, versions, advance, settle, message }
}

describe('host page session (spec 11.2)', () => {
  it('after the editor loads the document again, says where the edits of a refused save are kept (only those of this session)', async () => {
    const version = (reason: string, createdAt: number) => ({ id: createdAt, version: 3, name: 'report.docx', size: 9, createdAt, reason })
    const reloaded = harness({}, { json: { '/host/sid/versions': { ok: true, value: [version('conflict', SESSION_START + 5_000)] } } })
    reloaded.message('App_LoadingStatus', { Status: 'Document_Loaded' })
    await reloaded.settle()
    expect(reloaded.events).not.toContain('get:/host/sid/versions')
    reloaded.message('App_LoadingStatus', { Status: 'Document_Loaded' })
    await reloaded.settle()
    expect(reloaded.events.filter((event) => event.startsWith('notice:'))).toEqual([
      'notice:The editor loaded report.docx again from disk, where another program had changed it. Your edits it could not save are kept as a version: open Versions to restore them.',
    ])

    for (const value of [[version('conflict', SESSION_START - 60_000)], [version('put-file', SESSION_START + 5_000)], []]) {
      const other = harness({}, { json: { '/host/sid/versions': { ok: true, value } } })
      other.message('App_LoadingStatus', { Status: 'Document_Loaded' })
      other.message('App_LoadingStatus', { Status: 'Document_Loaded' })
      await other.settle()
      expect(other.events).toContain('get:/host/sid/versions')
      expect(other.events.some((event) => event.startsWith('notice:'))).toBe(false)
    }
  })

  it('sends Host_PostmessageReady once per editor document, not to the initial about:blank', () => {
    const h = harness()
    h.session.onFrameLoad(false)
    expect(h.sent).toEqual([])
    h.session.onFrameLoad(true)
    h.message('App_LoadingStatus', { Status: 'Frame_Ready' })
    expect(h.sent).toEqual(['Host_PostmessageReady'])
    h.session.onFrameLoad(true) // the editor frame navigated to a new document
    expect(h.sent).toEqual(['Host_PostmessageReady', 'Host_PostmessageReady'])
  })

  it('keeps the loading overlay until Document_Loaded (or a Status-less App_LoadingStatus)', async () => {
    const h = harness()
    h.session.onFrameLoad(true)
    h.message('App_LoadingStatus', { Status: 'Frame_Ready' })
    expect(h.session.phase).toBe('loading')
    expect(h.events).toContain('loading:loading-document')
    h.message('App_LoadingStatus', { Status: 'Document_Loaded', DocumentLoadedTime: 5 })
    expect(h.session.phase).toBe('ready')
    await h.advance(60_000)
    expect(h.events).not.toContain('problem')

    const office = harness()
    office.message('App_LoadingStatus', { DocumentLoadedTime: 5 })
    expect(office.session.phase).toBe('ready')
  })

  it('after the timeout explains the likely causes, using what the host saw', async () => {
    const h = harness()
    await h.advance(SLOW_NOTICE_MS)
    expect(h.events).toContain('loading:slow')
    await h.advance(data.loadTimeoutMs)
    expect(h.events).toContain('get:/host/sid/status')
    expect(h.session.phase).toBe('problem')
    expect(h.problems[0]!.causes[0]!.id).toBe('host-unreachable')
    // The editor may still finish: the overlay goes away then.
    h.message('App_LoadingStatus', { Status: 'Document_Loaded' })
    expect(h.session.phase).toBe('ready')
  })

  it('shows a Failed status and an Action_Load_Resp error at once, without waiting', async () => {
    const failed = harness()
    failed.message('App_LoadingStatus', { Status: 'Failed', Reason: 'Not a document' })
    await failed.settle()
    expect(failed.problems[0]!.editorSaid).toBe('Not a document')

    const socket = harness({}, { json: {} })
    socket.message('Action_Load_Resp', {
      success: false,
      errorType: 'websocketconnectionfailed',
      errorMsg: 'Failed to establish socket connection',
    })
    await socket.settle()
    expect(socket.problems[0]!.causes[0]!.id).toBe('websocket')

    const scaling = harness()
    scaling.message('Action_Load_Resp', { success: false, errorType: 'clusterscaling', errorMsg: 'Cluster is scaling, retrying...' })
    await scaling.settle()
    expect(scaling.session.phase).toBe('loading')
    expect(scaling.events).toContain('loading:loading-document:Cluster is scaling, retrying...')
  })

  it('UI_Close in a browser tab: frame removed, session closed, closed view stays', async () => {
    const h = harness()
    h.message('App_LoadingStatus', { Status: 'Document_Loaded' })
    h.message('UI_Close')
    await h.settle()
    expect(h.events.slice(-4)).toEqual(['remove-frame', 'versions:hidden', 'closed', 'post-close'])
    expect(h.session.phase).toBe('closed')
    h.message('App_LoadingStatus', { Status: 'Document_Loaded' })
    expect(h.session.phase).toBe('closed')
  })

  it('UI_Close in the desktop app closes the window after closing the session', async () => {
    const h = harness({}, { inDesktopApp: true })
    h.message('UI_Close')
    await h.settle()
    expect(h.events.slice(-2)).toEqual(['post-close', 'close-window'])
  })

  it('the Close button asks a loaded editor first (Action_Close), then closes anyway', async () => {
    const h = harness()
    h.message('App_LoadingStatus', { Status: 'Document_Loaded' })
    h.session.requestClose()
    expect(h.sent).toContain('Action_Close')
    expect(h.session.phase).toBe('ready')
    await h.advance(CLOSE_GRACE_MS)
    expect(h.session.phase).toBe('closed')

    const early = harness()
    early.session.requestClose()
    await early.settle()
    expect(early.sent).not.toContain('Action_Close') // nothing but Host_PostmessageReady before App_LoadingStatus
    expect(early.session.phase).toBe('closed')
  })

  it('UI_Edit switches to the edit session, unless the file is read-only on disk', () => {
    const h = harness()
    h.message('UI_Edit')
    expect(h.events).toContain('navigate:/host/sid/edit')
    const locked = harness({ mayWrite: false })
    locked.message('UI_Edit')
    expect(locked.events.some((event) => event.startsWith('navigate:'))).toBe(false)
    expect(locked.events).toContain('notice:report.docx is read-only on disk, so it can only be viewed.')
  })

  it('UI_FileVersions opens the versions panel with the list; the editor stops grabbing focus meanwhile', async () => {
    const versions = [{ id: 1, version: 1, name: 'report.docx', size: 10, createdAt: 1, reason: 'put-file' }]
    const h = harness({}, { json: { '/host/sid/versions': { ok: true, value: versions } } })
    h.message('App_LoadingStatus', { Status: 'Document_Loaded' })
    h.message('UI_FileVersions')
    await h.settle()
    expect(h.versions.map((state) => state.kind)).toEqual(['loading', 'ready'])
    expect(h.versions[1]).toEqual({ kind: 'ready', versions })
    expect(h.sent).toContain('Blur_Focus')
    h.session.closeVersions()
    expect(h.sent.at(-1)).toBe('Grab_Focus')
    expect(h.events.at(-1)).toBe('versions:hidden')
  })

  it('says read-only when an editor opened with a write token can only show the document', () => {
    const h = harness({ canWrite: true })
    h.message('WopiDesk_ViewOnly', { Reason: 'Locked by Collabora (dana)' })
    h.message('WopiDesk_ViewOnly', { Reason: 42 })
    expect(h.events.filter((event) => event.startsWith('view-only:'))).toEqual([
      'view-only:Locked by Collabora (dana)',
      'view-only:The editor opened the document read-only.',
    ])
    // A view session already says so.
    const viewing = harness({ canWrite: false })
    viewing.message('WopiDesk_ViewOnly', { Reason: 'Locked' })
    expect(viewing.events.filter((event) => event.startsWith('view-only:'))).toEqual([])
  })

  it('follows File_Rename and ignores messages it does not handle', () => {
    const h = harness()
    h.message('File_Rename', { NewName: 'final.docx' })
    h.message('Edit_Notification')
    h.message('Something_Else', { x: 1 })
    expect(h.events.filter((event) => event.startsWith('name:'))).toEqual(['name:final.docx'])
  })

  it('speaks the page language: its messages and the diagnosis come from the translation it was given', async () => {
    const german = createI18n(hostResources, 'de').t
    const locked = harness({ mayWrite: false }, { t: german })
    locked.message('UI_Edit')
    expect(locked.events).toContain('notice:report.docx ist auf dem Datenträger schreibgeschützt und kann daher nur angesehen werden.')
    const offline = harness({}, { t: german, json: {} })
    offline.message('UI_FileVersions')
    await offline.settle()
    expect(offline.versions.at(-1)).toEqual({
      kind: 'error',
      message: 'Die Versionen konnten nicht gelesen werden. Läuft WOPI Desk noch?',
    })
    const slow = harness({}, { t: german })
    await slow.advance(data.loadTimeoutMs)
    expect(slow.problems[0]!.title).toBe('Writer hat report.docx nicht fertig geöffnet')
  })
})
