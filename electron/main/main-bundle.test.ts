import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IPC_INVOKE_PREFIX, IPC_OPEN_DROPPED_CHANNEL } from '../contract/api'
import { channelNames } from '../contract/channel-names'
import { DB_FILE_NAME, openDb } from '../core/db/open-db'
import { createSettingsRepo } from '../core/db/settings-repo'
import { openHost } from '../core/host'
import { CONSOLE_URL } from './app-protocol'
import { CHOICE_BUTTONS } from './open-from-system'
import { LOG_FILE_NAME } from './log-file'
import { addonCacheKey } from './native-addon'
import { PICK_PATH_CHANNEL } from './native-pickers'

// The BUILT main bundle (out/main/index.js) run under plain Node, with `electron` resolved to a recording
// stand-in (wiring/recording-electron.mjs), driven as the OS would drive the app: start, open-file (inside and
// outside the served folder), documents in argv and during start-up, second-instance with file:// and relative
// argv and its working directory, the console closed then a second launch, a taken port, renderer crashes, the
// menu and the tray, IPC from a trusted and an untrusted sender, quit with a document open. It checks the shell's wiring
// as built and bundled; it complements, never replaces, the Electron tests the CI workflow runs on real systems.
// "Electron" here is Node, so the app's ABI check expects Node's ABI: the addon cache is filled with Node's build.

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const register = fileURLToPath(new URL('./wiring/register.mjs', import.meta.url))
const nodeAddon = join(repo, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')
const cacheKey = addonCacheKey({ abi: Number(process.versions.modules), platform: process.platform, arch: process.arch })

type MenuLabels = (string | [string, MenuLabels])[]

interface Recorded {
  singleInstanceLock: boolean | null
  privilegedSchemes: string[]
  schemes: string[]
  windows: { options: { webPreferences: Record<string, unknown> }; loaded: string[]; focused: number; destroyed: boolean }[]
  errorBoxes: string[]
  messageBoxes: { message: string; detail: string; buttons: string[] }[]
  openDialogs: string[][]
  openedPaths: string[]
  notifications: string[]
  recentDocuments: string[]
  applicationMenu: MenuLabels | null
  dockMenu: MenuLabels | null
  trays: { icon: string; toolTip: string; menu: MenuLabels | null; destroyed: boolean }[]
  sandboxEnabled: boolean
  crashReporter: { uploadToServer: boolean } | null
  handlers: string[]
  quitDeferred: boolean
  exitCode: number | null
}

interface Shell {
  command(command: Record<string, unknown>): Promise<unknown>
  exited: Promise<{ code: number | null; record: Recorded | null; stderr: string }>
  child: ChildProcess
}

/** A checkout-like folder: its own out/main (where the app finds its addon cache) and links to the rest. */
function appFolder(addon: 'node' | 'none' | 'wrong-abi'): string {
  const dir = mkdtempSync(join(tmpdir(), 'wopi-desk-main-bundle-'))
  mkdirSync(join(dir, 'out'))
  cpSync(join(repo, 'out', 'main'), join(dir, 'out', 'main'), { recursive: true })
  for (const linked of ['out/renderer', 'out/preload', 'node_modules', 'resources'])
    symlinkSync(join(repo, linked), join(dir, linked), 'junction')
  const cache = join(dir, '.cache', 'electron-addon', cacheKey)
  if (addon !== 'none') {
    mkdirSync(cache, { recursive: true })
    if (addon === 'node') copyFileSync(nodeAddon, join(cache, 'better_sqlite3.node'))
    else writeFileSync(join(cache, 'better_sqlite3.node'), 'ELF built for another runtime: node_register_module_v999')
  }
  const userData = join(dir, 'userData')
  mkdirSync(userData)
  // Ports chosen by the system: the WOPI listener's port is a saved setting.
  const db = openDb(join(userData, DB_FILE_NAME))
  createSettingsRepo(db).set('port', 0)
  db.close()
  mkdirSync(join(dir, 'home'))
  return dir
}

function launch(dir: string, env: Record<string, string> = {}, options: { args?: string[]; cwd?: string } = {}): Shell {
  const args = options.args ?? ['--port=0', '--editor-port=0']
  const child = spawn(process.execPath, ['--import', register, join(dir, 'out', 'main', 'index.js'), ...args], {
    cwd: options.cwd ?? dir,
    env: {
      ...process.env,
      FAKE_ELECTRON_USER_DATA: join(dir, 'userData'),
      FAKE_ELECTRON_HOME: join(dir, 'home'),
      FAKE_ELECTRON_APP_VERSION: '0.2.0-test',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  child.stdout!.resume()
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  let record: Recorded | null = null
  child.on('message', (message: { id?: number; result?: unknown; error?: string; type?: string; record?: Recorded }) => {
    if (message.type === 'exit') record = message.record ?? null
    if (message.id === undefined) return
    const waiter = pending.get(message.id)
    pending.delete(message.id)
    if (message.error) waiter?.reject(new Error(message.error))
    else waiter?.resolve(message.result)
  })
  const exited = new Promise<{ code: number | null; record: Recorded | null; stderr: string }>((done) =>
    child.once('exit', (code) => {
      for (const waiter of pending.values()) waiter.reject(new Error(`the app exited (${code}) before answering:\n${stderr}`))
      done({ code, record, stderr })
    }),
  )
  let nextId = 1
  return {
    child,
    exited,
    command(command) {
      const id = nextId++
      return new Promise((resolveCommand, reject) => {
        pending.set(id, { resolve: resolveCommand, reject })
        child.send({ ...command, id })
      })
    },
  }
}

/** Polls the stand-in's record until `ready` holds (the app starts asynchronously after whenReady). */
async function until(shell: Shell, ready: (state: Recorded) => boolean, what: string): Promise<Recorded> {
  const deadline = Date.now() + 15_000
  for (;;) {
    const state = (await shell.command({ do: 'state' })) as Recorded
    if (ready(state)) return state
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(state)}`)
    await new Promise((done) => setTimeout(done, 50))
  }
}

beforeAll(() => {
  // The test is about the bundle as built: build it when missing or stale (as `npm start` does).
  const built = spawnSync(process.execPath, [join(repo, 'scripts', 'ensure-build.mjs')], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  })
  if (built.status !== 0) throw new Error(`the build failed:\n${built.stderr}`)
}, 120_000)

describe('the built main bundle, driven as the OS would', () => {
  let dir: string
  let shell: Shell
  let served: string

  beforeAll(async () => {
    dir = appFolder('node')
    served = join(dir, 'home', 'WOPI Desk')
    shell = launch(dir)
    await shell.command({ do: 'ready' })
  })
  afterAll(async () => {
    if (shell.child.exitCode === null) shell.child.kill()
    rmSync(dir, { recursive: true, force: true })
  })

  it('starts: one hardened console window on the app scheme, every contract channel bound, no error', async () => {
    const state = await until(shell, (s) => s.windows[0]?.loaded.length === 1, 'the console window')
    expect(state.singleInstanceLock).toBe(true)
    expect(state.privilegedSchemes).toContain('wopi-desk')
    expect(state.schemes).toContain('wopi-desk')
    expect(state.errorBoxes).toEqual([])
    expect(state.windows).toHaveLength(1)
    expect(state.windows[0]!.loaded).toEqual([CONSOLE_URL])
    expect(state.windows[0]!.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: join(dir, 'out', 'preload', 'index.cjs'),
    })
    expect([...state.handlers].sort()).toEqual(
      [...channelNames.map((channel) => IPC_INVOKE_PREFIX + channel), PICK_PATH_CHANNEL, IPC_OPEN_DROPPED_CHANNEL].sort(),
    )
    expect(existsSync(join(served, 'Welcome.md'))).toBe(true)
  })

  it('sandboxes every renderer, keeps crash dumps local, and writes its log under the system’s logs folder', async () => {
    const state = (await shell.command({ do: 'state' })) as Recorded
    expect(state.sandboxEnabled).toBe(true)
    expect(state.crashReporter).toEqual({ uploadToServer: false })
    const log = readFileSync(join(dir, 'userData', 'logs', LOG_FILE_NAME), 'utf8')
    expect(log).toMatch(/info built-in editor listening/)
    expect(log).not.toMatch(/access_token=(?!<redacted>)/)
  })

  it('has an application menu, a dock menu and a tray icon that shows the host is serving', async () => {
    const state = await until(shell, (s) => (s.trays[0]?.toolTip ?? '') !== '', 'the tray status')
    expect(state.applicationMenu!.map((item) => (Array.isArray(item) ? item[0] : item))).toEqual([
      '&File',
      '&Edit',
      '&View',
      '&Window',
      '&Help',
    ])
    const file = (state.applicationMenu![0] as [string, MenuLabels])[1]
    expect(file).toEqual(expect.arrayContaining(['Open…', 'New Document…', 'Served Folders…', 'Close Window']))
    const help = (state.applicationMenu![4] as [string, MenuLabels])[1]
    expect(help).toEqual(expect.arrayContaining(['Doctor', 'Save Diagnostics Report…', 'Open Logs Folder', 'About WOPI Desk']))
    expect(state.dockMenu).toContain('Open Console')
    expect(state.trays).toHaveLength(1)
    expect(state.trays[0]!.toolTip).toMatch(/^WOPI Desk is serving on http:\/\/127\.0\.0\.1:\d+ — 0 documents open, 0 locks$/)
    expect(state.trays[0]!.menu).toEqual(expect.arrayContaining(['Open Console', 'Quit WOPI Desk']))
    await shell.command({ do: 'menu-click', path: ['&Help', 'Open Logs Folder'] })
    expect(((await shell.command({ do: 'state' })) as Recorded).openedPaths).toEqual([join(dir, 'userData', 'logs')])
  })

  it('answers the console window over IPC, and refuses any other sender', async () => {
    const trusted = (await shell.command({ do: 'invoke', channel: `${IPC_INVOKE_PREFIX}settings:get`, from: 'console' })) as {
      ok: boolean
      value: { root: string }
    }
    expect(trusted.ok).toBe(true)
    expect(trusted.value.root).toBe(served)
    const forbidden = { ok: false, error: { code: 'forbidden', message: 'This window may not use the WOPI Desk console API.' } }
    expect(await shell.command({ do: 'invoke', channel: `${IPC_INVOKE_PREFIX}settings:get`, from: 'stranger' })).toEqual(forbidden)
    expect(await shell.command({ do: 'invoke', channel: `${IPC_INVOKE_PREFIX}settings:get`, from: 'console-subframe' })).toEqual(forbidden)
  })

  it('opens a document the OS hands over (open-file) in its own sandboxed editor window', async () => {
    const answer = (await shell.command({ do: 'open-file', path: join(served, 'Welcome.md') })) as { defaultPrevented: boolean }
    expect(answer.defaultPrevented).toBe(true)
    const state = await until(shell, (s) => s.windows.length === 2 && s.windows[1]!.loaded.length === 1, 'the editor window')
    const editor = state.windows[1]!
    expect(editor.loaded[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
    expect(editor.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false })
    expect(editor.options.webPreferences['preload']).toBeUndefined()
    // The editor window is no console: it may not call the contract.
    expect(await shell.command({ do: 'invoke', channel: `${IPC_INVOKE_PREFIX}settings:get`, from: 'editor' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })
    // The system knows it as a recent document, and so does File > Open Recent.
    const after = await until(shell, (s) => s.recentDocuments.length === 1, 'the recent document')
    expect(after.recentDocuments).toEqual([join(served, 'Welcome.md')])
    const file = (after.applicationMenu![0] as [string, MenuLabels])[1]
    expect(file).toContainEqual(['Open Recent', ['&1 Welcome.md', 'separator', 'Clear Recent']])
  })

  it('pauses the host from the tray (editors get 503 and Retry-After, the tooltip says paused) and resumes it', async () => {
    // A token as `wopi-desk token` takes one while the app serves (the editor window's is bound to the built-in
    // editor, whose proofs only it can sign).
    const side = await openHost({ dataDir: join(dir, 'userData') })
    const access = await side.issueToken(join(served, 'Welcome.md')).finally(() => side.close())
    const state = (await shell.command({ do: 'state' })) as Recorded
    const wopiBase = new URL(state.windows[1]!.loaded[0]!).origin
    const checkFileInfo = `${wopiBase}/wopi/files/${access.fileId}?access_token=${encodeURIComponent(access.accessToken)}`
    expect((await fetch(checkFileInfo)).status).toBe(200)

    await shell.command({ do: 'menu-click', tray: true, path: ['Pause host'] })
    const paused = await until(shell, (s) => s.trays[0]!.toolTip.startsWith('WOPI Desk is paused'), 'the paused tray')
    expect(paused.trays[0]!.menu).toContain('Resume host')
    const refused = await fetch(checkFileInfo)
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(((await refused.json()) as { message: string }).message).toMatch(/paused on this computer/)
    // The console keeps answering while the host is paused, and shows the pause.
    expect(await shell.command({ do: 'invoke', channel: `${IPC_INVOKE_PREFIX}host:status`, from: 'console' })).toMatchObject({
      ok: true,
      value: { paused: true },
    })

    await shell.command({ do: 'menu-click', tray: true, path: ['Resume host'] })
    await until(shell, (s) => s.trays[0]!.toolTip.startsWith('WOPI Desk is serving'), 'the serving tray')
    expect((await fetch(checkFileInfo)).status).toBe(200)
  })

  it('asks about a file outside the served folder instead of refusing it, and opens nothing when cancelled', async () => {
    const outside = join(dir, 'elsewhere.txt')
    writeFileSync(outside, 'not served')
    await shell.command({ do: 'open-file', path: outside })
    const state = await until(shell, (s) => s.messageBoxes.some((box) => box.message.includes(outside)), 'the choice dialog')
    const box = state.messageBoxes.find((candidate) => candidate.message.includes(outside))!
    expect(box.buttons).toEqual([...CHOICE_BUTTONS])
    expect(box.detail).toContain(dir)
    expect(await shell.command({ do: 'answer', match: outside, response: 2 })).toBeNull()
    await new Promise((done) => setTimeout(done, 200))
    const after = (await shell.command({ do: 'state' })) as Recorded
    expect(after.errorBoxes).toEqual([])
    expect(after.windows).toHaveLength(2)
  })

  it('takes over a second launch: focuses the console and opens file:// and relative argv against the sender’s working directory', async () => {
    writeFileSync(join(served, 'notes.txt'), 'second launch')
    writeFileSync(join(served, 'Q3 report.txt'), 'by URI')
    await shell.command({
      do: 'second-instance',
      argv: ['/opt/WOPI Desk/wopi-desk', '--some-chromium-flag', 'notes.txt', pathToFileURL(join(served, 'Q3 report.txt')).href],
      cwd: served,
    })
    const state = await until(
      shell,
      (s) => s.windows.length === 4 && s.windows[3]!.loaded.length === 1,
      'the editor windows of the second launch',
    )
    expect(state.windows[0]!.focused).toBe(1)
    expect(state.windows[2]!.loaded[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
    expect(state.recentDocuments.slice(-2)).toEqual([join(served, 'notes.txt'), join(served, 'Q3 report.txt')])
  })

  it('reloads a crashed console or editor renderer and says so', async () => {
    await shell.command({ do: 'crash', index: 0 })
    await shell.command({ do: 'crash', index: 2, reason: 'oom' })
    const state = await until(shell, (s) => s.windows[0]!.loaded.length === 2 && s.windows[2]!.loaded.length === 2, 'the reloads')
    expect(state.windows[0]!.loaded).toEqual([CONSOLE_URL, CONSOLE_URL])
    expect(state.windows[2]!.loaded[1]).toBe(state.windows[2]!.loaded[0])
    expect(state.messageBoxes.map((box) => box.message)).toEqual(
      expect.arrayContaining(['The console stopped and was reloaded.', 'The editor window for notes.txt stopped and was reloaded.']),
    )
  })

  it('opens the documents chosen in File > Open…', async () => {
    writeFileSync(join(served, 'picked.txt'), 'picked')
    await shell.command({ do: 'next-open-dialog', filePaths: [join(served, 'picked.txt')] })
    await shell.command({ do: 'menu-click', path: ['&File', 'Open…'] })
    const state = await until(
      shell,
      (s) => s.windows.length === 5 && s.windows[4]!.loaded.length === 1,
      'the editor window of File > Open…',
    )
    expect(state.openDialogs.at(-1)).toEqual(['openFile', 'multiSelections'])
  })

  it('opens documents dropped on the console window, and refuses a drop from another sender', async () => {
    writeFileSync(join(served, 'dropped.txt'), 'dropped')
    expect(
      await shell.command({ do: 'invoke', channel: IPC_OPEN_DROPPED_CHANNEL, from: 'editor', args: [[join(served, 'dropped.txt')]] }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(
      await shell.command({ do: 'invoke', channel: IPC_OPEN_DROPPED_CHANNEL, from: 'console', args: [[join(served, 'dropped.txt')]] }),
    ).toEqual({ ok: true, value: null })
    const state = await until(
      shell,
      (s) => s.windows.length === 6 && s.windows[5]!.loaded.length === 1,
      'the editor window of the dropped document',
    )
    expect(state.recentDocuments.at(-1)).toBe(join(served, 'dropped.txt'))
  })

  it('keeps serving when the console is closed while documents are open, and makes it again on a second launch or activate', async () => {
    await shell.command({ do: 'close-window', index: 0 })
    let state = (await shell.command({ do: 'state' })) as Recorded
    expect(state.exitCode).toBeNull()
    expect(state.windows[0]!.destroyed).toBe(true)
    expect(state.notifications).toEqual([
      expect.stringMatching(
        /^WOPI Desk keeps serving: \d+ documents are still open\. Quit from the WOPI Desk icon in the tray when you are done\.$/,
      ),
    ])
    await shell.command({ do: 'second-instance', argv: ['/opt/WOPI Desk/wopi-desk'], cwd: '/' })
    state = await until(shell, (s) => s.windows.length === 7 && s.windows[6]!.loaded.length === 1, 'a new console window')
    expect(state.windows[6]!.loaded).toEqual([CONSOLE_URL])
    expect(await shell.command({ do: 'invoke', channel: `${IPC_INVOKE_PREFIX}settings:get`, from: 'latest-console' })).toMatchObject({
      ok: true,
    })
    await shell.command({ do: 'close-window', index: 6 })
    await shell.command({ do: 'activate' })
    state = await until(shell, (s) => s.windows.length === 8 && s.windows[7]!.loaded.length === 1, 'the console window on activate')
    expect(state.windows[7]!.loaded).toEqual([CONSOLE_URL])
  })

  it('quits with documents open: closes their windows and sessions, then the desk, then exits 0', async () => {
    const before = (await shell.command({ do: 'state' })) as Recorded
    expect(before.windows.filter((window) => !window.destroyed).length).toBeGreaterThan(1)
    await shell.command({ do: 'quit' })
    const { code, record, stderr } = await shell.exited
    expect(stderr).not.toMatch(/could not start|Error/)
    expect(record?.quitDeferred).toBe(true)
    expect(record?.windows.filter((window) => !window.destroyed).map((window) => window.loaded[0])).toEqual([CONSOLE_URL])
    expect(record?.trays[0]!.destroyed).toBe(true)
    expect(record?.exitCode).toBe(0)
    expect(code).toBe(0)

    // The database was closed before the exit: its last connection checkpointed and removed the WAL file.
    expect(existsSync(join(dir, 'userData', `${DB_FILE_NAME}-wal`))).toBe(false)
    // Every document session was closed on the way out (their tokens revoked).
    const db = openDb(join(dir, 'userData', DB_FILE_NAME))
    try {
      const open = db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE closed_at IS NULL').get() as { n: number }
      expect(open.n).toBe(0)
    } finally {
      db.close()
    }
  })
})

describe('documents handed over while the built main bundle starts', () => {
  it('opens argv documents (relative to the working directory) and open-file events that came before ready, in order', async () => {
    const dir = appFolder('node')
    const served = join(dir, 'home', 'WOPI Desk')
    mkdirSync(served, { recursive: true })
    writeFileSync(join(served, 'from argv.txt'), 'a')
    writeFileSync(join(served, 'from open-file.txt'), 'b')
    const shell = launch(dir, {}, { args: ['--port=0', '--editor-port=0', 'from argv.txt'], cwd: served })
    try {
      await shell.command({ do: 'open-file', path: join(served, 'from open-file.txt') })
      await shell.command({ do: 'ready' })
      const state = await until(
        shell,
        (s) => s.windows.length === 3 && s.windows.every((window) => window.loaded.length === 1),
        'both editor windows',
      )
      expect(state.errorBoxes).toEqual([])
      expect(state.recentDocuments).toEqual([join(served, 'from argv.txt'), join(served, 'from open-file.txt')])
      await shell.command({ do: 'quit' })
      expect((await shell.exited).code).toBe(0)
    } finally {
      if (shell.child.exitCode === null) shell.child.kill()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the built main bundle when the WOPI port is taken', () => {
  async function withTakenPort(run: (shell: Shell, taken: number) => Promise<void>) {
    const blocker = createServer()
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done))
    const taken = (blocker.address() as { port: number }).port
    const dir = appFolder('node')
    const db = openDb(join(dir, 'userData', DB_FILE_NAME))
    createSettingsRepo(db).set('port', taken)
    db.close()
    const shell = launch(dir, {}, { args: ['--editor-port=0'] })
    try {
      await shell.command({ do: 'ready' })
      await run(shell, taken)
    } finally {
      if (shell.child.exitCode === null) shell.child.kill()
      await new Promise((done) => blocker.close(done))
      rmSync(dir, { recursive: true, force: true })
    }
  }

  it('explains what an editor’s allow-list needs and starts on the free port the user accepts', async () => {
    await withTakenPort(async (shell, taken) => {
      const state = await until(shell, (s) => s.messageBoxes.length > 0, 'the taken-port dialog')
      const box = state.messageBoxes[0]!
      expect(box.message).toBe(`Port ${taken} is in use by another program.`)
      expect(box.detail).toContain('allow-list')
      const alternative = Number(/^Use port (\d+) this time$/.exec(box.buttons[0]!)?.[1])
      expect(alternative).toBeGreaterThan(taken)
      expect(box.buttons[1]).toBe('Quit')
      await shell.command({ do: 'answer', match: 'is in use', response: 0 })
      await until(shell, (s) => s.windows[0]?.loaded.length === 1, 'the console window')
      const settings = (await shell.command({ do: 'invoke', channel: `${IPC_INVOKE_PREFIX}settings:get`, from: 'console' })) as {
        value: { effectiveWopiBase: string }
      }
      expect(settings.value.effectiveWopiBase).toBe(`http://127.0.0.1:${alternative}`)
      await shell.command({ do: 'quit' })
      expect((await shell.exited).code).toBe(0)
    })
  })

  it('quits with status 1 when the user says so, without a second dialog', async () => {
    await withTakenPort(async (shell) => {
      await until(shell, (s) => s.messageBoxes.length > 0, 'the taken-port dialog')
      await shell.command({ do: 'answer', match: 'is in use', response: 1 })
      const { code, record, stderr } = await shell.exited
      expect(code).toBe(1)
      expect(record?.errorBoxes).toEqual([])
      expect(record?.windows).toEqual([])
      expect(stderr).toMatch(/WOPI Desk could not start: port \d+ is in use/)
    })
  })
})

