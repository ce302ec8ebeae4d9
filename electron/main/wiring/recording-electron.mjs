// A recording stand-in for the `electron` module, for the built main bundle run under plain Node. It records
// what the shell asks of Electron (windows, URLs, handlers, dialogs, menus, the tray, recent documents, exits)
// and lets the test drive it over the child-process IPC channel as the OS would: open-file, second-instance with
// a working directory, activate, IPC from a trusted or an untrusted sender, a renderer crash, answers to message
// boxes, menu clicks, quit. It is not Electron: it checks the shell's wiring, the CI workflow runs the real thing.
import { EventEmitter } from 'node:events'

const record = {
  singleInstanceLock: null,
  privilegedSchemes: [],
  schemes: [],
  windows: [],
  errorBoxes: [],
  messageBoxes: [],
  openDialogs: [],
  opened: [],
  openedPaths: [],
  notifications: [],
  recentDocuments: [],
  applicationMenu: null,
  dockMenu: null,
  trays: [],
  sandboxEnabled: false,
  crashReporter: null,
  logsPathSet: false,
  quitCalls: 0,
  quitDeferred: false,
  exitCode: null,
  name: null,
}
const handlers = new Map()
const env = process.env
let nextContentsId = 1
const pendingBoxes = []
const openDialogAnswers = []
const partitions = new Map()

class FakeSession extends EventEmitter {
  setPermissionRequestHandler() {}
  setPermissionCheckHandler() {}
  setCertificateVerifyProc(proc) {
    this.verifyProc = proc
  }
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
  closeDevTools() {}
  async loadURL(url) {
    this.mainFrame.url = url
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super()
    this.options = options
    this.webContents = new FakeWebContents()
    app.emit('web-contents-created', {}, this.webContents)
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
  maximize() {}
  isMaximized() {
    return false
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: this.options.width, height: this.options.height }
  }
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
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true
      },
    }
    this.emit('close', event)
    // An editor window blanks its page first and closes itself once the editor unloaded.
    if (event.defaultPrevented) return
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
  enableSandbox() {
    record.sandboxEnabled = true
  }
  setAppLogsPath() {
    record.logsPathSet = true
  }
  addRecentDocument(path) {
    record.recentDocuments.push(path)
  }
  clearRecentDocuments() {
    record.recentDocuments = []
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
    if (name === 'logs') return `${env.FAKE_ELECTRON_USER_DATA}/logs`
    if (name === 'crashDumps') return `${env.FAKE_ELECTRON_USER_DATA}/Crashpad`
    throw new Error(`the stand-in knows no path "${name}"`)
  }
  getVersion() {
    return env.FAKE_ELECTRON_APP_VERSION ?? '0.0.0'
  }
  // The 'system' language of the app's own text (menus, tray, dialogs); a test may pick another.
  getLocale() {
    return env.FAKE_ELECTRON_LOCALE ?? 'en-US'
  }
  getPreferredSystemLanguages() {
    return [this.getLocale()]
  }
  focus() {}
  quit() {
    record.quitCalls++
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true
      },
    }
    this.emit('before-quit', event)
    const willQuit = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true
      },
    }
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
export const session = {
  defaultSession,
  fromPartition(partition) {
    // Electron gives the same session for the same partition: an editor's windows share it.
    if (!partitions.has(partition)) partitions.set(partition, new FakeSession())
    return partitions.get(partition)
  },
}
export const dialog = {
  showErrorBox(title, content) {
    record.errorBoxes.push(`${title}: ${content}`)
  },
  async showSaveDialog() {
    return { canceled: true }
  },
  async showOpenDialog(...args) {
    const options = args.at(-1)
    record.openDialogs.push(options.properties ?? [])
    return openDialogAnswers.shift() ?? { canceled: true, filePaths: [] }
  },
  showMessageBox(...args) {
    const options = args.at(-1)
    record.messageBoxes.push({ message: options.message, detail: options.detail ?? '', buttons: options.buttons ?? [] })
    // Answered by the test ('answer'), as a user would, or never.
    return new Promise((resolve) => pendingBoxes.push({ message: options.message, resolve }))
  },
}
export const shell = {
  async openExternal(url) {
    record.opened.push(url)
  },
  async openPath(path) {
    record.openedPaths.push(path)
    return ''
  },
}
export const screen = {
  getAllDisplays() {
    return [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]
  },
}
export const crashReporter = {
  start(options) {
    record.crashReporter = options
  },
}
export const Menu = {
  buildFromTemplate(template) {
    return { template }
  },
  setApplicationMenu(menu) {
    record.applicationMenu = menu
  },
}
export class Notification {
  static isSupported() {
    return true
  }
  constructor(options) {
    this.options = options
  }
  show() {
    record.notifications.push(`${this.options.title}: ${this.options.body}`)
  }
}
export class Tray extends EventEmitter {
  constructor(icon) {
    super()
    this.state = { icon, toolTip: '', menu: null, destroyed: false }
    record.trays.push(this)
  }
  setToolTip(text) {
    this.state.toolTip = text
  }
  setContextMenu(menu) {
    this.state.menu = menu
  }
  destroy() {
    this.state.destroyed = true
  }
}
app.dock = {
  setMenu(menu) {
    record.dockMenu = menu
  },
}
export default { app, BrowserWindow, crashReporter, ipcMain, Menu, Notification, protocol, screen, session, dialog, shell, Tray }

