import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { REPO, startFakeDiscoveryServer, startServe, tempFolders, writeFiles, type Serve } from './support/console-stack'

// A newcomer's walk through the console at the two sizes issue 16 was filed at (1280×800 and 800×700): Files,
// Settings with a folder that does not exist, Doctor, Editors, opening a file from Files, Activity with a request
// selected. Only screenshots, for people to look at: the behaviour is asserted in console-ux.spec.ts.
// UX_TOUR_PHASE names the folder (before/after a change), so the two sets can be compared side by side.

const PHASE = process.env['UX_TOUR_PHASE'] ?? 'latest'
const OUT = join(REPO, 'e2e-artifacts', 'console-tour', PHASE)

const files: Record<string, string> = {
  'Welcome.txt': 'Welcome to the team folder.\n',
  'Meeting notes.md': '# Weekly meeting\n\n- Budget review\n',
  'Quarterly report with a rather long name for the first quarter.docx': 'PK fake docx',
  'Budget 2025.xlsx': 'PK fake xlsx',
  'Reports/Q1 review.odt': 'PK fake odt',
}

for (const size of [
  { width: 1280, height: 800 },
  { width: 800, height: 700 },
]) {
  test(`tour at ${size.width}×${size.height}`, async ({ page, context }) => {
    test.setTimeout(120_000)
    await mkdir(OUT, { recursive: true })
    const shot = (name: string) => page.screenshot({ path: join(OUT, `${size.width}-${name}.png`), animations: 'disabled' })
    const folders = await tempFolders({ rootName: 'Team documents' })
    await writeFiles(folders.root, files)
    let serve: Serve | null = null
    try {
      serve = await startServe(folders)
      await page.setViewportSize(size)
      await page.goto(serve.loginUrl)
      await expect(page.getByRole('heading', { level: 1, name: 'Editors' })).toBeVisible()
      await page.waitForTimeout(500)
      await shot('4-editors')

      await go(page, 'Files')
      await expect(page.getByRole('button', { name: 'Open Welcome.txt', exact: true })).toBeVisible()
      await shot('1-files')

      // Item 5: opening a text file from Files.
      const [hostPage] = await Promise.all([
        context.waitForEvent('page'),
        page.getByRole('button', { name: 'Open Meeting notes.md', exact: true }).click(),
      ])
      await page.waitForTimeout(600)
      await shot('5-files-after-open')
      await hostPage.setViewportSize(size)
      await hostPage.waitForLoadState()
      await expect(hostPage.frameLocator('#editor-frame').getByText('Weekly meeting').first()).toBeVisible({ timeout: 20_000 })
      await hostPage.screenshot({ path: join(OUT, `${size.width}-5-editor-window.png`), animations: 'disabled' })
      await hostPage.close()
      await page.keyboard.press('Escape')

      await go(page, 'Settings')
      const folder = page.getByRole('textbox', { name: 'Served folder' })
      await folder.fill(join(folders.base, 'does-not-exist'))
      await page.getByRole('button', { name: 'Save changes', exact: true }).click()
      await page.waitForTimeout(800)
      await shot('2-settings-save-missing-folder')

      await page.reload()
      await go(page, 'Doctor')
      await page.getByRole('button', { name: 'Run checks' }).click()
      await expect(page.getByRole('progressbar', { name: 'Checks progress' })).toBeHidden({ timeout: 60_000 })
      await page.waitForTimeout(300)
      await shot('3-doctor')

      // A Collabora that answered its discovery once and is gone now: the checks have failures and fixes to show.
      const collabora = await startFakeDiscoveryServer()
      const imported = await page.request.post(`${serve.consoleOrigin}/api/call/catalog:import`, {
        headers: { 'X-WOPI-Desk': '1', 'Content-Type': 'application/json' },
        data: { args: [{ url: collabora.discoveryUrl }] },
      })
      expect(imported.ok()).toBe(true)
      await collabora.close()
      await page.getByRole('button', { name: 'Run checks' }).click()
      await expect(page.getByRole('progressbar', { name: 'Checks progress' })).toBeHidden({ timeout: 90_000 })
      await page.waitForTimeout(300)
      await shot('3-doctor-with-failures')
      const snippet = page.locator('main code').first()
      if (await snippet.count()) {
        await snippet.evaluate((element) =>
          (element as unknown as { scrollIntoView(options: object): void }).scrollIntoView({ block: 'center' }),
        )
        await shot('3-doctor-fix-snippet')
      }
      await go(page, 'Editors')
      await page.waitForTimeout(800)
      await shot('4-editors-unreachable')
      await go(page, 'Doctor')

      await go(page, 'Activity')
      const grid = page.getByRole('grid', { name: 'WOPI requests' })
      await grid.getByRole('row').filter({ hasText: 'CheckFileInfo' }).first().click()
      await page.waitForTimeout(500)
      await shot('6-activity-request-clicked')
    } finally {
      await page.close()
      await serve?.stop()
      await folders.remove()
    }
  })
}

async function go(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
}