describe('the built main bundle without a usable SQLite addon', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  async function start(addon: 'none' | 'wrong-abi') {
    const dir = appFolder(addon)
    dirs.push(dir)
    const shell = launch(dir)
    await shell.command({ do: 'ready' })
    return { dir, ...(await shell.exited) }
  }

  it('says in one line that the addon is missing and what to run, opens no window, exits 1', async () => {
    const { dir, code, record, stderr } = await start('none')
    const expected = `The SQLite addon for this Electron (NODE_MODULE_VERSION ${process.versions.modules}) is missing at ${join(dir, '.cache', 'electron-addon', cacheKey, 'better_sqlite3.node')}; run: npm run prepare:electron`
    expect(stderr.trim()).toBe(`WOPI Desk could not start: ${expected}`)
    // Without the addon the stored language cannot be read: the box is English, and points to the log.
    const log = join(dir, 'userData', 'logs', LOG_FILE_NAME)
    expect(record?.errorBoxes).toEqual([`WOPI Desk could not start: ${expected}\n\nThe same message is in the log: ${log}`])
    expect(readFileSync(log, 'utf8')).toContain(`WOPI Desk could not start: ${expected}`)
    expect(record?.windows).toEqual([])
    expect(code).toBe(1)
  })

  it('refuses an addon built for another ABI before loading it', async () => {
    const { code, record } = await start('wrong-abi')
    expect(record?.errorBoxes[0]).toMatch(
      new RegExp(
        `built for NODE_MODULE_VERSION 999, this Electron needs ${process.versions.modules}; run: npm run prepare:electron\n\nThe same`,
      ),
    )
    expect(code).toBe(1)
  })
})

