import { expect, test, type Browser, type Page } from '@playwright/test'
import { startHostPageStack, type HostPageStack } from './support/host-page-stack'

// The host page in Chromium (spec 11): the built page served by the WOPI listener for a real session, the
// editor frame pointing at a fake Collabora-shaped editor on another port. Screenshots go to e2e-artifacts/.

let stack: HostPageStack
const problems: string[] = []

test.beforeEach(async ({ page }) => {
  stack = await startHostPageStack()
  problems.length = 0
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    // Only the host page's own errors count (CSP violations included); the fake editor is not under test.
    if (message.type() === 'error' && message.location().url.startsWith(stack.origin)) problems.push(`console: ${message.text()}`)
  })
})

test.afterEach(async () => {
  await stack.close()
  expect(problems).toEqual([])
})

async function openSession(action?: string) {
  return stack.sessions.open({ path: 'report.odt', ...(action ? { action } : {}) })
}

const frame = (page: Page) => page.frameLocator('#editor-frame')

/** Messages posted to this page before now have been dispatched once this resolves (one FIFO task source). */
async function drainMessages(page: Page): Promise<void> {
  // A string, not a function: this file is type-checked without the DOM library.
  await page.evaluate(`new Promise((resolve) => {
    const marker = 'drain-' + Math.random()
    window.addEventListener('message', function onMessage(event) {
      if (event.data !== marker) return
      window.removeEventListener('message', onMessage)
      resolve()
    })
    window.postMessage(marker, window.location.origin)
  })`)
}

test('posts the token in the form body, says Host_PostmessageReady, and shows the editor on Document_Loaded', async ({ page, request }) => {
  stack.editor.scenario = 'loads'
  const opened = await openSession()
  const live = stack.sessions.forPage(opened.sessionId)!

  // The served HTML has no iframe: the script creates it (spec 11.1 item 2).
  const html = await (await request.get(opened.hostPageUrl)).text()
  expect(html).not.toContain('<iframe')

  await page.goto(opened.hostPageUrl)
  await stack.editor.waitForReceived('Host_PostmessageReady')
  await expect(page.getByTestId('loading')).toBeHidden()
  await expect(frame(page).getByRole('heading', { name: 'Quarterly report' })).toBeVisible()

  expect(stack.editor.posts).toHaveLength(1)
  const post = stack.editor.posts[0]!
  expect(post.contentType).toBe('application/x-www-form-urlencoded')
  expect(post.accessToken).toBe(live.accessToken)
  expect(post.accessTokenTtl).toBe(String(live.accessTokenTtl))
  expect(post.query).toContain(`WOPISrc=${encodeURIComponent(stack.desk.wopiSrc(opened.fileId))}`)
  expect(post.query).not.toContain('access_token')
  expect(stack.editor.fileInfos[0]).toMatchObject({ PostMessageOrigin: stack.origin, ClosePostMessage: true, UserCanWrite: true })

  const iframe = page.locator('iframe#editor-frame')
  await expect(iframe).toHaveAttribute('name', 'editor-frame')
  await expect(iframe).toHaveAttribute('title', 'writer: report.odt')
  await expect(iframe).toHaveAttribute('allowfullscreen', 'true')
  await expect(iframe).toHaveAttribute('allow', /clipboard-read; clipboard-write/)
  const sandbox = (await iframe.getAttribute('sandbox'))!.split(' ')
  expect(sandbox).toEqual(
    expect.arrayContaining([
      'allow-scripts',
      'allow-same-origin',
      'allow-forms',
      'allow-popups',
      'allow-top-navigation',
      'allow-popups-to-escape-sandbox',
    ]),
  )
  const box = (await iframe.boundingBox())!
  expect(box.width).toBe(1280)
  expect(box.height).toBeGreaterThan(740) // all but the 40px bar

  await expect(page.locator('header')).toContainText('report.odt')
  await expect(page.locator('header')).toContainText('Editing')
  await page.screenshot({ path: 'e2e-artifacts/host-page-loaded.png' })
})

test('passes wd* parameters to the editor and drops wdPreviousSession from the address bar', async ({ page }) => {
  stack.editor.scenario = 'loads'
  const opened = await openSession()
  await page.goto(`${opened.hostPageUrl}?wdPreviousSession=abc&wdOrigin=home`)
  await stack.editor.waitForReceived('Host_PostmessageReady')
  expect(stack.editor.posts[0]!.query).toMatch(/&wdPreviousSession=abc&wdOrigin=home$/)
  expect(new URL(page.url()).search).toBe('?wdOrigin=home')
})

