import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import { electronBinary } from '../../scripts/electron-binary.mjs'

// The desktop app in real Electron, from the dev tree and as packaged: the window opens, the database opens, a
// text file opens in the built-in editor, is edited and saved, its lock is released on close, a second launch
// hands its document over, and quit exits cleanly. It runs in CI on real systems (.github/workflows/desktop.yml:
// `npm run prepare:electron` first, and WOPI_DESK_PACKAGED_APP naming the packaged executable); where there is no
// Electron binary (machines that cannot download it) each test is skipped and says why.

const devBinary = electronBinary()
const packagedApp = process.env['WOPI_DESK_PACKAGED_APP'] ?? null

const targets = [
  { name: 'dev tree', executable: devBinary, appArgs: ['out/main/index.js'], missing: 'Electron binary not installed (run npm run prepare:electron where Electron can be downloaded)' },
  { name: 'packaged app', executable: packagedApp && existsSync(packagedApp) ? packagedApp : null, appArgs: [], missing: 'no packaged app (set WOPI_DESK_PACKAGED_APP to the executable `npm run dist -- --dir` made)' },
]

interface Launched {
  app: ElectronApplication
  console: Page
  home: string
  userData: string
  launchArgs: string[]
}

async function launch(executable: string, appArgs: string[]): Promise<Launched> {
  const home = await mkdtemp(join(tmpdir(), 'wopi-desk-desktop-'))
  const userData = join(home, 'userData')
  const launchArgs = [...appArgs, `--user-data-dir=${userData}`]
  const app = await electron.launch({ executablePath: executable, args: launchArgs, env: { ...process.env, HOME: home, USERPROFILE: home } })
  const console = await app.firstWindow()
  return { app, console, home, userData, launchArgs }
}

const editorFrame = (hostPage: Page) => hostPage.frameLocator('iframe[name="editor-frame"]')
const documentBox = (hostPage: Page) => editorFrame(hostPage).getByRole('textbox', { name: 'Document', exact: true })

for (const target of targets) {
  test.describe(`the desktop app (${target.name})`, () => {
    test('opens, edits and saves a text file in the built-in editor, releases its lock, takes over a second launch, quits cleanly', async () => {
      test.skip(!target.executable, target.missing)
      const { app, console, home, userData, launchArgs } = await launch(target.executable!, target.appArgs)
      const served = join(home, 'WOPI Desk')
      try {
        // The window opens on the console, from the app's own scheme.
        await expect(console.getByRole('heading', { name: 'Editors' })).toBeVisible()
        expect(console.url()).toBe('wopi-desk://console/index.html')
        // The database opened with the Electron build of the SQLite addon (the ABI check passed).
        expect(existsSync(join(userData, 'wopi-desk.db'))).toBe(true)

        // Files -> Open Welcome.md: a sandboxed editor window with the host page and the built-in editor.
        await console.getByRole('link', { name: 'Files' }).click()
        const [editorWindow] = await Promise.all([app.waitForEvent('window'), console.getByRole('button', { name: 'Open Welcome.md', exact: true }).click()])
        await expect(documentBox(editorWindow)).toBeVisible({ timeout: 30_000 })
        const before = await readFile(join(served, 'Welcome.md'), 'utf8')
        await documentBox(editorWindow).focus()
        await documentBox(editorWindow).press('Control+End')
        await editorWindow.keyboard.insertText('\nSaved from the desktop app.')
        await editorFrame(editorWindow).getByRole('button', { name: 'Save', exact: true }).click()
        await expect.poll(async () => readFile(join(served, 'Welcome.md'), 'utf8')).toBe(`${before}\nSaved from the desktop app.`)

        // The console's own API in the window (the preload's wopiDesk), as the Files page uses it.
        const locks = () => console.evaluate(async () => (await (globalThis as unknown as { wopiDesk: { files: { locks(): Promise<unknown[]> } } }).wopiDesk.files.locks()).length)
        await expect.poll(locks).toBeGreaterThan(0)
        await editorWindow.close()
        await expect.poll(locks, { timeout: 15_000 }).toBe(0)

        // A second launch with a document hands it to this instance and exits.
        await writeFile(join(served, 'handed-over.txt'), 'from a second launch\n')
        const second = spawn(target.executable!, [...launchArgs, join(served, 'handed-over.txt')], { env: { ...process.env, HOME: home, USERPROFILE: home }, stdio: 'ignore' })
        const [handedOver, secondExit] = await Promise.all([
          app.waitForEvent('window', { timeout: 30_000 }),
          new Promise<number | null>((done) => second.once('exit', (code) => done(code))),
        ])
        expect(secondExit).toBe(0)
        await expect(documentBox(handedOver)).toHaveValue('from a second launch\n', { timeout: 30_000 })
        await handedOver.close()
      } finally {
        // Quit exits cleanly: the desk closes (listeners, database) before the process ends with 0.
        const process = app.process()
        const exited = new Promise<number | null>((done) => (process.exitCode !== null ? done(process.exitCode) : process.once('exit', (code) => done(code))))
        await app.close()
        expect(await exited).toBe(0)
        await rm(home, { recursive: true, force: true })
      }
    })
  })
}