describe('the built main bundle that cannot start, with a language chosen in Settings', () => {
  it('tells the user in that language, and keeps the terminal and log line English', async () => {
    const dir = appFolder('node')
    try {
      const db = openDb(join(dir, 'userData', DB_FILE_NAME))
      createSettingsRepo(db).set('language', 'de')
      db.close()
      const shell = launch(dir, {}, { args: ['--port=99999', '--editor-port=0'] })
      await shell.command({ do: 'ready' })
      const { code, record, stderr } = await shell.exited
      const reason = '--port takes a port number from 0 to 65535 (0 = any free port), got "99999".'
      const log = join(dir, 'userData', 'logs', LOG_FILE_NAME)
      expect(stderr.trim()).toBe(`WOPI Desk could not start: ${reason}`)
      expect(readFileSync(log, 'utf8')).toContain(`WOPI Desk could not start: ${reason}`)
      expect(record?.errorBoxes).toEqual([`WOPI Desk konnte nicht starten: ${reason}\n\nDieselbe Meldung steht im Protokoll: ${log}`])
      expect(record?.windows).toEqual([])
      expect(code).toBe(1)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('a second launch of the built main bundle', () => {
  it('hands over to the first instance: it quits without starting anything', async () => {
    const dir = appFolder('node')
    try {
      const shell = launch(dir, { FAKE_ELECTRON_SECOND_INSTANCE: '1' })
      const { code, record } = await shell.exited
      expect(record?.singleInstanceLock).toBe(false)
      expect(record?.windows).toEqual([])
      expect(code).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
