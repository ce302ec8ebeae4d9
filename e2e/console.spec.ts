import { mkdir, readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import {
  ARTIFACTS,
  customIconPng,
  endConsoleTest,
  issueToken,
  screenshot,
  startFakeDiscoveryServer,
  startServe,
  tempFolders,
  wopiSave,
  watchPage,
  writeFiles,
  type FakeDiscoveryServer,
  type Serve,
} from './support/console-stack'

// The console in Chromium against the real `wopi-desk serve` (built CLI) on temp folders, driven by role and
// name as a person with a screen reader or a keyboard would. Every page and the key dialogs are saved under
// e2e-artifacts/console/ (light, and dark in the last test) for review.

const ROOT_NAME = 'Team documents'
const sampleFiles: Record<string, string> = {
  'Welcome.txt': 'Welcome to the team folder.\nEverything here opens in the editors WOPI Desk knows.\n',
  'Meeting notes.md': '# Weekly meeting\n\n- Budget review\n- Hiring plan\n- Office move\n',
  'Quarterly report.docx': 'PK fake docx: first draft of the quarterly report',
  'Budget 2025.xlsx': 'PK fake xlsx ' + 'x'.repeat(48_000),
  'Kickoff.pptx': 'PK fake pptx ' + 'x'.repeat(230_000),
  'Contacts.csv': 'name,email\nAlex,alex@example.com\nSam,sam@example.com\n',
  'Reports/Q1 review.odt': 'PK fake odt',
  'Reports/Draft plan.txt': 'Plan: ship the console.\n',
  'Reports/2024/Annual summary.docx': 'PK fake docx annual summary',
  'Reports/2024/Figures.csv': 'month,revenue\nJan,10\nFeb,12\n',
  'Projects/Website/Copy.md': '# Home page copy\n',
  'Slides/Town hall.pptx': 'PK fake pptx',
}

let folders: Awaited<ReturnType<typeof tempFolders>>
let serve: Serve
let discovery: FakeDiscoveryServer | null = null
let watcher: { problems: string[] }

test.beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true })
})

test.beforeEach(async ({ page }) => {
  folders = await tempFolders({ rootName: ROOT_NAME })
  await writeFiles(folders.root, sampleFiles)
  serve = await startServe(folders)
  watcher = watchPage(page)
})

test.afterEach(async ({ page }) => {
  const alsoStop = async () => {
    await discovery?.close()
    discovery = null
  }
  expect(await endConsoleTest(page, { watcher, serve, folders, alsoStop }), 'page errors, console errors or failed requests').toEqual([])
})

async function openConsole(page: Page, url = serve.loginUrl): Promise<void> {
  await page.goto(url)
  await expect(page.getByRole('heading', { level: 1, name: 'Editors' })).toBeVisible()
}

async function goTo(page: Page, name: 'Editors' | 'Files' | 'Activity' | 'Settings' | 'Doctor'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
}

/** Imports the fake Collabora through the console API (for tests about something else than the dialog). */
async function importThroughApi(page: Page, url: string): Promise<void> {
  const response = await page.request.post(`${serve.consoleOrigin}/api/call/catalog:import`, {
    headers: { 'X-WOPI-Desk': '1', 'Content-Type': 'application/json' },
    data: { args: [{ url }] },
  })
  const envelope = (await response.json()) as { ok: boolean; error?: { message: string } }
  expect(envelope.ok, envelope.error?.message).toBe(true)
}

/** Reads the confirmation toast, then closes it so it does not cover the next screenshot. */
async function dismissToast(page: Page, text: string | RegExp): Promise<void> {
  const toast = page.getByRole('alert').filter({ hasText: text })
  await expect(toast).toBeVisible()
  await toast.getByRole('button', { name: 'Close' }).click()
  await expect(toast).toBeHidden()
}

/** Scrolls an element into the page's scrolling area (for screenshots of a part of a long page). */
async function centre(locator: ReturnType<Page['locator']>, block: 'center' | 'start' = 'center'): Promise<void> {
  await locator.evaluate(
    (element, where) => (element as unknown as { scrollIntoView(options: object): void }).scrollIntoView({ block: where }),
    block,
  )
}

function editorName(server: FakeDiscoveryServer): string {
  return `Collabora Online (${new URL(server.origin).host})`
}

