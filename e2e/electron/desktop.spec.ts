import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import { electronBinary } from '../../scripts/electron-binary.mjs'

// The desktop app in real Electron, from the dev tree and as packaged: the window opens, the database opens, a
// text file opens in the built-in editor, is edited and saved, its lock is released on close, a second launch
// hands its document over, and quit exits cleanly. Then the native side: documents double-clicked in a file
// manager (a file:// URI, a relative path with the launcher's working directory, a file outside the served
// folder), the console closed and brought back by a second launch, and the File and Help menus. It runs in CI on real systems (.github/workflows/desktop.yml:
// `npm run prepare:electron` first, and WOPI_DESK_PACKAGED_APP naming the packaged executable); where there is no
// Electron binary (machines that cannot download it) each test is skipped and says why.

const devBinary = electronBinary()
const packagedApp = process.env['WOPI_DESK_PACKAGED_APP'] ?? null

const targets = [
  {
    name: 'dev tree',
    executable: devBinary,
    appArgs: ['out/main/index.js'],
    missing: 'Electron binary not installed (run npm run prepare:electron where Electron can be downloaded)',
  },
  {
    name: 'packaged app',
    executable: packagedApp && existsSync(packagedApp) ? packagedApp : null,
    appArgs: [],
    missing: 'no packaged app (set WOPI_DESK_PACKAGED_APP to the executable `npm run dist -- --dir` made)',
  },
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
  const app = await electron.launch({
    executablePath: executable,
    args: launchArgs,
    env: { ...process.env, HOME: home, USERPROFILE: home },
  })
  const console = await app.firstWindow()
  return { app, console, home, userData, launchArgs }
}

/** Answers the next native message box or Open dialog in the main process, as a user would click. */
async function answerDialogs(app: ElectronApplication, answers: { messageBox?: number; openFiles?: string[] }): Promise<void> {
  await app.evaluate(({ dialog }, given) => {
    if (given.messageBox !== undefined)
      dialog.showMessageBox = (async () => ({ response: given.messageBox, checkboxChecked: false })) as typeof dialog.showMessageBox
    if (given.openFiles)
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: given.openFiles })) as typeof dialog.showOpenDialog
  }, answers)
}

/** Clicks an application menu item by its labels (mnemonic ampersands ignored). */
async function clickMenu(app: ElectronApplication, path: string[]): Promise<void> {
  await app.evaluate(({ Menu }, labels) => {
    let items = Menu.getApplicationMenu()?.items ?? []
    for (const [index, label] of labels.entries()) {
      const item = items.find((candidate) => candidate.label.replace(/&/g, '') === label)
      if (!item) throw new Error(`no menu item ${label}`)
      if (index === labels.length - 1) item.click()
      else items = item.submenu?.items ?? []
    }
  }, path)
}

const editorFrame = (hostPage: Page) => hostPage.frameLocator('iframe[name="editor-frame"]')
const documentBox = (hostPage: Page) => editorFrame(hostPage).getByRole('textbox', { name: 'Document', exact: true })

