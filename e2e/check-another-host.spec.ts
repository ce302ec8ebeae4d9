import { mkdir } from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import { startFakeWopiHost, validatorTarget, type FakeWopiHost } from '../electron/core/test-support/fake-wopi-host'
import {
  ARTIFACTS,
  issueToken,
  endConsoleTest,
  screenshot,
  startServe,
  tempFolders,
  watchPage,
  writeFiles,
  type Serve,
} from './support/console-stack'

// The Doctor page's "Check another host": the conformance cases `wopi-desk validate` runs, from the console,
// against WOPI Desk's own host (through `serve`) and against a deliberately broken host. Screenshots go to
// e2e-artifacts/console/.

let folders: Awaited<ReturnType<typeof tempFolders>>
let serve: Serve
let broken: FakeWopiHost | null = null
let watcher: { problems: string[] }

test.beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true })
})

test.beforeEach(async ({ page }) => {
  folders = await tempFolders({ rootName: 'Validation' })
  await writeFiles(folders.root, { 'test.wopitest': '' })
  serve = await startServe(folders)
  watcher = watchPage(page)
})

test.afterEach(async ({ page }) => {
  const alsoStop = async () => {
    await broken?.close()
    broken = null
  }
  expect(await endConsoleTest(page, { watcher, serve, folders, alsoStop }), 'page errors, console errors or failed requests').toEqual([])
})

async function openCheck(page: Page) {
  await page.goto(serve.loginUrl)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Doctor', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Doctor' })).toBeVisible()
  const section = page.getByRole('region', { name: 'Check another host' })
  await section.scrollIntoViewIfNeeded()
  return section
}

test("WOPI Desk's own host: WopiCore and the supplementary cases pass, skip reasons and exchanges are shown", async ({ page }) => {
  const token = await issueToken(folders.data, 'test.wopitest', { write: true })
  const section = await openCheck(page)
  await section.getByRole('textbox', { name: 'WOPISrc or host page URL' }).fill(token.wopiSrc)
  await section.getByLabel('Access token').fill(token.accessToken)
  await section.getByRole('button', { name: 'Check host' }).click()
  const summary = section.getByLabel('Other host summary')
  await expect(summary).toBeVisible({ timeout: 120_000 })
  await expect(summary.getByText('0 failed')).toBeVisible()
  await expect(section.getByText('Every case that ran passed.')).toBeVisible()
  const cases = section.getByRole('list', { name: 'Cases' })
  // only skipped cases are listed at first, each with its reason
  await expect(cases.getByRole('listitem').first()).toContainText('skipped')
  await section.getByRole('button', { name: 'All cases' }).click()
  const own = cases.getByRole('listitem').filter({ hasText: 'WopiDesk.PutFileWithoutLockOnLockedFile' })
  await expect(own).toContainText('passed')
  await own.getByRole('button', { name: /^Show exchange/ }).click()
  const exchange = own.getByLabel('Exchange of WopiDesk.PutFileWithoutLockOnLockedFile')
  await expect(exchange).toContainText('X-WOPI-Override: PUT')
  await expect(exchange).toContainText('access_token=***')
  await expect(exchange).not.toContainText(token.accessToken)
  await exchange.scrollIntoViewIfNeeded()
  await screenshot(page, 'doctor-check-another-host-own')
})

test('a broken host: the failing supplementary case names the request and the answer', async ({ page }) => {
  broken = await startFakeWopiHost(
    validatorTarget({ token: 'broken-host-token-1', noWriteRelative: true, bugs: { getLockUnlocked404: true } }),
  )
  const section = await openCheck(page)
  await section.getByRole('textbox', { name: 'WOPISrc or host page URL' }).fill(broken.wopiSrc)
  await section.getByLabel('Access token').fill('broken-host-token-1')
  await section.getByRole('button', { name: 'Check host' }).click()
  await expect(section.getByText(/cases? failed\. Each failure names the request/)).toBeVisible({ timeout: 120_000 })
  const failing = section.getByRole('list', { name: 'Cases' }).getByRole('listitem').filter({ hasText: 'WopiDesk.GetLockOnUnlockedFile' })
  await expect(failing).toContainText('→ HTTP 404: expected HTTP 200, got HTTP 404')
  await section.getByLabel('Other host summary').scrollIntoViewIfNeeded()
  await screenshot(page, 'doctor-check-another-host-broken')
})

test('bad input is refused before anything is sent', async ({ page }) => {
  const section = await openCheck(page)
  await section.getByRole('textbox', { name: 'WOPISrc or host page URL' }).fill('http://127.0.0.1:1/wopi/files/x?access_token=abc')
  await section.getByLabel('Access token').fill('abc')
  await section.getByRole('button', { name: 'Check host' }).click()
  await expect(section.getByText('Remove access_token from the WOPISrc: the token goes in its own field.')).toBeVisible()
})