/** Every image inside `scope` has loaded (a broken icon has naturalWidth 0). */
async function expectImagesLoaded(page: Page, selector: string): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((img) => img.complete && img.naturalWidth > 0)`),
    )
    .not.toContain(false)
}

test('imports an editor from its discovery URL, with progress, and shows its apps with their icons', async ({ page }) => {
  discovery = await startFakeDiscoveryServer({ discoveryDelayMs: 1_200 })
  await openConsole(page)
  await screenshot(page, 'editors-builtin-only')

  await page.getByRole('button', { name: 'Import editor' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import editor' })
  await expect(dialog).toBeVisible()
  await dialog.getByRole('textbox', { name: 'Discovery URL' }).fill(discovery.discoveryUrl)
  await expect(dialog.getByRole('checkbox', { name: "Trust this server's self-signed certificate" })).not.toBeChecked()
  await screenshot(page, 'dialog-import-editor')
  await dialog.getByRole('button', { name: 'Import' }).click()
  await expect(dialog.getByRole('progressbar', { name: 'Import progress' })).toBeVisible()
  await screenshot(page, 'dialog-import-editor-progress')
  await expect(dialog).toBeHidden({ timeout: 15_000 })

  await dismissToast(page, `Imported ${editorName(discovery)} with 9 apps.`)
  const editor = page.getByRole('region', { name: editorName(discovery) })
  await expect(editor).toBeVisible()
  const apps = editor.getByRole('list', { name: `Apps of ${editorName(discovery)}` })
  for (const app of ['writer', 'calc', 'impress']) await expect(apps.getByRole('listitem', { name: app, exact: true })).toBeVisible()
  await expect(editor.getByRole('switch', { name: `Enable ${editorName(discovery)}` })).toBeChecked()
  // "just now" gives its exact time on hover (built then, not during the first render).
  const lastRefresh = editor.getByText('just now', { exact: true })
  await lastRefresh.hover()
  await expect(lastRefresh).toHaveAttribute('title', new RegExp(String(new Date().getFullYear())))
  // The icons came from the editor's server through the host (copied into the data folder), and they load.
  expect(discovery.requests.filter((path) => path.endsWith('.svg'))).toHaveLength(3)
  await expectImagesLoaded(page, 'main img')
  // Several apps now open .txt-like types? The default-app chooser lists extensions with a choice.
  await expect(page.getByRole('region', { name: 'Default apps' })).toBeVisible()
  await screenshot(page, 'editors')
  await page.getByRole('region', { name: 'Default apps' }).scrollIntoViewIfNeeded()
  await screenshot(page, 'editors-default-apps')
})

test('renames an app in place and changes its icon; both are kept after serve restarts', async ({ page }) => {
  discovery = await startFakeDiscoveryServer()
  await openConsole(page)
  await importThroughApi(page, discovery.discoveryUrl)
  await page.reload()
  const apps = page.getByRole('list', { name: `Apps of ${editorName(discovery)}` })
  await expect(apps.getByRole('listitem', { name: 'writer', exact: true })).toBeVisible()

  await page.getByRole('button', { name: 'Rename writer', exact: true }).click()
  const nameBox = page.getByRole('textbox', { name: 'New name for writer' })
  await expect(nameBox).toBeFocused()
  await nameBox.fill('Team Writer')
  await centre(nameBox)
  await screenshot(page, 'editors-rename-in-place')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  const renamed = apps.getByRole('listitem', { name: 'Team Writer', exact: true })
  await expect(renamed).toBeVisible()
  await expect(renamed).toContainText('Discovered as writer')
  // Focus comes back to where the rename started, for keyboard users.
  await expect(page.getByRole('button', { name: 'Rename Team Writer' })).toBeFocused()
  await dismissToast(page, 'Renamed to "Team Writer".')

  const icon = customIconPng()
  await page.getByLabel('Icon file for Team Writer').setInputFiles({ name: 'team-writer.png', mimeType: 'image/png', buffer: icon })
  await expect(page.getByRole('button', { name: 'Reset icon for Team Writer' })).toBeVisible()
  await dismissToast(page, 'Icon of Team Writer changed.')
  await expectImagesLoaded(page, 'main img')
  await centre(renamed)
  await screenshot(page, 'editors-custom-icon')

  // Same data folder, new process (and a new console secret).
  await page.goto('about:blank')
  await serve.stop()
  serve = await startServe(folders)
  await openConsole(page)
  const again = page
    .getByRole('list', { name: `Apps of ${editorName(discovery)}` })
    .getByRole('listitem', { name: 'Team Writer', exact: true })
  await expect(again).toBeVisible()
  await expect(page.getByRole('button', { name: 'Reset icon for Team Writer' })).toBeVisible()
  const src = await again.locator('img').getAttribute('src')
  expect(src).toBeTruthy()
  const served = await page.request.get(new URL(src!, serve.consoleOrigin).href)
  expect(served.status()).toBe(200)
  expect(served.headers()['content-type']).toBe('image/png')
  expect(Buffer.compare(await served.body(), icon)).toBe(0)
})

test('browses folders with links, keyboard and breadcrumbs; sorts on the server; searches; shows versions', async ({ page }) => {
  // Two saves through WOPI (Lock, PutFile, PutFile, Unlock) leave two earlier versions of the report.
  const token = await issueToken(folders.data, 'Quarterly report.docx', { write: true })
  await wopiSave(token, ['PK second draft', 'PK final report with figures'])

  await openConsole(page)
  await goTo(page, 'Files')
  const root = page.getByRole('table', { name: `Files in ${ROOT_NAME}` })
  await expect(root.getByRole('row')).toHaveCount(1 + 3 + 6) // header, 3 folders, 6 files
  await expect(page.getByText('9 items')).toBeVisible()
  const names = () => root.locator('tbody tr .wd-title').allInnerTexts()
  expect(await names()).toEqual([
    'Projects',
    'Reports',
    'Slides',
    'Budget 2025.xlsx',
    'Contacts.csv',
    'Kickoff.pptx',
    'Meeting notes.md',
    'Quarterly report.docx',
    'Welcome.txt',
  ])
  await screenshot(page, 'files')

  // Server-side sort: the largest file first, folders still on top; the header says how it is sorted.
  await root.getByRole('button', { name: 'Size' }).click()
  await expect(root.getByRole('columnheader', { name: 'Size' })).toHaveAttribute('aria-sort', 'descending')
  await expect
    .poll(async () => (await names()).slice(3))
    .toEqual(['Kickoff.pptx', 'Budget 2025.xlsx', 'Welcome.txt', 'Meeting notes.md', 'Contacts.csv', 'Quarterly report.docx'])
  await root.getByRole('button', { name: 'Size' }).click()
  await expect(root.getByRole('columnheader', { name: 'Size' })).toHaveAttribute('aria-sort', 'ascending')
  await expect.poll(async () => (await names()).slice(3, 5)).toEqual(['Quarterly report.docx', 'Contacts.csv'])
  await root.getByRole('button', { name: 'Name' }).click()
  await expect(root.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending')

  // Into a folder with its link, deeper with the keyboard, back with breadcrumbs and Backspace.
  await root.getByRole('link', { name: 'Reports' }).click()
  const reports = page.getByRole('table', { name: 'Files in Reports' })
  await expect(reports.getByRole('row')).toHaveCount(1 + 3)
  const crumbs = page.getByRole('navigation', { name: 'Folder path' })
  await expect(crumbs.getByText('Reports')).toHaveAttribute('aria-current', 'page')
  const firstRow = reports.getByRole('row').nth(1)
  await firstRow.focus()
  await expect(firstRow).toContainText('2024')
  await page.keyboard.press('Enter')
  const year = page.getByRole('table', { name: 'Files in 2024' })
  await expect(year.getByRole('row').filter({ hasText: 'Annual summary.docx' })).toBeVisible()
  await screenshot(page, 'files-subfolder')
  await crumbs.getByRole('link', { name: 'Reports' }).click()
  await expect(reports).toBeVisible()
  await reports.getByRole('row').nth(1).focus()
  await page.keyboard.press('ArrowDown')
  await expect(reports.getByRole('row').nth(2)).toBeFocused()
  await page.keyboard.press('Backspace')
  await expect(root).toBeVisible()
  await page.getByRole('link', { name: 'Reports' }).first().click()
  await crumbs.getByRole('link', { name: ROOT_NAME }).click()
  await expect(root).toBeVisible()

  // Search covers subfolders and says where each match lives.
  await page.getByRole('searchbox', { name: 'Search files' }).fill('annual')
  await expect(root.getByRole('row')).toHaveCount(2)
  const match = root.getByRole('row').nth(1)
  await expect(match).toContainText('Annual summary.docx')
  await expect(match).toContainText('Reports/2024')
  await expect(page.getByText('1 match', { exact: true })).toBeVisible()
  await screenshot(page, 'files-search')
  await page.getByRole('searchbox', { name: 'Search files' }).fill('no such file anywhere')
  await expect(page.getByText('Nothing matches “no such file anywhere”')).toBeVisible()
  await screenshot(page, 'files-search-empty')
  await page.getByRole('button', { name: 'Clear search' }).click()
  await expect(root.getByRole('row')).toHaveCount(10)

  // Versions of the saved report: two earlier contents, each restorable.
  await page.getByRole('button', { name: 'Versions of Quarterly report.docx' }).click()
  const versions = page.getByRole('dialog', { name: 'Versions of Quarterly report.docx' })
  await expect(versions.getByRole('button', { name: /^Restore version \d+$/ })).toHaveCount(2)
  await expect(versions.getByRole('button', { name: 'Restore version 1' })).toBeVisible()
  await screenshot(page, 'dialog-versions')
  await versions.getByRole('button', { name: 'Restore version 1' }).click()
  const confirm = page.getByRole('dialog', { name: 'Restore version 1?' })
  await expect(confirm).toContainText('Its current content is kept as a new version')
  await screenshot(page, 'dialog-restore-confirm')
  await confirm.getByRole('button', { name: 'Restore', exact: true }).click()
  await expect(confirm).toBeHidden()
  await expect(versions.getByRole('status')).toContainText('Quarterly report.docx now has the content of version 1.')
  await expect(versions.getByRole('button', { name: /^Restore version \d+$/ })).toHaveCount(3)
  await versions.getByRole('button', { name: 'Close' }).click()
  await expect(versions).toBeHidden()
  // The list follows the restore by itself (files:changed): the report has its first content again.
  await expect(root.getByRole('row').filter({ hasText: 'Quarterly report.docx' })).toContainText(
    `${sampleFiles['Quarterly report.docx']!.length} B`,
  )

  // "Open with" lists the apps for the type; New document offers the built-in editor's blank types.
  await page.getByRole('button', { name: 'Open Welcome.txt with' }).click()
  const menu = page.getByRole('menu')
  await expect(menu.getByRole('menuitem').first()).toBeVisible()
  await screenshot(page, 'menu-open-with')
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: 'New document' }).click()
  const newDocument = page.getByRole('dialog', { name: 'New document' })
  await expect(newDocument.getByRole('combobox', { name: 'Type and app' })).toBeVisible()
  await newDocument.getByRole('textbox', { name: 'Document name' }).fill('Plan for next quarter')
  await screenshot(page, 'dialog-new-document')
  await newDocument.getByRole('button', { name: 'Cancel' }).click()
})

test('fetches the Files page code while the first page is idle, so the first visit waits only for data', async ({ page }) => {
  await openConsole(page)
  const filesChunkLoaded = () =>
    page.evaluate(() => performance.getEntriesByType('resource').some((entry) => /\/FilesPage-[^/]*\.js$/.test(entry.name)))
  await expect.poll(filesChunkLoaded, { timeout: 10_000 }).toBe(true)
  expect(new URL(page.url()).hash).not.toContain('files')
  await goTo(page, 'Files')
})

test('scrolls a large folder continuously, fetching it in windows of 500 rows as the view moves', async ({ page }) => {
  const archive: Record<string, string> = {}
  for (let index = 1; index <= 1_500; index++) archive[`Archive/Scan ${index}.pdf`] = `%PDF-1.4 scan ${index}`
  await writeFiles(folders.root, archive)
  const windows: { offset: number; limit: number }[] = []
  page.on('request', (request) => {
    if (!request.url().endsWith('/api/call/files:list')) return
    const [args] = (JSON.parse(request.postData() ?? '{}') as { args: { offset: number; limit: number }[] }).args
    windows.push({ offset: args!.offset, limit: args!.limit })
  })

  await openConsole(page)
  await page.goto(`${serve.consoleOrigin}/#/files/Archive`)
  const table = page.getByRole('table', { name: 'Files in Archive' })
  await expect(page.getByText('1,500 items')).toBeVisible()
  await expect(table).toHaveAttribute('aria-rowcount', '1501')
  const rows = table.locator('tbody tr[data-index]')
  await expect(rows.first()).toContainText('Scan 1.pdf')
  // Only what is on screen exists in the page, whatever the folder's size.
  expect(await rows.count()).toBeLessThan(60)
  expect(windows).toEqual([{ offset: 0, limit: 500 }])

  // The keyboard reaches the end: the last window is fetched, the last file gets focus.
  await rows.first().focus()
  await page.keyboard.press('End')
  const last = table.getByRole('row').filter({ hasText: 'Scan 1500.pdf' })
  await expect(last).toBeFocused()
  await expect(last).toHaveAttribute('aria-rowindex', '1501')
  expect(windows.map((window) => window.offset)).toContain(1_000)
  expect(windows.every((window) => window.limit === 500)).toBe(true)
  await page.keyboard.press('ArrowUp')
  await expect(table.getByRole('row').filter({ hasText: 'Scan 1499.pdf' })).toBeFocused()
  await page.keyboard.press('Home')
  await expect(table.getByRole('row').filter({ hasText: 'Scan 1.pdf' }).first()).toBeFocused()
  // Back at the top the first window is still there: no new request for it.
  expect(windows.filter((window) => window.offset === 0)).toHaveLength(1)
  await screenshot(page, 'files-large-folder')
})

