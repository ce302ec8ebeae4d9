import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IPC_INVOKE_PREFIX } from '../contract/api'
import { channelNames } from '../contract/channel-names'
import { DB_FILE_NAME, openDb } from '../core/db/open-db'
import { createSettingsRepo } from '../core/db/settings-repo'
import { CONSOLE_URL } from './app-protocol'
import { addonCacheKey } from './native-addon'

// The BUILT main bundle (out/main/index.js) run under plain Node, with `electron` resolved to a recording
// stand-in (wiring/recording-electron.mjs), driven as the OS would drive the app: start, open-file,
// second-instance with argv, IPC from a trusted and an untrusted sender, quit. It checks the shell's wiring
// as built and bundled; it complements, never replaces, the Electron tests the CI workflow runs on real systems.
// "Electron" here is Node, so the app's ABI check expects Node's ABI: the addon cache is filled with Node's build.

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const register = fileURLToPath(new URL('./wiring/register.mjs', import.meta.url))
const nodeAddon = join(repo, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')
const cacheKey = addonCacheKey({ abi: Number(process.versions.modules), platform: process.platform, arch: process.arch })

interface Recorded {
  singleInstanceLock: boolean | null
  privilegedSchemes: string[]
  schemes: string[]
  windows: { options: { webPreferences: Record<string, unknown> }; loaded: string[]; focused: number; destroyed: boolean }[]
  errorBoxes: string[]
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
  for (const linked of ['out/renderer', 'out/preload', 'node_modules', 'resources']) symlinkSync(join(repo, linked), join(dir, linked), 'junction')
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

function launch(dir: string, env: Record<string, string> = {}): Shell {
  const child = spawn(process.execPath, ['--import', register, join(dir, 'out', 'main', 'index.js'), '--port=0', '--editor-port=0'], {
    cwd: dir,
    env: { ...process.env, FAKE_ELECTRON_USER_DATA: join(dir, 'userData'), FAKE_ELECTRON_HOME: join(dir, 'home'), FAKE_ELECTRON_APP_VERSION: '0.2.0-test', ...env },
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
  const built = spawnSync(process.execPath, [join(repo, 'scripts', 'ensure-build.mjs')], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
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
    expect([...state.handlers].sort()).toEqual(channelNames.map((channel) => IPC_INVOKE_PREFIX + channel).sort())
    expect(existsSync(join(served, 'Welcome.md'))).toBe(true)
  })

  it('answers the console window over IPC, and refuses any other sender', async () => {
    const trusted = (await shell.command({ do: 'invoke', channel: `${IPC_INVOKE_PREFIX}settings:get`, from: 'console' })) as { ok: boolean; value: { root: string } }
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
    expect(await shell.command({ do: 'invoke', channel: `${IPC_INVOKE_PREFIX}settings:get`, from: 'editor' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('says why it will not open a file outside the served folder', async () => {
    const outside = join(dir, 'elsewhere.txt')
    writeFileSync(outside, 'not served')
    await shell.command({ do: 'open-file', path: outside })
    const state = await until(shell, (s) => s.errorBoxes.length === 1, 'the error dialog')
    expect(state.errorBoxes[0]).toBe(`WOPI Desk: ${outside} is not in the served folder (${served}). Move it there, or choose that folder on the Settings page.`)
    expect(state.windows).toHaveLength(2)
  })

  it('takes over a second launch: restores and focuses the console window and opens the documents of its argv', async () => {
    writeFileSync(join(served, 'notes.txt'), 'second launch')
    await shell.command({ do: 'second-instance', argv: ['/opt/WOPI Desk/wopi-desk', '--some-chromium-flag', join(served, 'notes.txt')] })
    const state = await until(shell, (s) => s.windows.length === 3 && s.windows[2]!.loaded.length === 1, 'the second editor window')
    expect(state.windows[0]!.focused).toBe(1)
    expect(state.windows[2]!.loaded[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
  })

  it('quits cleanly: closes the desk, then exits 0', async () => {
    await shell.command({ do: 'quit' })
    const { code, record, stderr } = await shell.exited
    expect(stderr).not.toMatch(/could not start|Error/)
    expect(record?.quitDeferred).toBe(true)
    expect(record?.exitCode).toBe(0)
    expect(code).toBe(0)
    // The database was closed before the exit: its last connection checkpointed and removed the WAL file.
    expect(existsSync(join(dir, 'userData', `${DB_FILE_NAME}-wal`))).toBe(false)
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
    expect(record?.errorBoxes).toEqual([`WOPI Desk could not start: ${expected}`])
    expect(record?.windows).toEqual([])
    expect(code).toBe(1)
  })

  it('refuses an addon built for another ABI before loading it', async () => {
    const { code, record } = await start('wrong-abi')
    expect(record?.errorBoxes[0]).toMatch(new RegExp(`built for NODE_MODULE_VERSION 999, this Electron needs ${process.versions.modules}; run: npm run prepare:electron$`))
    expect(code).toBe(1)
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