test('keeps the loading overlay while the editor is silent, then explains the likely causes and keeps the frame', async ({ page }) => {
  stack.editor.scenario = 'silent'
  await page.clock.install()
  const opened = await openSession()
  await page.goto(opened.hostPageUrl)
  await stack.editor.waitForReceived('Host_PostmessageReady')
  const loading = page.getByTestId('loading')
  await expect(loading).toBeVisible()
  await expect(loading).toContainText('Opening report.odt')
  await expect(loading).toContainText('in writer')
  await page.screenshot({ path: 'e2e-artifacts/host-page-loading.png' })

  await page.clock.fastForward(31_000)
  const problem = page.getByTestId('problem')
  await expect(problem).toBeVisible()
  await expect(problem.getByRole('heading', { level: 1 })).toHaveText('writer did not finish opening report.odt')
  // The fake editor did read the file: the page says so, and leads with what is left (WebSocket, framing).
  await expect(problem).toContainText("The editor's server read the document (CheckFileInfo")
  await expect(problem.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'websocket')
  await expect(problem).toContainText('The editor refuses to be shown inside WOPI Desk')
  await expect(problem).toContainText(stack.editor.origin)
  await page.screenshot({ path: 'e2e-artifacts/host-page-timeout.png' })

  await problem.getByRole('button', { name: 'Show the editor anyway' }).click()
  await expect(problem).toBeHidden()
  await expect(frame(page).getByRole('heading', { name: 'Quarterly report' })).toBeVisible()
})

/** A page in a browser that prefers another language (no Settings choice: the host page follows the browser). */
async function pageIn(browser: Browser, locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  page.on('pageerror', (error) => problems.push(`${locale} pageerror: ${error.message}`))
  return page
}

for (const { locale, heading, show, more, words } of [
  {
    locale: 'de-DE',
    heading: 'writer hat report.odt nicht fertig geöffnet',
    show: 'Editor trotzdem anzeigen',
    more: /weitere mögliche Ursache/,
    words: ['Der Server des Editors hat das Dokument gelesen (CheckFileInfo', 'Der Editor verweigert die Anzeige in WOPI Desk'],
  },
  {
    locale: 'zh-CN',
    heading: 'writer 打开 report.odt 时未完成加载',
    show: '仍然显示编辑器',
    more: /个可能的原因/,
    words: ['编辑器的服务器已读取文档（CheckFileInfo', '编辑器拒绝在 WOPI Desk 中显示'],
  },
]) {
  test(`the "what probably went wrong" card in ${locale}: every cause translated, addresses kept`, async ({ browser }) => {
    stack.editor.scenario = 'silent'
    const page = await pageIn(browser, locale)
    try {
      await page.clock.install()
      const opened = await openSession()
      await page.goto(opened.hostPageUrl)
      await stack.editor.waitForReceived('Host_PostmessageReady')
      await page.clock.fastForward(31_000)
      const problem = page.getByTestId('problem')
      await expect(problem.getByRole('heading', { level: 1 })).toHaveText(heading)
      await problem.getByText(more).click()
      for (const text of words) await expect(problem).toContainText(text)
      await expect(problem).toContainText(stack.editor.origin)
      const card = await problem.innerText()
      // The English sentences the card would otherwise show, and the English a missing key would leave.
      for (const english of ["The editor's", 'What to do', 'Run the connection doctor', 'host:diagnosis']) {
        expect(card).not.toContain(english)
      }
      await page.screenshot({ path: `e2e-artifacts/host-page-timeout-${locale}.png`, fullPage: true })
      await expect(problem.getByRole('button', { name: show })).toBeVisible()
    } finally {
      await page.context().close()
    }
  })
}

test('ignores messages from another origin, another frame, and the page itself', async ({ page }) => {
  stack.editor.scenario = 'intruders'
  const opened = await openSession()
  await page.goto(opened.hostPageUrl)
  await stack.editor.waitForReceived('Host_PostmessageReady')
  // A frame of the editor's origin (right origin, wrong window) and one of another origin both posted
  // Document_Loaded and UI_Close to the top window.
  await stack.editor.waitForReceived(`nested-posted:${stack.editor.origin}`)
  await stack.editor.waitForReceived(`nested-posted:${stack.editor.otherOrigin}`)
  await page.evaluate(`
    window.postMessage(JSON.stringify({ MessageId: 'App_LoadingStatus', SendTime: Date.now(), Values: { Status: 'Document_Loaded' } }), '*')
    window.postMessage({ MessageId: 'UI_Close', SendTime: Date.now(), Values: {} }, '*')
  `)
  await drainMessages(page)
  await expect(page.getByTestId('loading')).toBeVisible()
  await expect(page.getByTestId('closed')).toBeHidden()
  expect(stack.sessions.openRow(opened.sessionId)).not.toBeNull()
})

