import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { test as base, expect, type BrowserContext, type FrameLocator, type Page, type Request } from '@playwright/test'

// The product as a user runs it: `wopi-desk serve` as a child process over a temp folder (its own data folder,
// every port picked by the OS), driven in Chromium through the console. Every page and frame of the browser
// context is watched: page errors, console errors, HTTP answers >= 400 (but the browser's own /favicon.ico), and
// every URL the browser asked for, so a test can prove that the access token only ever travelled in a form
// body. Screenshots go to e2e-artifacts/editor/ (Playwright wipes test-results/, stack-notes G14).

const execFileAsync = promisify(execFile)
const CLI = resolve('bin/wopi-desk.js')
const START_TIMEOUT_MS = 15_000
const STOP_TIMEOUT_MS = 10_000
export const ARTIFACTS = resolve('e2e-artifacts/editor')
/** the built-in editor's app name, as the catalog imports it from its discovery */
export const BUILTIN_APP = 'WOPI Desk Text'

export interface ServeUrls {
  wopiHost: string
  editorOrigin: string
  /** the login URL with its key, as printed */
  consoleLogin: string
  consoleOrigin: string
}

export interface ServeProcess extends ServeUrls {
  root: string
  dataDir: string
  /** everything serve wrote to stderr (its log), for failure messages */
  log(): string
  /** SIGTERM, then wait for the process to exit; throws when it does not exit in time or exits badly */
  stop(): Promise<void>
}

function readUrls(out: string): ServeUrls | null {
  const wopiHost = /^WOPI host: (\S+)$/m.exec(out)?.[1]
  const editorOrigin = /^Built-in editor: (\S+)$/m.exec(out)?.[1]
  const consoleLogin = /^Console: (\S+)$/m.exec(out)?.[1]
  if (!wopiHost || !editorOrigin || !consoleLogin) return null
  return { wopiHost, editorOrigin, consoleLogin, consoleOrigin: new URL(consoleLogin).origin }
}

/** Starts `serve` on `root` with its own data folder; resolves once it printed the console URL. */
export async function startServe(root: string, dataDir: string): Promise<ServeProcess> {
  if (!existsSync(join('out', 'renderer', 'editor.html')) || !existsSync(join('out', 'main', 'cli.js'))) {
    throw new Error('The build is missing: run `npm run build` first (npm run e2e does it).')
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, 'serve', '--root', root, '--data', dataDir, '--port', '0', '--editor-port', '0', '--console-port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LANG: 'en_US.UTF-8' },
    },
  )
  let out = ''
  let err = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  const exited = new Promise<number | null>((done) => child.once('exit', (code, signal) => done(code ?? (signal ? -1 : null))))
  // Should the runner itself die mid-test, serve must not outlive it.
  const orphanGuard = () => child.kill('SIGKILL')
  process.once('exit', orphanGuard)
  void exited.then(() => process.off('exit', orphanGuard))

  const urls = await new Promise<ServeUrls>((ready, fail) => {
    const timer = setTimeout(
      () => finish(new Error(`serve printed no console URL within ${START_TIMEOUT_MS} ms.\nstdout:\n${out}\nstderr:\n${err}`)),
      START_TIMEOUT_MS,
    )
    const onData = () => {
      const found = readUrls(out)
      if (found) finish(null, found)
    }
    const onExit = (code: number | null) =>
      finish(new Error(`serve exited (${code}) before it was ready.\nstdout:\n${out}\nstderr:\n${err}`))
    function finish(error: Error | null, found?: ServeUrls) {
      clearTimeout(timer)
      child.stdout!.off('data', onData)
      child.off('exit', onExit)
      if (error) {
        child.kill('SIGKILL')
        fail(error)
      } else ready(found!)
    }
    child.stdout!.on('data', onData)
    child.once('exit', onExit)
    onData()
  })

  let stopped: Promise<void> | null = null
  return {
    ...urls,
    root,
    dataDir,
    log: () => err,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(
            `serve was no longer running at the end of the test (exit ${child.exitCode ?? child.signalCode}).\nstderr:\n${err}`,
          )
        }
        child.kill('SIGTERM')
        let timer: NodeJS.Timeout | undefined
        const code = await Promise.race([
          exited,
          new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), STOP_TIMEOUT_MS))),
        ])
        clearTimeout(timer)
        if (code === 'timeout') {
          child.kill('SIGKILL')
          await exited
          throw new Error(`serve did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM.\nstderr:\n${err}`)
        }
        if (code !== 0) throw new Error(`serve exited with ${code} after SIGTERM.\nstderr:\n${err}`)
      })()
      return stopped
    },
  }
}

