// A recording stand-in for the `electron` module, for the built main bundle run under plain Node. It records
// what the shell asks of Electron (windows, URLs, handlers, dialogs, exits) and lets the test drive it over the
// child-process IPC channel as the OS would: open-file, second-instance, IPC from a trusted or an untrusted
// sender, quit. It is not Electron: it checks the shell's wiring, the CI workflow runs the real thing.
import { EventEmitter } from 'node:events'

const record = { singleInstanceLock: null, privilegedSchemes: [], schemes: [], windows: [], errorBoxes: [], opened: [], quitCalls: 0, quitDeferred: false, exitCode: null, name: null }
const handlers = new Map()
const env = process.env
let nextContentsId = 1

class FakeSession extends EventEmitter {
  setPermissionRequestHandler() {}
  setPermissionCheckHandler() {}
  clearStorageData() {
    return Promise.resolve()
  }
}

class FakeWebContents extends EventEmitter {
  constructor() {
    super()
    this.id = nextContentsId++
    this.mainFrame = { url: '' }
    this.sent = []
    this.destroyed = false
  }
  send(...args) {
    this.sent.push(args[0])
  }
  isDestroyed() {
    return this.destroyed
  }
  setWindowOpenHandler(handler) {
    this.openHandler = handler
  }
  async loadURL(url) {
    this.mainFrame.url = url
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super()
    this.options = options
    this.webContents = new FakeWebContents()
    this.destroyed = false
    this.minimized = false
    this.focused = 0
    this.loaded = []
    record.windows.push(this)
  }
  async loadURL(url) {
    this.loaded.push(url)
    await this.webContents.loadURL(url)
    this.emit('ready-to-show')
  }
  show() {}
  focus() {
    this.focused++
  }
  isMinimized() {
    return this.minimized
  }
  restore() {
    this.minimized = false
  }
  isDestroyed() {
    return this.destroyed
  }
  close() {
    if (this.destroyed) return
    this.destroyed = true
    this.webContents.destroyed = true
    this.webContents.emit('destroyed')
    this.emit('closed')
  }
}

class FakeApp extends EventEmitter {
  constructor() {
    super()
    this.isPackaged = false
    this.ready = new Promise((resolve) => (this.markReady = resolve))
  }
  setName(name) {
    record.name = name
  }
  requestSingleInstanceLock() {
    record.singleInstanceLock = env.FAKE_ELECTRON_SECOND_INSTANCE !== '1'
    return record.singleInstanceLock
  }
  whenReady() {
    return this.ready
  }
  getPath(name) {
    if (name === 'userData') return env.FAKE_ELECTRON_USER_DATA
    if (name === 'home') return env.FAKE_ELECTRON_HOME
    throw new Error(`the stand-in knows no path "${name}"`)
  }
  getVersion() {
    return env.FAKE_ELECTRON_APP_VERSION ?? '0.0.0'
  }
  focus() {}
  quit() {
    record.quitCalls++
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true } }
    this.emit('before-quit', event)
    const willQuit = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true } }
    this.emit('will-quit', willQuit)
    // Electron ends the process unless will-quit was prevented; the shell prevents it to close the desk first.
    record.quitDeferred = willQuit.defaultPrevented
    if (!willQuit.defaultPrevented) this.exit(0)
  }
  exit(code = 0) {
    record.exitCode = code
    send({ type: 'exit', code, record: snapshot() })
    // Let the message leave before the process does.
    setTimeout(() => process.exit(code), 50)
  }
}

export const app = new FakeApp()
export const ipcMain = {
  handle(channel, handler) {
    handlers.set(channel, handler)
  },
  removeHandler(channel) {
    handlers.delete(channel)
  },
}
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record.privilegedSchemes.push(...schemes.map((scheme) => scheme.scheme))
  },
  handle(scheme) {
    record.schemes.push(scheme)
  },
}
const defaultSession = new FakeSession()
export const session = { defaultSession, fromPartition: () => new FakeSession() }
export const dialog = {
  showErrorBox(title, content) {
    record.errorBoxes.push(`${title}: ${content}`)
  },
  async showSaveDialog() {
    return { canceled: true }
  },
}
export const shell = {
  async openExternal(url) {
    record.opened.push(url)
  },
}
export default { app, BrowserWindow, ipcMain, protocol, session, dialog, shell }

function snapshot() {
  return {
    ...record,
    windows: record.windows.map((window) => ({ options: window.options, loaded: window.loaded, focused: window.focused, destroyed: window.destroyed })),
    handlers: [...handlers.keys()],
  }
}

function send(message) {
  if (process.send) process.send(message)
}

/** The test's commands, answered with { id, result } or { id, error }. */
async function run(command) {
  switch (command.do) {
    case 'ready':
      app.markReady()
      return null
    case 'state':
      return snapshot()
    case 'open-file': {
      const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true } }
      app.emit('open-file', event, command.path)
      return { defaultPrevented: event.defaultPrevented }
    }
    case 'second-instance':
      record.windows[0].minimized = true
      app.emit('second-instance', {}, command.argv, command.cwd ?? process.cwd())
      return null
    case 'invoke': {
      const handler = handlers.get(command.channel)
      if (!handler) return { missingHandler: command.channel }
      const consoleWindow = record.windows[0]
      const sender = command.from === 'console' ? consoleWindow.webContents : command.from === 'editor' ? record.windows.at(-1).webContents : new FakeWebContents()
      const frame = command.from === 'console-subframe' ? { url: 'https://evil.example/' } : sender.mainFrame
      return handler({ sender: command.from === 'console-subframe' ? consoleWindow.webContents : sender, senderFrame: frame }, ...(command.args ?? []))
    }
    case 'close-window':
      record.windows.at(command.index ?? -1).close()
      if (record.windows.every((window) => window.destroyed)) app.emit('window-all-closed')
      return null
    case 'quit':
      app.quit()
      return null
    default:
      throw new Error(`unknown command ${command.do}`)
  }
}

process.on('message', (command) => {
  run(command).then(
    (result) => send({ id: command.id, result: result ?? null }),
    (error) => send({ id: command.id, error: String(error?.stack ?? error) }),
  )
})
// Keep the stand-in's process alive like Electron's event loop does until the shell exits.
const keepAlive = setInterval(() => {}, 1 << 30)
process.on('exit', () => clearInterval(keepAlive))
send({ type: 'loaded' })
