import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { endConsoleTest, issueToken, screenshot, startServe, tempFolders, watchPage, writeFiles, type Serve } from './support/console-stack'

// The Trash view (issue 13, item 2): files deleted by an editor are listed, one is restored where it was, one is
// deleted for good, and the trash is emptied, from the Files page of the console in Chromium against `serve`.

const ROOT_NAME = 'Trash folder'

let folders: Awaited<ReturnType<typeof tempFolders>>
let serve: Serve
let watcher: { problems: string[] }

test.beforeEach(async ({ page }) => {
  folders = await tempFolders({ rootName: ROOT_NAME })
  await writeFiles(folders.root, { 'Keep.txt': 'keep', 'Plan.docx': 'PK plan', 'Old notes.md': '# old', 'Scratch.txt': 'scratch' })
  serve = await startServe(folders)
  watcher = watchPage(page)
})

test.afterEach(async ({ page }) => {
  expect(await endConsoleTest(page, { watcher, serve, folders }), 'page errors, console errors or failed requests').toEqual([])
})

async function deleteThroughWopi(path: string): Promise<void> {
  const token = await issueToken(folders.data, path, { write: true })
  const response = await fetch(`${token.wopiSrc}?access_token=${encodeURIComponent(token.accessToken)}`, {
    method: 'POST',
    headers: { 'X-WOPI-Override': 'DELETE' },
  })
  expect(response.status, `DeleteFile of ${path}`).toBe(200)
}

test('lists deleted files, restores one where it was, deletes one for good and empties the trash', async ({ page }) => {
  for (const path of ['Plan.docx', 'Old notes.md', 'Scratch.txt']) await deleteThroughWopi(path)
  await page.goto(serve.loginUrl)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Files', exact: true }).click()
  const files = page.getByRole('table', { name: `Files in ${ROOT_NAME}` })
  await expect(files.getByRole('row').filter({ hasText: 'Keep.txt' })).toBeVisible()
  await expect(files.getByRole('row').filter({ hasText: 'Plan.docx' })).toHaveCount(0)

  await page.getByRole('button', { name: 'Trash', exact: true }).click()
  const trash = page.getByRole('dialog', { name: 'Trash' })
  const deleted = trash.getByRole('table', { name: 'Deleted files' })
  await expect(deleted.getByRole('row')).toHaveCount(4)
  await screenshot(page, 'dialog-trash')

  await trash.getByRole('button', { name: 'Restore Plan.docx' }).click()
  await expect(trash.getByRole('status')).toContainText('Plan.docx is back.')
  await expect(deleted.getByRole('row')).toHaveCount(3)
  expect(await readFile(join(folders.root, 'Plan.docx'), 'utf8')).toBe('PK plan')

  await trash.getByRole('button', { name: 'Delete Old notes.md for good' }).click()
  const confirmOne = page.getByRole('dialog', { name: 'Delete Old notes.md for good?' })
  await confirmOne.getByRole('button', { name: 'Delete for good' }).click()
  await expect(confirmOne).toBeHidden()
  await expect(deleted.getByRole('row')).toHaveCount(2)

  await trash.getByRole('button', { name: 'Empty trash' }).click()
  const confirmAll = page.getByRole('dialog', { name: 'Empty the trash?' })
  await confirmAll.getByRole('button', { name: 'Empty trash' }).click()
  await expect(confirmAll).toBeHidden()
  await expect(trash.getByText('The trash is empty.')).toBeVisible()
  await expect(trash.getByText('Files deleted by an editor or here are kept in the trash', { exact: false })).toBeVisible()
  await screenshot(page, 'dialog-trash-empty')
  await trash.getByRole('button', { name: 'Close' }).click()

  // The restored file is listed again; what was deleted for good is nowhere.
  await expect(files.getByRole('row').filter({ hasText: 'Plan.docx' })).toBeVisible()
  await expect(stat(join(folders.root, 'Old notes.md'))).rejects.toMatchObject({ code: 'ENOENT' })
})