// ---------------------------------------------------------------------------------------------------------
// Watching the browser

export interface BrowserWatch {
  /** page errors, console errors, HTTP >= 400 and failed requests seen so far (bar /favicon.ico) */
  problems(): string[]
  /** every request URL and every frame URL the browser had */
  urls(): string[]
  /** access tokens seen in form bodies POSTed by host pages (the one place they may travel) */
  postedTokens(): string[]
}

export function watchBrowser(context: BrowserContext): BrowserWatch {
  const problems: string[] = []
  const urls = new Set<string>()
  const tokens = new Set<string>()
  const where = (page: Page | null) => (page ? page.url().replace(/\?.*$/, '') : 'no page')

  context.on('weberror', (error) => problems.push(`page error on ${where(error.page())}: ${error.error().message}`))
  context.on('console', (message) => {
    if (message.type() !== 'error') return
    const location = message.location().url
    // The 404 of /favicon.ico is reported twice: as a response, and by Chromium as a console error.
    if (/\/favicon\.ico$/.test(location) && /404/.test(message.text())) return
    problems.push(`console error on ${location || where(message.page())}: ${message.text()}`)
  })
  context.on('response', (response) => {
    const status = response.status()
    if (status < 400) return
    const url = response.url()
    // Browsers ask for /favicon.ico by themselves. The lock and conflict steps cause no error here: their 409s
    // travel between the editor's server and the WOPI host, and the editor page gets them as words.
    if (status === 404 && /\/favicon\.ico$/.test(new URL(url).pathname)) return
    problems.push(`HTTP ${status} for ${response.request().method()} ${url}`)
  })
  context.on('requestfailed', (request) => {
    // Navigations away from a page cancel its pending requests (net::ERR_ABORTED); real failures are other errors.
    const failure = request.failure()?.errorText ?? ''
    if (failure.includes('ERR_ABORTED')) return
    problems.push(`request failed: ${request.method()} ${request.url()}: ${failure}`)
  })
  context.on('request', (request: Request) => {
    urls.add(request.url())
    if (request.method() === 'POST' && request.isNavigationRequest()) {
      const token = new URLSearchParams(request.postData() ?? '').get('access_token')
      if (token) tokens.add(token)
    }
  })
  const watchFrames = (page: Page) => page.on('framenavigated', (frame) => urls.add(frame.url()))
  context.pages().forEach(watchFrames)
  context.on('page', watchFrames)

  return {
    problems: () => [...problems],
    urls: () => [...urls],
    postedTokens: () => [...tokens],
  }
}

/** A console API call over HTTP with this browser context's cookie (the console's own transport). */
export async function callConsole<T>(context: BrowserContext, consoleOrigin: string, channel: string, args: unknown[]): Promise<T> {
  const response = await context.request.post(`${consoleOrigin}/api/call/${channel}`, {
    headers: { 'X-WOPI-Desk': '1', 'Content-Type': 'application/json' },
    data: { args },
  })
  const body = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } }
  if (!body.ok) throw new Error(`${channel} failed: ${body.error?.message}`)
  return body.value as T
}

// ---------------------------------------------------------------------------------------------------------
// The fixture: one serve per test, over its own folders

export interface EditorStack {
  serve: ServeProcess
  watch: BrowserWatch
  root: string
  /** absolute path of a file in the served folder */
  file(name: string): string
  read(name: string): Promise<string>
  /** file names in the served folder (not the data folder) */
  list(): Promise<string[]>
  /** `wopi-desk token <file> --data <dir> --write`: a token of this data folder, minted by the CLI */
  cliToken(name: string): Promise<{ fileId: string; wopiSrc: string; accessToken: string }>
  /** WOPI GetLock with a CLI token: the current lock id, '' when unlocked */
  getLock(name: string): Promise<string>
  /** a console API call from the browser context (same cookie as the console page) */
  consoleCall<T>(channel: string, ...args: unknown[]): Promise<T>
  /** the console, logged in, on the Files page */
  openConsole(page: Page): Promise<void>
  /**
   * Opens a document the way the Files page does (files:open), without loading the console UI, and shows its
   * host page in `page` (a new tab when left out). For tests whose subject is the editor, not the console.
   */
  openHostPage(name: string, page?: Page): Promise<Page>
}

