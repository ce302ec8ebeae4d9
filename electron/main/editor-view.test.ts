import { EventEmitter } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OpenResult } from '../contract/dto'
import { editorPartition } from './editor-session'
import { createMainI18n } from './main-i18n'
import {
  EDITOR_ORIGIN_PERMISSIONS,
  EDITOR_PERMISSIONS,
  EXTERNAL_LINK_INTERVAL_MS,
  openEditorView,
  originOf,
  type EditorViewOptions,
} from './editor-view'

// The document window with fake Electron objects: what it asks of Electron, and what it does with events.

const HOST = 'http://127.0.0.1:17890'
const EDITOR = 'http://127.0.0.1:9980'

const result: OpenResult = {
  sessionId: 'S3ss10n_Id-0123456789ab',
  hostPageUrl: `${HOST}/host/S3ss10n_Id-0123456789ab`,
  actionUrl: `${EDITOR}/browser/abc/cool.html?WOPISrc=x`,
  appId: 'collabora_writer',
  appName: 'Writer',
  action: 'edit',
  fileId: 'file1',
  canWrite: true,
}

class FakeSession extends EventEmitter {
  requestHandler?: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string }) => void
  checkHandler?: (contents: unknown, permission: string, origin: string) => boolean
  verifyProc?: unknown
  cleared = 0
  setPermissionRequestHandler(handler: FakeSession['requestHandler']) {
    this.requestHandler = handler
  }
  setPermissionCheckHandler(handler: FakeSession['checkHandler']) {
    this.checkHandler = handler
  }
  setCertificateVerifyProc(proc: unknown) {
    this.verifyProc = proc
  }
  async clearStorageData() {
    this.cleared++
  }
}

class FakeContents extends EventEmitter {
  openHandler?: (details: { url: string }) => { action: string }
  loaded: string[] = []
  setWindowOpenHandler(handler: FakeContents['openHandler']) {
    this.openHandler = handler
  }
  async loadURL(url: string) {
    this.loaded.push(url)
  }
}

class FakeDownload extends EventEmitter {
  savePath = ''
  cancelled = false
  constructor(private readonly name: string) {
    super()
  }
  getFilename() {
    return this.name
  }
  setSavePath(path: string) {
    this.savePath = path
  }
  cancel() {
    this.cancelled = true
    this.emit('done', {}, 'cancelled')
  }
}

interface Built {
  window: FakeWindow
  options: Record<string, unknown> & { webPreferences: Record<string, unknown> }
  partitions: string[]
  session: FakeSession
  contents: FakeContents
  closedSessions: string[]
  opened: string[]
  dialogs: Array<{ defaultPath?: string; answer: (value: { canceled: boolean; filePath: string }) => void }>
  questions: Array<{ message: string; answer: (response: number) => void }>
  clock: { now: number }
}

let built: Built
let downloadsDir: string

class FakeWindow extends EventEmitter {
  webContents = new FakeContents()
  destroyed = false
  closeCalls = 0
  loaded: string[] = []
  constructor(options: Record<string, unknown> & { webPreferences: Record<string, unknown> }) {
    super()
    built.options = options
    built.window = this
    built.contents = this.webContents
  }
  async loadURL(url: string) {
    this.loaded.push(url)
  }
  isDestroyed() {
    return this.destroyed
  }
  close() {
    this.closeCalls++
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true
      },
    }
    this.emit('close', event)
    if (!event.defaultPrevented) {
      this.destroyed = true
      this.emit('closed')
    }
  }
}

function open(extra: Partial<EditorViewOptions> = {}): Built {
  const session = new FakeSession()
  built = {
    partitions: [],
    session,
    closedSessions: [],
    opened: [],
    dialogs: [],
    questions: [],
    clock: { now: 1_000_000 },
  } as unknown as Built
  openEditorView({
    BrowserWindow: FakeWindow as never,
    session: {
      fromPartition: (partition: string) => {
        built.partitions.push(partition)
        return session as never
      },
    },
    dialog: {
      showSaveDialog: (_window, options) =>
        new Promise((resolve) =>
          built.dialogs.push({
            ...(options.defaultPath ? { defaultPath: options.defaultPath } : {}),
            answer: (value) => resolve(value as never),
          }),
        ),
      showMessageBox: (_window, options) =>
        new Promise((resolve) =>
          built.questions.push({ message: options.message, answer: (response) => resolve({ response, checkboxChecked: false }) }),
        ),
    },
    shell: { openExternal: async (url) => void built.opened.push(url) },
    result,
    editorOrigin: EDITOR,
    onClosed: (sessionId) => built.closedSessions.push(sessionId),
    downloadsDir,
    now: () => built.clock.now,
    ...extra,
  })
  return built
}

function navigate(contents: EventEmitter, event: string, url: string): boolean {
  let prevented = false
  contents.emit(event, { preventDefault: () => (prevented = true) }, url)
  return prevented
}

