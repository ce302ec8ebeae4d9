import { EventEmitter } from 'node:events'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { IPC_INVOKE_PREFIX, IPC_OPEN_DROPPED_CHANNEL } from '../contract/api'
import { channelNames } from '../contract/channel-names'
import { APP_SCHEME, CONSOLE_URL } from './app-protocol'
import { startDesktopApp, type DesktopApp } from './desktop-app'
import { editorPartition } from './editor-session'
import { PICK_PATH_CHANNEL } from './native-pickers'

// The desktop composition with fake Electron objects (no binary, no global mock): what it binds, which windows
// it makes and with which preferences, and that a document opens in its own sandboxed editor window.

interface FakeWindow extends EventEmitter {
  options: { webPreferences: Record<string, unknown>; show?: boolean }
  loaded: string[]
  webContents: FakeContents
}

interface FakeContents extends EventEmitter {
  mainFrame: { url: string }
  sent: unknown[][]
  openHandler?: (details: { url: string }) => { action: string }
}

function fakeElectron(paths: { userData: string; home: string; systemLanguages?: string[] }) {
  const windows: FakeWindow[] = []
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>()
  const schemes = new Map<string, (request: Request) => Promise<Response>>()
  const partitions: string[] = []
  const errors: string[] = []
  const questions: { message: string; buttons: string[] }[] = []
  const answers: number[] = []
  const fakeSession = () =>
    Object.assign(new EventEmitter(), {
      setPermissionRequestHandler: () => undefined,
      setPermissionCheckHandler: () => undefined,
      setCertificateVerifyProc: () => undefined,
    })

  class BrowserWindow extends EventEmitter {
    options: FakeWindow['options']
    loaded: string[] = []
    webContents: FakeContents
    constructor(options: FakeWindow['options']) {
      super()
      this.options = options
      const contents: FakeContents = Object.assign(new EventEmitter(), {
        mainFrame: { url: '' },
        sent: [] as unknown[][],
        send: (...args: unknown[]) => contents.sent.push(args),
        isDestroyed: () => false,
        setWindowOpenHandler: (handler: FakeContents['openHandler']): void => {
          contents.openHandler = handler
        },
        loadURL: async () => undefined,
      })
      this.webContents = contents
      windows.push(this as unknown as FakeWindow)
    }
    async loadURL(url: string) {
      this.loaded.push(url)
      this.webContents.mainFrame.url = url
    }
    destroyed = false
    isDestroyed() {
      return this.destroyed
    }
    isMinimized() {
      return false
    }
    show() {}
    focus() {}
    maximize() {}
    close() {
      this.destroyed = true
      this.emit('closed')
    }
  }

  return {
    windows,
    handlers,
    schemes,
    partitions,
    errors,
    questions,
    answers,
    parts: {
      app: {
        getPath: (name: string) => (name === 'userData' ? paths.userData : paths.home),
        getVersion: () => '0.0.0-test',
        on: () => undefined,
        quit: () => undefined,
        focus: () => undefined,
        getLocale: () => 'en-US',
        getPreferredSystemLanguages: () => paths.systemLanguages ?? ['en-US'],
      },
      BrowserWindow,
      ipcMain: {
        handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => void handlers.set(channel, handler),
        removeHandler: (channel: string) => void handlers.delete(channel),
      },
      protocol: { handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void schemes.set(scheme, handler) },
      session: {
        defaultSession: fakeSession(),
        fromPartition: (partition: string) => {
          partitions.push(partition)
          return fakeSession()
        },
      },
      dialog: {
        showSaveDialog: async () => ({ canceled: true }),
        showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
        showErrorBox: (_title: string, message: string) => void errors.push(message),
        showMessageBox: async (options: { message: string; buttons: string[] }) => (
          questions.push(options),
          { response: answers.shift() ?? 2 }
        ),
      },
      shell: { openExternal: async () => undefined },
    },
  }
}

