import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { REPO, startServe, tempFolders, watchPage, writeFiles, type Serve } from './support/console-stack'

// Issue 16 item 13: the language chosen on Settings reaches the console, the host page and the built-in editor;
// System default goes back to the browser's. Screenshots of Files, Settings and Doctor in German and Chinese at
// 1280×800 under e2e-artifacts/i18n/, for people to check that nothing overflows and CJK glyphs render.

const OUT = join(REPO, 'e2e-artifacts', 'i18n')

let folders: Awaited<ReturnType<typeof tempFolders>>
let serve: Serve

test.use({ viewport: { width: 1280, height: 800 } })
test.beforeAll(async () => {
  await mkdir(OUT, { recursive: true })
})
test.beforeEach(async () => {
  folders = await tempFolders({ rootName: 'Team documents' })
  await writeFiles(folders.root, {
    'Meeting notes.md': '# Weekly meeting\n\n- Budget review\n',
    'Budget 2025.xlsx': 'PK fake xlsx',
    'Reports/Q1 review.odt': 'PK fake odt',
  })
  serve = await startServe(folders)
})
test.afterEach(async ({ page }) => {
  await page.close()
  await serve.stop()
  await folders.remove()
})

async function chooseLanguage(page: Page, settingsName: string, languageLabel: string, option: string, saveLabel: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: settingsName, exact: true }).click()
  await page.getByRole('combobox', { name: languageLabel }).click()
  await page.getByRole('option', { name: option }).click()
  await page.getByRole('button', { name: saveLabel }).click()
}

async function shots(page: Page, language: string, names: { files: string; settings: string; doctor: string }): Promise<void> {
  const nav = page.getByRole('navigation')
  for (const [key, name] of [
    ['files', names.files],
    ['settings', names.settings],
    ['doctor', names.doctor],
  ] as const) {
    await nav.getByRole('link', { name, exact: true }).click()
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
    await page.waitForTimeout(400)
    await page.screenshot({ path: join(OUT, `${language}-${key}.png`), animations: 'disabled' })
  }
}

test('German chosen on Settings: console, host page and built-in editor speak German; System default goes back', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000)
  const watcher = watchPage(page)
  await page.goto(serve.loginUrl)
  await expect(page.getByRole('heading', { level: 1, name: 'Editors' })).toBeVisible()
  expect(await page.locator('html').getAttribute('lang')).toBe('en')

  await chooseLanguage(page, 'Settings', 'Language', 'Deutsch', 'Save changes')
  await expect(page.getByRole('heading', { level: 1, name: 'Einstellungen' })).toBeVisible()
  await expect(page.getByText('Alle Änderungen gespeichert.')).toBeVisible()
  await expect(page.getByRole('alert').filter({ hasText: 'Einstellungen gespeichert.' })).toBeVisible()
  expect(await page.locator('html').getAttribute('lang')).toBe('de')
  await shots(page, 'de', { files: 'Dateien', settings: 'Einstellungen', doctor: 'Diagnose' })

  // A reload starts in German at once (the choice is remembered), and the Files page formats by German rules.
  await page.reload()
  await page.getByRole('navigation').getByRole('link', { name: 'Dateien', exact: true }).click()
  await expect(page.getByText('3 Elemente')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Neuer Ordner' })).toBeVisible()

  const [hostPage] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('button', { name: 'Meeting notes.md öffnen', exact: true }).click(),
  ])
  await hostPage.waitForLoadState()
  await expect(hostPage.getByRole('button', { name: 'Dokument schließen' })).toBeVisible()
  expect(await hostPage.locator('html').getAttribute('lang')).toBe('de')
  const editor = hostPage.frameLocator('#editor-frame')
  await expect(editor.getByText('Weekly meeting').first()).toBeVisible({ timeout: 20_000 })
  await expect(editor.getByRole('button', { name: 'Speichern', exact: true })).toBeVisible()
  await expect(editor.getByRole('button', { name: 'Vorschau', exact: true })).toBeVisible()
  await expect(editor.getByText('Keine Änderungen')).toBeVisible()
  await hostPage.screenshot({ path: join(OUT, 'de-editor.png'), animations: 'disabled' })
  await hostPage.close()

  await chooseLanguage(page, 'Einstellungen', 'Sprache', 'Systemstandard', 'Änderungen speichern')
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()
  expect(watcher.problems).toEqual([])
})

test('Simplified Chinese: the console in Chinese, numbers and plurals by its rules', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto(serve.loginUrl)
  await expect(page.getByRole('heading', { level: 1, name: 'Editors' })).toBeVisible()
  await chooseLanguage(page, 'Settings', 'Language', '简体中文', 'Save changes')
  await expect(page.getByRole('heading', { level: 1, name: '设置' })).toBeVisible()
  expect(await page.locator('html').getAttribute('lang')).toBe('zh-Hans')
  await shots(page, 'zh-Hans', { files: '文件', settings: '设置', doctor: '诊断' })
  await page.getByRole('navigation').getByRole('link', { name: '文件', exact: true }).click()
  await expect(page.getByText('3 项')).toBeVisible()
})