function frameNavigate(contents: EventEmitter, url: string, isMainFrame = false): boolean {
  let prevented = false
  contents.emit('will-frame-navigate', { url, isMainFrame, preventDefault: () => (prevented = true) })
  return prevented
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 20))

beforeEach(async () => {
  downloadsDir = await mkdtemp(join(tmpdir(), 'wopi-desk-downloads-'))
})

afterEach(async () => {
  await rm(downloadsDir, { recursive: true, force: true })
})

describe('editor view', () => {
  it('uses its editor’s persistent partition, the same for every document, and the hardened preferences without a preload', () => {
    const b = open()
    expect(b.partitions).toEqual([editorPartition(EDITOR)])
    expect(b.partitions[0]!.startsWith('persist:editor-')).toBe(true)
    expect(b.options.webPreferences).toMatchObject({
      partition: editorPartition(EDITOR),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    })
    expect(b.options.webPreferences).not.toHaveProperty('preload')
    expect(b.window.loaded).toEqual([result.hostPageUrl])
    const other = open({ result: { ...result, sessionId: 'another-session-id-0000' } })
    expect(other.partitions).toEqual([editorPartition(EDITOR)])
    const otherEditor = open({ editorOrigin: 'https://office.example' })
    expect(otherEditor.partitions).not.toEqual([editorPartition(EDITOR)])
  })

  it('lets the top page and its frames navigate only to the host page and the editor', () => {
    const { contents } = open()
    expect(navigate(contents, 'will-navigate', `${HOST}/host/other/edit`)).toBe(false)
    expect(navigate(contents, 'will-navigate', 'https://evil.example/')).toBe(true)
    expect(navigate(contents, 'will-navigate', 'http://127.0.0.1:17891/')).toBe(true)
    expect(navigate(contents, 'will-redirect', 'file:///etc/passwd')).toBe(true)
    expect(frameNavigate(contents, `${EDITOR}/browser/abc/cool.html?x=1`)).toBe(false)
    expect(frameNavigate(contents, 'about:blank')).toBe(false)
    expect(frameNavigate(contents, `blob:${EDITOR}/1b4c-uuid`)).toBe(false)
    expect(frameNavigate(contents, 'https://tracker.example/pixel')).toBe(true)
    expect(frameNavigate(contents, 'data:text/html,<script>1</script>')).toBe(true)
    expect(frameNavigate(contents, 'javascript:alert(1)')).toBe(true)
    expect(frameNavigate(contents, 'https://evil.example/', true)).toBe(true)
  })

  it('denies every new window; only https links go to the system browser, and a burst only with the user’s OK', async () => {
    const b = open()
    expect(b.contents.openHandler?.({ url: 'https://help.example/topic' })).toEqual({ action: 'deny' })
    expect(b.contents.openHandler?.({ url: 'https://help.example/second' })).toEqual({ action: 'deny' })
    expect(b.contents.openHandler?.({ url: 'https://help.example/flood' })).toEqual({ action: 'deny' })
    expect(b.questions.map((question) => question.message)).toEqual([
      'The document wants to open https://help.example/second in your browser.',
    ])
    b.questions[0]!.answer(1)
    await flush()
    b.clock.now += EXTERNAL_LINK_INTERVAL_MS
    expect(b.contents.openHandler?.({ url: 'http://plain.example/' })).toEqual({ action: 'deny' })
    expect(b.contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(b.contents.openHandler?.({ url: 'https://help.example/third' })).toEqual({ action: 'deny' })
    b.contents.openHandler?.({ url: 'https://help.example/fourth' })
    b.questions[1]!.answer(0)
    await flush()
    expect(b.opened).toEqual(['https://help.example/topic', 'https://help.example/third', 'https://help.example/fourth'])
  })

  it('asks about a burst of links in the language chosen in Settings', () => {
    const b = open({ t: createMainI18n('de', () => []).t })
    b.contents.openHandler?.({ url: 'https://help.example/a' })
    b.contents.openHandler?.({ url: 'https://help.example/b' })
    expect(b.questions.map((question) => question.message)).toEqual(['Das Dokument möchte https://help.example/b in Ihrem Browser öffnen.'])
  })

  it('refuses a burst of links when it cannot ask', () => {
    const b = open({ dialog: { showSaveDialog: async () => ({ canceled: true, filePath: '' }) } })
    b.contents.openHandler?.({ url: 'https://help.example/a' })
    b.contents.openHandler?.({ url: 'https://help.example/b' })
    expect(b.opened).toEqual(['https://help.example/a'])
  })

  it('denies permissions except clipboard writes and fullscreen for the two origins, and clipboard reads for the editor', () => {
    const { session } = open()
    const ask = (permission: string, requestingUrl: string) => {
      let granted: boolean | undefined
      session.requestHandler?.(null, permission, (value) => (granted = value), { requestingUrl })
      return granted
    }
    expect(EDITOR_PERMISSIONS).toEqual(['clipboard-sanitized-write', 'fullscreen'])
    expect(ask('clipboard-sanitized-write', `${EDITOR}/browser/abc/cool.html`)).toBe(true)
    expect(ask('fullscreen', `${EDITOR}/x`)).toBe(true)
    expect(ask('fullscreen', 'https://evil.example/')).toBe(false)
    expect(EDITOR_ORIGIN_PERMISSIONS).toEqual(['clipboard-sanitized-write', 'fullscreen', 'clipboard-read'])
    expect(ask('clipboard-read', `${EDITOR}/x`)).toBe(true)
    expect(ask('clipboard-read', `${HOST}/host/x`)).toBe(false)
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) expect(ask(permission, `${EDITOR}/x`)).toBe(false)
    expect(session.checkHandler?.(null, 'clipboard-sanitized-write', EDITOR)).toBe(true)
    expect(session.checkHandler?.(null, 'geolocation', EDITOR)).toBe(false)
    expect(session.checkHandler?.(null, 'fullscreen', 'https://evil.example')).toBe(false)
  })

  it('saves a download only where the user chooses', async () => {
    const b = open()
    const item = new FakeDownload('../Report (final).pdf')
    b.session.emit('will-download', {}, item, b.contents)
    expect(b.dialogs).toHaveLength(1)
    expect(b.dialogs[0]!.defaultPath).toBe('Report (final).pdf')
    // Electron writes to the private path meanwhile; the user picks the place after the bytes arrived.
    expect(item.savePath.startsWith(downloadsDir)).toBe(true)
    await writeFile(item.savePath, 'pdf bytes')
    item.emit('done', {}, 'completed')
    const chosen = join(downloadsDir, 'chosen.pdf')
    b.dialogs[0]!.answer({ canceled: false, filePath: chosen })
    await flush()
    expect(await readFile(chosen, 'utf8')).toBe('pdf bytes')
    expect((await readdir(downloadsDir)).sort()).toEqual(['chosen.pdf'])
  })

  it('cancels the download when the user cancels the dialog', async () => {
    const b = open()
    const item = new FakeDownload('secret.docx')
    b.session.emit('will-download', {}, item, b.contents)
    b.dialogs[0]!.answer({ canceled: true, filePath: '' })
    await flush()
    expect(item.cancelled).toBe(true)
    expect(await readdir(downloadsDir)).toEqual([])
    expect(existsSync(item.savePath)).toBe(false)
  })

  it('on close, blanks the page first so the editor unloads, then closes and closes the session', async () => {
    const b = open()
    b.window.close()
    expect(b.contents.loaded).toEqual(['about:blank'])
    expect(b.closedSessions).toEqual([])
    await flush()
    expect(b.window.destroyed).toBe(true)
    expect(b.closedSessions).toEqual([result.sessionId])
    // The editor's partition is kept (its cache and sign-in serve the next document); only the listener goes.
    expect(b.session.cleared).toBe(0)
    expect(b.session.listenerCount('will-download')).toBe(0)
  })

  it('takes only its own downloads from the shared partition, and asks before a burst of them', async () => {
    const b = open()
    b.session.emit('will-download', {}, new FakeDownload('other.pdf'), new FakeContents())
    expect(b.dialogs).toHaveLength(0)
    b.session.emit('will-download', {}, new FakeDownload('one.pdf'), b.contents)
    const second = new FakeDownload('two.pdf')
    b.session.emit('will-download', {}, second, b.contents)
    expect(b.dialogs).toHaveLength(1)
    expect(second.savePath.startsWith(downloadsDir)).toBe(true)
    expect(b.questions.map((question) => question.message)).toEqual(['The document wants to download two.pdf.'])
    b.questions[0]!.answer(1)
    await flush()
    expect(second.cancelled).toBe(true)
  })

  it('also closes the sibling session a view/edit switch opened in the same window', async () => {
    const b = open()
    b.contents.emit('did-navigate', {}, `${HOST}/host/Sibling_Session-0123456789`, 200, 'OK')
    b.contents.emit('did-navigate', {}, `${EDITOR}/host/Not_Our_Origin-0123456789`, 200, 'OK')
    b.window.close()
    await flush()
    expect(b.closedSessions).toEqual([result.sessionId, 'Sibling_Session-0123456789'])
  })

  it('ignores an editor asking to keep the page ("leave site?")', () => {
    const { contents } = open()
    let prevented = false
    contents.emit('will-prevent-unload', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
  })
})

describe('originOf', () => {
  it('reads http(s) and blob origins; opaque URLs have none', () => {
    expect(originOf('http://127.0.0.1:9980/a?b')).toBe('http://127.0.0.1:9980')
    expect(originOf('blob:https://docs.example/uuid')).toBe('https://docs.example')
    expect(originOf('data:text/plain,x')).toBeNull()
    expect(originOf('not a url')).toBeNull()
  })
})