export const FIXTURES: Record<string, string> = {
  'notes.md':
    '# Meeting notes\n\nWe agreed on three things:\n\n1. Ship the **built-in editor**\n2. Keep every version\n3. Never lose typing\n\n| Who | Does what |\n| --- | --- |\n| Ana | the host |\n| Ben | the editor |\n',
  'budget.csv': 'Item,Quarter,Amount\nLaptops,Q1,12000\nDesks,Q1,3400\n"Chairs, ergonomic",Q2,2150\nMonitors,Q3,5600\n',
}

export const test = base.extend<{ stack: EditorStack }>({
  stack: async ({ context }, use, testInfo) => {
    const baseDir = await mkdtemp(join(tmpdir(), 'wopi-desk-e2e-editor-'))
    const root = join(baseDir, 'root')
    const dataDir = join(baseDir, 'data')
    await mkdir(root)
    for (const [name, text] of Object.entries(FIXTURES)) await writeFile(join(root, name), text)
    const watch = watchBrowser(context)
    let serve: ServeProcess
    try {
      serve = await startServe(root, dataDir)
    } catch (error) {
      await rm(baseDir, { recursive: true, force: true })
      throw error
    }

    // One CLI token per file is enough: it stays valid for the whole test (and a CLI run costs half a second).
    const cliTokens = new Map<string, Promise<{ fileId: string; wopiSrc: string; accessToken: string }>>()
    const cliToken = (name: string) => {
      let issued = cliTokens.get(name)
      if (!issued) {
        issued = execFileAsync(process.execPath, [CLI, 'token', name, '--data', dataDir, '--write']).then(({ stdout }) =>
          JSON.parse(stdout),
        )
        cliTokens.set(name, issued)
      }
      return issued
    }
    let loggedIn = false
    const stack: EditorStack = {
      serve,
      watch,
      root,
      file: (name) => join(root, name),
      read: (name) => readFile(join(root, name), 'utf8'),
      list: async () => (await readdir(root)).filter((name) => !name.startsWith('.')).sort(),
      cliToken,
      async getLock(name) {
        const { wopiSrc, accessToken } = await cliToken(name)
        const response = await fetch(`${wopiSrc}?access_token=${encodeURIComponent(accessToken)}`, {
          method: 'POST',
          headers: { 'X-WOPI-Override': 'GET_LOCK', 'Content-Length': '0' },
        })
        expect(response.status, `GetLock on ${name}`).toBe(200)
        return response.headers.get('x-wopi-lock') ?? ''
      },
      consoleCall: <T>(channel: string, ...args: unknown[]) => callConsole<T>(context, serve.consoleOrigin, channel, args),
      async openHostPage(name, page) {
        if (!loggedIn) {
          // The login link sets the console cookie for this browser context, as it does in the browser.
          expect((await context.request.get(serve.consoleLogin)).ok()).toBe(true)
          loggedIn = true
        }
        const opened = await stack.consoleCall<{ hostPageUrl: string }>('files:open', { path: name })
        const hostPage = page ?? (await context.newPage())
        await hostPage.goto(opened.hostPageUrl)
        await waitForEditor(hostPage)
        return hostPage
      },
      async openConsole(page) {
        await page.goto(serve.consoleLogin)
        loggedIn = true
        // The login link drops its key from the address bar (303 to /, cookie set).
        await expect(page).toHaveURL((url) => url.origin === serve.consoleOrigin && url.pathname === '/' && url.search === '')
        await page.getByRole('link', { name: 'Files', exact: true }).click()
        await expect(page.getByRole('searchbox', { name: 'Search files' })).toBeVisible()
      },
    }

    try {
      await use(stack)
    } finally {
      // Snapshot before anything shuts down: closing pages and stopping serve make their own noise.
      const problems = watch.problems()
      const tokens = watch.postedTokens()
      const urls = watch.urls()
      for (const page of context.pages()) await page.close()
      try {
        await serve.stop()
      } finally {
        await rm(baseDir, { recursive: true, force: true })
      }
      if (testInfo.status !== testInfo.expectedStatus) {
        // The test failed already: what the browser and serve saw helps to say why.
        await testInfo.attach('browser problems', { body: problems.join('\n') || 'none', contentType: 'text/plain' })
        await testInfo.attach('serve log', { body: serve.log(), contentType: 'text/plain' })
      } else {
        // The URL check below proves something only if the tokens were seen where they belong.
        const hostPages = urls.filter((url) => /^\/host\/[A-Za-z0-9_-]{16,64}$/.test(new URL(url).pathname)).length
        if (hostPages > 0) expect(tokens.length, 'host pages opened, but no access_token in a form POST was seen').toBeGreaterThan(0)
        const leaks = urls.filter((url) => tokens.some((token) => url.includes(token) || url.includes(encodeURIComponent(token))))
        // What went wrong on the server side shows in serve's log, not in the browser.
        const serveLog = serve.log()
        const serveErrors = serveLog.split('\n').filter((line) => /^\S+ error /.test(line))
        // Tokens are never logged (house rule): the ones the browser carried are not in serve's log either.
        const tokenInLog = tokens.filter((token) => serveLog.includes(token)).length
        expect(
          { problems, tokenInUrl: leaks, serveErrors, tokenInLog },
          "page errors, console errors or HTTP errors in the console, host page or editor; an access token in a URL the browser requested or navigated to, or in serve's log; errors in serve's log",
        ).toEqual({ problems: [], tokenInUrl: [], serveErrors: [], tokenInLog: 0 })
      }
    }
  },
})

