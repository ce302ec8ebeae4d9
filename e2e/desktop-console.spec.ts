import { expect, test, type Locator, type Page } from '@playwright/test'
import { endConsoleTest, startServe, tempFolders, watchPage, writeFiles, type Serve } from './support/console-stack'

// The console's part of issue 14 in Chromium against the real `wopi-desk serve`: recent documents one click away
// on the Files page, and Settings' Browse… for the served folder, which only the desktop app's bridge offers
// (here a stand-in bridge over the console's HTTP API, with a folder picker that answers at once).

const ROOT_NAME = 'Team documents'
let folders: Awaited<ReturnType<typeof tempFolders>>
let serve: Serve
let watcher: ReturnType<typeof watchPage>

test.beforeEach(async ({ page }) => {
  folders = await tempFolders({ rootName: ROOT_NAME })
  await writeFiles(folders.root, { 'Welcome.txt': 'Welcome.\n', 'Reports/Q3 review.md': '# Q3\n' })
  serve = await startServe(folders)
  watcher = watchPage(page)
})

test.afterEach(async ({ page }) => {
  expect(await endConsoleTest(page, { watcher, serve, folders }), 'page errors, console errors or failed requests').toEqual([])
})

async function openFromApi(page: Page, path: string): Promise<void> {
  const response = await page.request.post(`${serve.consoleOrigin}/api/call/files:open`, {
    headers: { 'X-WOPI-Desk': '1', 'Content-Type': 'application/json' },
    data: { args: [{ path }] },
  })
  expect((await response.json()) as { ok: boolean }).toMatchObject({ ok: true })
}

/**
 * The desktop app's bridge (window.wopiDesk), stood in for over the console's HTTP API: its folder picker answers
 * with a folder at once, and the documents dropped on the console are recorded in window.droppedDocuments.
 */
async function standInDesktopBridge(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const kebab = (verb: string) => verb.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)
    const call = async (channel: string, args: unknown[]) => {
      const response = await fetch(`/api/call/${channel}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-WOPI-Desk': '1' },
        body: JSON.stringify({ args }),
      })
      const envelope = (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } }
      if (envelope.ok) return envelope.value
      throw { name: 'WopiDeskError', ...envelope.error }
    }
    const dropped: string[] = []
    Object.defineProperty(globalThis, 'droppedDocuments', { value: dropped })
    const bridge = new Proxy({} as Record<string, unknown>, {
      get(_target, domain: string) {
        if (domain === 'on') return () => () => undefined
        if (domain === 'pickPath') return async (kind: string) => (kind === 'folder' ? '/srv/picked folder' : null)
        if (domain === 'openDroppedFiles') return async (files: { name: string }[]) => void dropped.push(...files.map((file) => file.name))
        return new Proxy(
          {},
          {
            get:
              (_inner, verb: string) =>
              (...args: unknown[]) =>
                call(`${domain}:${kebab(verb)}`, args),
          },
        )
      },
    })
    Object.defineProperty(globalThis, 'wopiDesk', { value: bridge })
  })
}

/** Drops a file named `name` on the element, as a file manager would. */
async function dropFile(target: Locator, name: string): Promise<void> {
  await target.evaluate((target, fileName) => {
    // The page's own DOM classes (this file is type-checked without the DOM library).
    const dom = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: unknown): void } }
      File: new (parts: string[], name: string) => unknown
      DragEvent: new (type: string, init: object) => never
    }
    const transfer = new dom.DataTransfer()
    transfer.items.add(new dom.File(['dropped'], fileName))
    for (const type of ['dragenter', 'dragover', 'drop'])
      target.dispatchEvent(new dom.DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }))
  }, name)
}

const droppedDocuments = (page: Page) => page.evaluate(() => (globalThis as unknown as { droppedDocuments: string[] }).droppedDocuments)

test('the documents opened last are one click away on the Files page', async ({ page, context }) => {
  await page.goto(serve.loginUrl)
  await page.goto(`${serve.consoleOrigin}/#/files`)
  await expect(page.getByRole('heading', { level: 1, name: 'Files' })).toBeVisible()
  // Nothing opened yet: no empty "Recent" row.
  await expect(page.getByRole('navigation', { name: 'Recent documents' })).toHaveCount(0)

  await openFromApi(page, 'Reports/Q3 review.md')
  await openFromApi(page, 'Welcome.txt')
  await openFromApi(page, 'Reports/Q3 review.md')
  await page.reload()
  const recent = page.getByRole('navigation', { name: 'Recent documents' })
  await expect(recent.getByRole('button')).toHaveText(['Q3 review.md', 'Welcome.txt'])

  const [hostPage] = await Promise.all([context.waitForEvent('page'), recent.getByRole('button', { name: 'Welcome.txt' }).click()])
  await hostPage.waitForLoadState()
  expect(hostPage.url()).toMatch(/\/host\//)
  await hostPage.close()
  // Inside a subfolder the row stays out of the way.
  await page.goto(`${serve.consoleOrigin}/#/files/Reports`)
  await expect(page.getByRole('table', { name: /^Files in / })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Recent documents' })).toHaveCount(0)
})

test('Settings offers Browse… for the served folder only where the system has a folder picker', async ({ page }) => {
  await page.goto(serve.loginUrl)
  await page.goto(`${serve.consoleOrigin}/#/settings`)
  const folder = page.getByRole('textbox', { name: 'Served folder' })
  await expect(folder).toHaveValue(folders.root)
  await expect(page.getByRole('button', { name: 'Browse…' })).toHaveCount(0)

  await standInDesktopBridge(page)
  await page.reload()
  await expect(folder).toHaveValue(folders.root)
  // The served folder's own Browse… (the Places card below has one for adding a place).
  await page.locator('.MuiTextField-root', { has: folder }).getByRole('button', { name: 'Browse…' }).click()
  await expect(folder).toHaveValue('/srv/picked folder')
})

test('documents dropped on the desktop console open in their editors; a drop on the Files list still uploads', async ({ page }) => {
  await page.goto(serve.loginUrl)
  await standInDesktopBridge(page)
  await page.goto(`${serve.consoleOrigin}/#/editors`)
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Editors' })).toBeVisible()
  await dropFile(page.locator('main').first(), 'report.odt')
  await expect.poll(() => droppedDocuments(page)).toEqual(['report.odt'])

  await page.goto(`${serve.consoleOrigin}/#/files`)
  const list = page.getByRole('table', { name: /^Files in / })
  await expect(list).toBeVisible()
  await dropFile(list, 'uploaded.txt')
  await expect(list.getByText('uploaded.txt')).toBeVisible()
  expect(await droppedDocuments(page)).toEqual(['report.odt'])
})