test('shows a WOPI request live in Activity without the token, and a session timeline after opening a file', async ({ page, context }) => {
  await openConsole(page)
  await goTo(page, 'Activity')
  const grid = page.getByRole('grid', { name: 'WOPI requests' })
  await expect(grid).toBeVisible()

  const token = await issueToken(folders.data, 'Welcome.txt')
  const info = await fetch(`${token.wopiSrc}?access_token=${encodeURIComponent(token.accessToken)}`)
  expect(info.status).toBe(200)
  expect(((await info.json()) as { BaseFileName: string }).BaseFileName).toBe('Welcome.txt')
  const row = grid.getByRole('row').filter({ hasText: 'CheckFileInfo' })
  await expect(row).toBeVisible() // pushed over the event stream: no reload
  await expect(row).toContainText('Welcome.txt')
  await expect(row).toContainText('200')
  await expectNoToken(page, token.accessToken)

  // Open a document as a person does: the host page opens in a new tab and the built-in editor loads it.
  await goTo(page, 'Files')
  // With the keyboard: the row has focus, Enter opens the document in its default app (the button does the same).
  await expect(page.getByRole('button', { name: 'Open Meeting notes.md', exact: true })).toBeVisible()
  await page
    .getByRole('table', { name: `Files in ${ROOT_NAME}` })
    .getByRole('row')
    .filter({ hasText: 'Meeting notes.md' })
    .focus()
  const [hostPage] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('Enter')])
  // No dialog in the way: the confirmation says what opened, and the URLs are there on demand.
  const opened = page.getByRole('dialog', { name: /^Meeting notes\.md opened in / })
  const toast = page.getByRole('alert').filter({ hasText: /^Editing Meeting notes\.md in / })
  await expect(toast).toBeVisible()
  await expect(opened).toHaveCount(0)
  await toast.getByRole('button', { name: 'Details' }).click()
  await expect(opened).toBeVisible()
  await expect(opened.getByRole('link', { name: 'Open host page' })).toBeVisible()
  await screenshot(page, 'dialog-opened')
  await hostPage.waitForLoadState()
  await expect(hostPage.frameLocator('#editor-frame').getByText('Weekly meeting').first()).toBeVisible({ timeout: 20_000 })
  await opened.getByRole('button', { name: 'Close' }).click()
  // The editor holds a WOPI lock now: the Lock column names it.
  await page.reload()
  const lockedRow = page
    .getByRole('table', { name: `Files in ${ROOT_NAME}` })
    .getByRole('row')
    .filter({ hasText: 'Meeting notes.md' })
  await expect(lockedRow).toContainText('expires in')
  await screenshot(page, 'files-locked')

  await goTo(page, 'Activity')
  await expect(page.getByRole('grid', { name: 'WOPI requests' }).getByRole('row').filter({ hasText: 'GetFile' }).first()).toBeVisible()
  await expectNoToken(page, token.accessToken)
  await screenshot(page, 'activity')
  await page.getByRole('tab', { name: 'Latency' }).click()
  await expect(page.getByRole('heading', { name: 'Duration per operation' })).toBeVisible()
  await page.waitForTimeout(400) // the chart animates in
  await screenshot(page, 'activity-latency')
  await page.getByRole('tab', { name: 'Sessions' }).click()
  const sessions = page.getByRole('list', { name: 'Sessions' })
  await expect(sessions.getByText('Meeting notes.md').first()).toBeVisible()
  await expect(page.getByRole('button', { name: 'Export session' })).toBeVisible()
  await expect(page.getByRole('tabpanel')).toContainText('CheckFileInfo')
  await screenshot(page, 'activity-sessions')
  // The rows above were written by the built serve's request log worker, not on its serving thread.
  expect(serve.output()).not.toContain('the request log is written on the serving thread')
  await hostPage.close()
})

