import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startServe, tempFolders, watchPage, writeFiles, type Serve } from './support/console-stack'

// Issue 16 item 7's leftover: a folder is renamed (row menu or F2) and deleted to the trash (Delete) from the Files
// page like a file; its files come back from the trash into a folder made again.

let folders: Awaited<ReturnType<typeof tempFolders>>
let serve: Serve

test.beforeEach(async () => {
  folders = await tempFolders({ rootName: 'Team documents' })
  await writeFiles(folders.root, { 'Reports/Q1 review.odt': 'PK fake odt', 'Reports/2025/plan.txt': 'plan', 'notes.txt': 'notes' })
  serve = await startServe(folders)
})
test.afterEach(async ({ page }) => {
  await page.close()
  await serve.stop()
  await folders.remove()
})

test('a folder is renamed from its menu and deleted to the trash with Delete, and its file restored from the trash', async ({ page }) => {
  const watcher = watchPage(page)
  await page.goto(serve.loginUrl)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Files', exact: true }).click()
  const table = page.getByRole('table', { name: 'Files in Team documents' })

  await table.getByRole('row').filter({ hasText: 'Reports' }).click({ button: 'right' })
  await page
    .getByRole('menu', { name: 'Actions for Reports' })
    .getByRole('menuitem', { name: /^Rename/ })
    .click()
  const rename = page.getByRole('dialog', { name: 'Rename Reports' })
  await rename.getByRole('textbox', { name: 'New name' }).fill('Archive')
  await rename.getByRole('button', { name: 'Rename' }).click()
  await expect(table.getByText('Archive', { exact: true })).toBeVisible()
  expect(await readFile(join(folders.root, 'Archive', '2025', 'plan.txt'), 'utf8')).toBe('plan')
  expect(existsSync(join(folders.root, 'Reports'))).toBe(false)

  await table.getByRole('row').filter({ hasText: 'Archive' }).focus()
  await page.keyboard.press('Delete')
  const confirm = page.getByRole('dialog', { name: 'Delete Archive?' })
  await expect(confirm).toContainText('Every file in the folder moves to')
  await confirm.getByRole('button', { name: 'Move to trash' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Archive moved to the trash with its 2 files' })).toBeVisible()
  expect(existsSync(join(folders.root, 'Archive'))).toBe(false)
  await expect(table.getByText('Archive', { exact: true })).toHaveCount(0)

  await page.getByRole('button', { name: 'Trash' }).click()
  const trash = page.getByRole('dialog', { name: 'Trash' })
  await trash.getByRole('button', { name: 'Restore Archive/2025/plan.txt' }).click()
  await expect(trash.getByText('Archive/2025/plan.txt is back.')).toBeVisible()
  expect(await readFile(join(folders.root, 'Archive', '2025', 'plan.txt'), 'utf8')).toBe('plan')
  expect(watcher.problems).toEqual([])
})
