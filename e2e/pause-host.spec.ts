import { expect, test } from '@playwright/test'
import { endConsoleTest, issueToken, startServe, tempFolders, watchPage, writeFiles, type Serve } from './support/console-stack'

// Issue 14: Pause host. Paused from elsewhere (the tray, another console: here the console API), every console
// page shows a banner at once; editors get 503 meanwhile; its Resume serves them again; the top bar pauses too.

let folders: Awaited<ReturnType<typeof tempFolders>>
let serve: Serve
let watcher: { problems: string[] }

test.beforeEach(async ({ page }) => {
  folders = await tempFolders({ rootName: 'Paused folder' })
  await writeFiles(folders.root, { 'Notes.txt': 'notes' })
  serve = await startServe(folders)
  watcher = watchPage(page)
})

test.afterEach(async ({ page }) => {
  expect(await endConsoleTest(page, { watcher, serve, folders }), 'page errors, console errors or failed requests').toEqual([])
})

test('shows a Paused banner while the host is paused, and its Resume serves editors again', async ({ page }) => {
  const token = await issueToken(folders.data, 'Notes.txt', {})
  const checkFileInfo = `${token.wopiSrc}?access_token=${encodeURIComponent(token.accessToken)}`
  await page.goto(serve.loginUrl)
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
  const banner = page.getByRole('status').filter({ hasText: 'WOPI Desk is paused' })
  await expect(banner).toHaveCount(0)

  const paused = await page.request.post(`${serve.consoleOrigin}/api/call/host:pause`, {
    headers: { 'X-WOPI-Desk': '1' },
    data: { args: [] },
  })
  expect(await paused.json()).toMatchObject({ ok: true, value: { paused: true } })
  await expect(banner).toBeVisible()
  expect((await fetch(checkFileInfo)).status).toBe(503)

  // While paused, the top bar offers no Pause: the banner's Resume is the way back.
  const pauseButton = page.getByRole('button', { name: 'Pause host' })
  await expect(pauseButton).toHaveCount(0)
  await banner.getByRole('button', { name: 'Resume' }).click()
  await expect(banner).toHaveCount(0)
  expect((await fetch(checkFileInfo)).status).toBe(200)

  // `serve` has no tray: the top bar pauses it.
  await pauseButton.click()
  await expect(banner).toBeVisible()
  expect((await fetch(checkFileInfo)).status).toBe(503)
})