async function expectNoToken(page: Page, token: string): Promise<void> {
  const html = await page.content()
  expect(html.includes(token), 'the access token appears in the page').toBe(false)
  expect(html.includes(encodeURIComponent(token))).toBe(false)
  // No other session's token either: whatever a URL on the page carries, it is never an access_token.
  expect(html).not.toMatch(/access_token=/i)
}

test('Settings shows the served folder and explains the public URL; Doctor runs its checks', async ({ page }) => {
  await openConsole(page)
  await goTo(page, 'Settings')
  await expect(page.getByRole('textbox', { name: 'Served folder' })).toHaveValue(folders.root)
  await expect(page.getByRole('textbox', { name: 'Public base URL' })).toBeVisible()
  await expect(page.getByText('cannot call 127.0.0.1 on this workstation')).toBeVisible()
  await expect(page.getByRole('textbox', { name: 'Data directory' })).toHaveValue(folders.data)
  // Headless mode: the version, and updates through npm (the desktop app shows electron-updater's state here).
  const updates = page.getByRole('region', { name: 'Version and updates' })
  await expect(updates).toContainText(/WOPI Desk \d+\.\d+\.\d+/)
  await expect(updates).toContainText('npm install -g wopi-desk@latest')
  await expect(updates.getByRole('button', { name: 'Check now' })).toHaveCount(0)
  await screenshot(page, 'settings')

  await goTo(page, 'Doctor')
  await page.getByRole('button', { name: 'Run checks' }).click()
  const thisHost = page.getByRole('region', { name: 'This host' })
  await expect(thisHost).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('progressbar', { name: 'Checks progress' })).toBeHidden({ timeout: 30_000 })
  await expect(thisHost.getByRole('listitem').first()).toBeVisible()
  await expect(page.getByRole('button', { name: 'Copy report' })).toBeEnabled()
  await screenshot(page, 'doctor')
  // The diagnostics report as a file to attach to a ticket: redacted, so no path outside the served folder.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save report' }).click()])
  expect(download.suggestedFilename()).toMatch(/wopi-desk/i)
  const report = await readFile((await download.path())!, 'utf8')
  expect(report).toContain('<served folder>')
  expect(report).not.toContain(folders.data)
  const builtin = page.getByRole('region', { name: /^WOPI Desk built-in editor/ })
  await centre(builtin, 'start')
  await screenshot(page, 'doctor-builtin-editor')
})