/** A menu's labels (and roles, for items without one), nested submenus as arrays. */
function labels(template) {
  return template.map((item) =>
    Array.isArray(item.submenu) ? [item.label ?? item.role, labels(item.submenu)] : (item.label ?? item.role ?? item.type),
  )
}

function findItem(template, path) {
  const [head, ...rest] = path
  const item = template.find((candidate) => (candidate.label ?? candidate.role) === head)
  if (!item) throw new Error(`no menu item "${head}" in ${JSON.stringify(labels(template))}`)
  return rest.length ? findItem(item.submenu, rest) : item
}

function snapshot() {
  return {
    ...record,
    windows: record.windows.map((window) => ({
      options: window.options,
      loaded: window.loaded,
      focused: window.focused,
      destroyed: window.destroyed,
    })),
    handlers: [...handlers.keys()],
    applicationMenu: record.applicationMenu ? labels(record.applicationMenu.template) : null,
    dockMenu: record.dockMenu ? labels(record.dockMenu.template) : null,
    trays: record.trays.map((tray) => ({ ...tray.state, menu: tray.state.menu ? labels(tray.state.menu.template) : null })),
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
      const event = {
        defaultPrevented: false,
        preventDefault() {
          this.defaultPrevented = true
        },
      }
      app.emit('open-file', event, command.path)
      return { defaultPrevented: event.defaultPrevented }
    }
    case 'second-instance':
      if (!record.windows[0].destroyed) record.windows[0].minimized = true
      app.emit('second-instance', {}, command.argv, command.cwd ?? process.cwd())
      return null
    case 'activate':
      app.emit('activate', {}, false)
      return null
    case 'crash': {
      const window = record.windows.at(command.index ?? -1)
      window.webContents.emit('render-process-gone', {}, { reason: command.reason ?? 'crashed', exitCode: 139 })
      return null
    }
    case 'answer': {
      // Answers the first open message box whose message contains `match`.
      const index = pendingBoxes.findIndex((box) => box.message.includes(command.match ?? ''))
      if (index < 0) return { noSuchBox: command.match }
      const [box] = pendingBoxes.splice(index, 1)
      box.resolve({ response: command.response, checkboxChecked: false })
      return null
    }
    case 'next-open-dialog':
      openDialogAnswers.push({ canceled: false, filePaths: command.filePaths })
      return null
    case 'menu-click': {
      const source = command.tray ? record.trays.at(-1).state.menu : record.applicationMenu
      findItem(source.template, command.path).click?.({}, undefined, {})
      return null
    }
    case 'invoke': {
      const handler = handlers.get(command.channel)
      if (!handler) return { missingHandler: command.channel }
      const consoleWindow =
        command.from === 'latest-console'
          ? record.windows.findLast((window) => window.webContents.mainFrame.url.startsWith('wopi-desk://console/'))
          : record.windows[0]
      const sender =
        command.from === 'console' || command.from === 'latest-console'
          ? consoleWindow.webContents
          : command.from === 'editor'
            ? record.windows.at(-1).webContents
            : new FakeWebContents()
      const frame = command.from === 'console-subframe' ? { url: 'https://evil.example/' } : sender.mainFrame
      return handler(
        { sender: command.from === 'console-subframe' ? consoleWindow.webContents : sender, senderFrame: frame },
        ...(command.args ?? []),
      )
    }
    case 'close-window': {
      const window = record.windows.at(command.index ?? -1)
      window.close()
      // An editor window closes itself a moment later; window-all-closed comes when the last one is gone.
      for (let waited = 0; !window.destroyed && waited < 4000; waited += 20) await new Promise((done) => setTimeout(done, 20))
      if (record.windows.every((candidate) => candidate.destroyed)) app.emit('window-all-closed')
      return null
    }
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