describe('the desktop app composition', () => {
  let base: string
  let renderer: string
  let desktop: DesktopApp | null = null

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'wopi-desk-desktop-'))
    renderer = join(base, 'renderer')
    await mkdir(renderer)
    await writeFile(join(renderer, 'index.html'), '<title>console</title>')
  })
  afterEach(async () => {
    await desktop?.close()
    desktop = null
    await rm(base, { recursive: true, force: true })
  })

  async function start(options: { systemLanguages?: string[] } = {}) {
    const electron = fakeElectron({ userData: join(base, 'userData'), home: join(base, 'home'), ...options })
    desktop = await startDesktopApp(
      electron.parts as never,
      {
        rendererDir: renderer,
        preload: join(base, 'preload', 'index.cjs'),
        resourcesDir: new URL('../../resources', import.meta.url).pathname,
      },
      {},
      { wopi: 0, editor: 0 },
    )
    return electron
  }

  it('listens on the ports it is given: here free ones, so a running WOPI Desk on 17890/17891 does not matter', async () => {
    await start()
    const { host, editor } = desktop!.desk
    expect(host.wopi.port).toBeGreaterThan(0)
    expect(editor?.port).toBeGreaterThan(0)
    expect([17890, 17891]).not.toContain(host.wopi.port)
    expect([17890, 17891]).not.toContain(editor?.port)
    // The console goes over IPC: no HTTP console listens.
    expect(desktop!.desk.addresses().console).toBeNull()
  })

  it('serves ~/WOPI Desk on first run and loads the console from the app scheme in a hardened window with the preload', async () => {
    const electron = await start()
    expect(desktop!.desk.host.files.root).toBe(join(base, 'home', 'WOPI Desk'))
    const [consoleWindow] = electron.windows
    expect(consoleWindow!.loaded).toEqual([CONSOLE_URL])
    expect(consoleWindow!.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: join(base, 'preload', 'index.cjs'),
    })
    const page = await electron.schemes.get(APP_SCHEME)!(new Request(CONSOLE_URL))
    expect(await page.text()).toContain('console')
    // The console window may not navigate away or open windows.
    expect(consoleWindow!.webContents.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' })
  })

  it('binds every contract channel for the console top frame only', async () => {
    const electron = await start()
    expect([...electron.handlers.keys()].sort()).toEqual(
      [...channelNames.map((channel) => IPC_INVOKE_PREFIX + channel), PICK_PATH_CHANNEL, IPC_OPEN_DROPPED_CHANNEL].sort(),
    )
    const consoleContents = electron.windows[0]!.webContents
    const listFiles = electron.handlers.get(IPC_INVOKE_PREFIX + 'files:list')!
    const answer = (await listFiles({ sender: consoleContents, senderFrame: consoleContents.mainFrame }, { dir: '' })) as {
      ok: boolean
      value: { entries: { name: string }[] }
    }
    expect(answer.ok).toBe(true)
    expect(answer.value.entries.map((entry) => entry.name)).toEqual(['Welcome.md'])
    const foreign = { url: 'https://evil.example/' }
    expect(await listFiles({ sender: consoleContents, senderFrame: foreign }, { dir: '' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })
  })

  it('opens a document in its own sandboxed window with its editor’s partition and no preload', async () => {
    const electron = await start()
    const consoleContents = electron.windows[0]!.webContents
    const open = electron.handlers.get(IPC_INVOKE_PREFIX + 'files:open')!
    const answer = (await open({ sender: consoleContents, senderFrame: consoleContents.mainFrame }, { path: 'Welcome.md' })) as {
      ok: boolean
      value: { sessionId: string; hostPageUrl: string }
    }
    expect(answer.ok).toBe(true)
    expect(electron.windows).toHaveLength(2)
    const editorWindow = electron.windows[1]!
    const partition = editorPartition((answer.value as unknown as { actionUrl: string }).actionUrl)
    expect(electron.partitions).toEqual([partition])
    expect(editorWindow.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, partition })
    expect(desktop!.openDocuments()).toEqual([{ sessionId: answer.value.sessionId, name: 'Welcome.md' }])
    expect(editorWindow.options.webPreferences['preload']).toBeUndefined()
    expect(editorWindow.loaded).toEqual([answer.value.hostPageUrl])
  })

  it('opens a file of the served folder at once, and asks about one outside it', async () => {
    const electron = await start()
    const opened = await desktop!.openPath(join(base, 'home', 'WOPI Desk', 'Welcome.md'))
    expect(opened?.action).toBe('edit')
    expect(electron.questions).toEqual([])
    // It shows in its own editor window, as a document opened from the console does.
    expect(electron.windows).toHaveLength(2)
    expect(electron.windows[1]!.loaded).toEqual([opened!.hostPageUrl])
    await writeFile(join(base, 'elsewhere.txt'), 'outside')
    expect(await desktop!.openPath(join(base, 'elsewhere.txt'))).toBeNull()
    expect(electron.questions[0]!.buttons).toEqual(['Open just this file', 'Serve its folder', 'Cancel'])
    expect(electron.errors).toEqual([])
    electron.answers.push(0)
    // "Open just this file": the core serves that one document as a place of its own, and it opens at once.
    const alone = await desktop!.openPath(join(base, 'elsewhere.txt'))
    expect(alone?.action).toBe('edit')
    expect(electron.errors).toEqual([])
    expect(electron.windows).toHaveLength(3)
    expect(electron.windows[2]!.loaded).toEqual([alone!.hostPageUrl])
    const places = await desktop!.desk.api['places:list']()
    expect(places.map((place) => place.path)).toContain(join(base, 'elsewhere.txt'))
    // Remembered for its folder: the next document from there opens without asking.
    const questionsSoFar = electron.questions.length
    await writeFile(join(base, 'beside.txt'), 'beside')
    const beside = await desktop!.openPath(join(base, 'beside.txt'))
    expect(beside?.action).toBe('edit')
    expect(electron.questions).toHaveLength(questionsSoFar)
  })

  it('asks in the language saved in Settings, tells its listeners, and follows the system’s language for "system"', async () => {
    const electron = await start({ systemLanguages: ['zh-CN'] })
    await writeFile(join(base, 'elsewhere.txt'), 'outside')
    await desktop!.openPath(join(base, 'elsewhere.txt'))
    expect(electron.questions[0]!.buttons).toEqual(['仅打开此文件', '共享其文件夹', '取消'])
    let told = 0
    desktop!.onSettingsChanged(() => told++)
    await desktop!.api['settings:update']({ language: 'de' })
    expect(told).toBe(1)
    expect(desktop!.i18n.language).toBe('de')
    await desktop!.openPath(join(base, 'elsewhere.txt'))
    expect(electron.questions[1]!.buttons).toEqual(['Nur diese Datei öffnen', 'Ihren Ordner bereitstellen', 'Abbrechen'])
  })

  it('makes the console window again when it was closed, and closes editor windows before the desk', async () => {
    const electron = await start()
    const consoleContents = electron.windows[0]!.webContents
    await electron.handlers.get(IPC_INVOKE_PREFIX + 'files:open')!(
      { sender: consoleContents, senderFrame: consoleContents.mainFrame },
      { path: 'Welcome.md' },
    )
    ;(electron.windows[0] as unknown as { close(): void }).close()
    const again = desktop!.showConsole('#/doctor')
    expect(electron.windows).toHaveLength(3)
    expect(again).toBe(electron.windows[2])
    expect(electron.windows[2]!.loaded).toEqual([`${CONSOLE_URL}#/doctor`])
    expect(desktop!.window).toBe(again)
    // The new console window may call the contract; the closed one's contents may not.
    const settings = electron.handlers.get(IPC_INVOKE_PREFIX + 'settings:get')!
    expect(await settings({ sender: again.webContents, senderFrame: again.webContents.mainFrame })).toMatchObject({ ok: true })
    expect(await settings({ sender: consoleContents, senderFrame: consoleContents.mainFrame })).toMatchObject({ ok: false })
    await desktop!.close()
    expect((electron.windows[1] as unknown as { destroyed: boolean }).destroyed).toBe(true)
    expect(desktop!.openDocuments()).toEqual([])
  })
})