for (const target of targets) {
  test.describe(`the desktop app (${target.name})`, () => {
    test('opens, edits and saves a text file in the built-in editor, releases its lock, takes over a second launch, quits cleanly', async () => {
      test.skip(!target.executable, target.missing)
      const { app, console, home, userData, launchArgs } = await launch(target.executable!, target.appArgs)
      const served = join(home, 'WOPI Desk')
      let printed = ''
      app.process().stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()))
      try {
        // The window opens on the console, from the app's own scheme.
        await expect(console.getByRole('heading', { name: 'Editors' })).toBeVisible()
        expect(console.url()).toBe('wopi-desk://console/index.html')
        // The database opened with the Electron build of the SQLite addon (the ABI check passed).
        expect(existsSync(join(userData, 'wopi-desk.db'))).toBe(true)

        // Files -> Open Welcome.md: a sandboxed editor window with the host page and the built-in editor.
        await console.getByRole('link', { name: 'Files' }).click()
        const [editorWindow] = await Promise.all([
          app.waitForEvent('window'),
          console.getByRole('button', { name: 'Open Welcome.md', exact: true }).click(),
        ])
        await expect(documentBox(editorWindow)).toBeVisible({ timeout: 30_000 })
        const before = await readFile(join(served, 'Welcome.md'), 'utf8')
        await documentBox(editorWindow).focus()
        await documentBox(editorWindow).press('Control+End')
        await editorWindow.keyboard.insertText('\nSaved from the desktop app.')
        await editorFrame(editorWindow).getByRole('button', { name: 'Save', exact: true }).click()
        await expect.poll(async () => readFile(join(served, 'Welcome.md'), 'utf8')).toBe(`${before}\nSaved from the desktop app.`)
        // The editor's WOPI requests were logged by the request log's worker thread, loaded from the app's own files.
        expect(printed).not.toContain('the request log is written on the serving thread')

        // The console's own API in the window (the preload's wopiDesk), as the Files page uses it.
        const locks = () =>
          console.evaluate(
            async () =>
              (await (globalThis as unknown as { wopiDesk: { files: { locks(): Promise<unknown[]> } } }).wopiDesk.files.locks()).length,
          )
        await expect.poll(locks).toBeGreaterThan(0)
        await editorWindow.close()
        await expect.poll(locks, { timeout: 15_000 }).toBe(0)

        // A second launch with a document hands it to this instance and exits.
        await writeFile(join(served, 'handed-over.txt'), 'from a second launch\n')
        const second = spawn(target.executable!, [...launchArgs, join(served, 'handed-over.txt')], {
          env: { ...process.env, HOME: home, USERPROFILE: home },
          stdio: 'ignore',
        })
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
        const exited = new Promise<number | null>((done) =>
          process.exitCode !== null ? done(process.exitCode) : process.once('exit', (code) => done(code)),
        )
        await app.close()
        expect(await exited).toBe(0)
        await rm(home, { recursive: true, force: true })
      }
    })

    test('opens documents double-clicked in a file manager, brings the console back on a second launch, and runs the File and Help menus', async () => {
      test.skip(!target.executable, target.missing)
      const { app, console, home, launchArgs } = await launch(target.executable!, target.appArgs)
      const served = join(home, 'WOPI Desk')
      const env = { ...process.env, HOME: home, USERPROFILE: home }
      const secondLaunch = (args: string[], cwd: string) =>
        new Promise<number | null>((done) =>
          spawn(target.executable!, [...launchArgs, ...args], { env, cwd, stdio: 'ignore' }).once('exit', (code) => done(code)),
        )
      try {
        await expect(console.getByRole('heading', { name: 'Editors' })).toBeVisible()
        const menu = await app.evaluate(({ Menu }) => (Menu.getApplicationMenu()?.items ?? []).map((item) => item.label.replace(/&/g, '')))
        expect(menu).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Window', 'Help']))

        // A file manager passes %U (a file:// URI) or a path relative to where it runs the launcher.
        await writeFile(join(served, 'by uri.txt'), 'opened by URI\n')
        await writeFile(join(served, 'relative.txt'), 'opened by relative path\n')
        const [byUri] = await Promise.all([
          app.waitForEvent('window', { timeout: 30_000 }),
          secondLaunch([pathToFileURL(join(served, 'by uri.txt')).href], home),
        ])
        await expect(documentBox(byUri)).toHaveValue('opened by URI\n', { timeout: 30_000 })
        const [relative] = await Promise.all([app.waitForEvent('window', { timeout: 30_000 }), secondLaunch(['relative.txt'], served)])
        await expect(documentBox(relative)).toHaveValue('opened by relative path\n', { timeout: 30_000 })

        // A document outside the served folder asks first; Cancel opens nothing and changes nothing.
        await writeFile(join(home, 'outside.txt'), 'outside\n')
        await answerDialogs(app, { messageBox: 2 })
        expect(await secondLaunch([join(home, 'outside.txt')], home)).toBe(0)
        await expect.poll(() => app.windows().length).toBe(3)

        // Closing the console keeps serving while documents are open; a second launch brings it back.
        await console.close()
        const [again] = await Promise.all([app.waitForEvent('window', { timeout: 30_000 }), secondLaunch([], home)])
        await expect(again.getByRole('heading', { name: 'Editors' })).toBeVisible()

        // File > Open… with the system's Open dialog, Help > Doctor on the console.
        await writeFile(join(served, 'picked.txt'), 'picked in the Open dialog\n')
        await answerDialogs(app, { openFiles: [join(served, 'picked.txt')] })
        const [picked] = await Promise.all([app.waitForEvent('window', { timeout: 30_000 }), clickMenu(app, ['File', 'Open…'])])
        await expect(documentBox(picked)).toHaveValue('picked in the Open dialog\n', { timeout: 30_000 })
        await clickMenu(app, ['Help', 'Doctor'])
        await expect(again.getByRole('heading', { level: 1, name: 'Doctor' })).toBeVisible()
      } finally {
        // Quit with documents open: their windows close (editors unlock), then the desk, then exit 0.
        const process = app.process()
        const exited = new Promise<number | null>((done) =>
          process.exitCode !== null ? done(process.exitCode) : process.once('exit', (code) => done(code)),
        )
        await app.close()
        expect(await exited).toBe(0)
        await rm(home, { recursive: true, force: true })
      }
    })
  })
}