test.describe('dark', () => {
  test.use({ colorScheme: 'dark' })

  test('every page in the dark scheme', async ({ page }) => {
    discovery = await startFakeDiscoveryServer()
    await openConsole(page)
    await importThroughApi(page, discovery.discoveryUrl)
    const token = await issueToken(folders.data, 'Quarterly report.docx', { write: true })
    await wopiSave(token, ['PK second draft'])
    await page.reload()
    await expect(page.getByRole('region', { name: editorName(discovery) })).toBeVisible()
    await expectImagesLoaded(page, 'main img')
    await screenshot(page, 'dark-editors')
    await goTo(page, 'Files')
    await expect(page.getByRole('table', { name: `Files in ${ROOT_NAME}` }).getByRole('row')).toHaveCount(10)
    await screenshot(page, 'dark-files')
    await page.getByRole('button', { name: 'Versions of Quarterly report.docx' }).click()
    await expect(page.getByRole('button', { name: 'Restore version 1' })).toBeVisible()
    await screenshot(page, 'dark-dialog-versions')
    await page.keyboard.press('Escape')
    await goTo(page, 'Activity')
    await expect(page.getByRole('grid', { name: 'WOPI requests' }).getByRole('row').filter({ hasText: 'PutFile' }).first()).toBeVisible()
    await screenshot(page, 'dark-activity')
    await page.getByRole('tab', { name: 'Latency' }).click()
    await page.waitForTimeout(400)
    await screenshot(page, 'dark-activity-latency')
    await goTo(page, 'Settings')
    await screenshot(page, 'dark-settings')
    await goTo(page, 'Doctor')
    await page.getByRole('button', { name: 'Run checks' }).click()
    await expect(page.getByRole('region', { name: 'This host' })).toBeVisible({ timeout: 30_000 })
    await expect(page.getByRole('progressbar', { name: 'Checks progress' })).toBeHidden({ timeout: 30_000 })
    await screenshot(page, 'dark-doctor')
    await centre(page.getByRole('region', { name: editorName(discovery) }), 'start')
    await screenshot(page, 'dark-doctor-failing-editor')
    expect(basename(folders.root)).toBe(ROOT_NAME)
  })
})