// ---------------------------------------------------------------------------------------------------------
// Steps shared by the specs

export const editorFrame = (hostPage: Page): FrameLocator => hostPage.frameLocator('iframe[name="editor-frame"]')

/** The built-in editor's text area, in the host page's frame. */
export const documentBox = (hostPage: Page) => editorFrame(hostPage).getByRole('textbox', { name: 'Document', exact: true })

/**
 * Files -> "Open <file>" in the console: the host page opens in a new tab (window.open), the console confirms it
 * and shows what it opened on demand (Details). Returns the host page once the editor inside it has the document.
 */
export async function openFromFiles(consolePage: Page, fileName: string): Promise<Page> {
  const [hostPage] = await Promise.all([
    consolePage.context().waitForEvent('page'),
    consolePage.getByRole('button', { name: `Open ${fileName}`, exact: true }).click(),
  ])
  await hostPage.waitForURL(/\/host\/[A-Za-z0-9_-]+$/)
  const opened = consolePage.getByRole('dialog', { name: `${fileName} opened in ${BUILTIN_APP}` })
  await expect(opened).toHaveCount(0)
  await consolePage
    .getByRole('alert')
    .filter({ hasText: `${fileName} in ${BUILTIN_APP}` })
    .getByRole('button', { name: 'Details' })
    .click()
  await expect(opened).toBeVisible()
  await expect(opened.getByRole('link', { name: 'Open host page' })).toHaveAttribute('href', hostPage.url())
  await opened.getByRole('button', { name: 'Close', exact: true }).click()
  await expect(opened).toBeHidden()
  await waitForEditor(hostPage)
  return hostPage
}

/** The host page hid its loading overlay (the editor said Document_Loaded) and the document is shown. */
export async function waitForEditor(hostPage: Page): Promise<void> {
  await expect(hostPage.getByTestId('loading')).toBeHidden()
  await expect(documentBox(hostPage)).toBeVisible()
  // The Markdown preview and the CSV table load on demand, with a spinner meanwhile.
  await expect(editorFrame(hostPage).getByRole('progressbar')).toHaveCount(0)
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) })
}

/**
 * Adds text at the end of the document, like a user who clicked below the last line. `keys` types it key by
 * key (keydown, input, keyup for every character); the default inserts it in one input event, like a paste,
 * which is all the editor listens to and takes a fraction of the time.
 */
export async function typeAtEnd(hostPage: Page, text: string, how: 'keys' | 'insert' = 'insert'): Promise<void> {
  const box = documentBox(hostPage)
  await box.focus()
  await box.press('Control+End')
  if (how === 'keys') await box.pressSequentially(text)
  else await hostPage.keyboard.insertText(text)
}

/** The editor's save status (toolbar, role status). */
export const saveStatus = (hostPage: Page) =>
  editorFrame(hostPage)
    .getByRole('status')
    .filter({ hasText: /Saved|Saving|Unsaved|Not saved|No changes/ })