test('shows an Action_Load_Resp error at once, with the WebSocket cause first', async ({ page }) => {
  stack.editor.scenario = 'socket-error'
  const opened = await openSession()
  await page.goto(opened.hostPageUrl)
  const problem = page.getByTestId('problem')
  await expect(problem).toBeVisible()
  await expect(problem.getByRole('heading', { level: 1 })).toHaveText('writer could not open report.odt')
  await expect(problem).toContainText('The editor said: Failed to establish socket connection')
  await expect(problem.locator('[data-cause]').first()).toContainText("The editor's live connection is blocked")
  await page.screenshot({ path: 'e2e-artifacts/host-page-socket-error.png' })
})

test('UI_Close closes the session and shows that the document is closed', async ({ page, request }) => {
  stack.editor.scenario = 'loads'
  const opened = await openSession()
  await page.goto(opened.hostPageUrl)
  await expect(page.getByTestId('loading')).toBeHidden()
  await frame(page).getByRole('button', { name: 'Close document' }).click()
  const closed = page.getByTestId('closed')
  await expect(closed).toBeVisible()
  await expect(closed).toContainText('report.odt is closed')
  await expect(closed.getByRole('link', { name: 'Back to WOPI Desk' })).toHaveAttribute('href', 'http://127.0.0.1:9/')
  await expect(page.locator('iframe#editor-frame')).toHaveCount(0, { timeout: 5_000 })
  await expect.poll(() => stack.sessions.openRow(opened.sessionId)).toBeNull()
  expect((await request.get(opened.hostPageUrl)).status()).toBe(404)
  await page.screenshot({ path: 'e2e-artifacts/host-page-closed.png' })
})

test('UI_FileVersions opens the versions panel; UI_Edit turns a view session into an edit session', async ({ page }) => {
  stack.editor.scenario = 'loads'
  const opened = await openSession('view')
  expect(opened.canWrite).toBe(false)
  await page.goto(opened.hostPageUrl)
  await expect(page.getByTestId('loading')).toBeHidden()
  await expect(page.locator('header')).toContainText('Viewing')
  await frame(page).getByRole('button', { name: 'Versions' }).click()
  const panel = page.getByTestId('versions')
  await expect(panel).toBeVisible()
  await expect(panel).toContainText('No earlier versions yet.')
  await expect(panel).toContainText("WOPI Desk's Files page")
  await stack.editor.waitForReceived('Blur_Focus')
  await page.screenshot({ path: 'e2e-artifacts/host-page-versions.png' })
  await panel.getByRole('button', { name: 'Close versions' }).click()
  await expect(panel).toBeHidden()

  await frame(page).getByRole('button', { name: 'Edit' }).click()
  await page.waitForURL((url) => url.pathname.startsWith('/host/') && !url.pathname.endsWith(opened.sessionId))
  await expect(page.locator('header')).toContainText('Editing')
  await expect(frame(page).getByText('Editing.')).toBeVisible()
  const newId = new URL(page.url()).pathname.split('/').pop()!
  expect(stack.sessions.forPage(newId)).toMatchObject({ action: 'edit', canWrite: true })
  expect(stack.sessions.openRow(opened.sessionId)).toBeNull()
  expect(stack.editor.posts.at(-1)!.accessToken).toBe(stack.sessions.forPage(newId)!.accessToken)
})

test("hosts WOPI Desk's own editor: its Document_Loaded hides the overlay, the page's one Close closes the session", async ({ page }) => {
  await stack.close()
  stack = await startHostPageStack({ builtinEditor: true })
  const opened = await stack.sessions.open({ path: 'notes.txt' })
  expect(opened).toMatchObject({ appName: 'WOPI Desk Text', action: 'edit', canWrite: true })
  await page.goto(opened.hostPageUrl)
  await expect(page.getByTestId('loading')).toBeHidden({ timeout: 15_000 })
  await expect(frame(page).getByText('Shopping list')).toBeVisible()
  await page.screenshot({ path: 'e2e-artifacts/host-page-builtin-editor.png' })
  // One header in the window: the editor inside the host page has no Close of its own; the page's asks it.
  await expect(frame(page).getByRole('button', { name: 'Close', exact: true })).toHaveCount(0)
  await page.getByRole('button', { name: 'Close the document' }).click()
  await expect(page.getByTestId('closed')).toBeVisible()
  await expect.poll(() => stack.sessions.openRow(opened.sessionId)).toBeNull()
  // The editor released its lock on the way out.
  await expect.poll(() => stack.desk.locks.current(opened.fileId)).toBeNull()
})
