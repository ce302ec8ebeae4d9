import { existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { endConsoleTest, screenshot, startServe, tempFolders, watchPage, writeFiles, type Serve } from './support/console-stack'

// Issue 14, "Open from anywhere", console side: a second place is added in Settings, browsed on the Files page,
// a file uploaded, renamed and deleted there (and restored from the trash into it), one of its documents opened in
// the built-in editor, and the place removed again (its files stay), in Chromium against `serve`.

const ROOT_NAME = 'Team documents'

let folders: Awaited<ReturnType<typeof tempFolders>>
let projects: string
let serve: Serve
let watcher: { problems: string[] }

test.beforeEach(async ({ page }) => {
  folders = await tempFolders({ rootName: ROOT_NAME })
  await writeFiles(folders.root, { 'Welcome.txt': 'Welcome' })
  projects = join(folders.base, 'Projects')
  await mkdir(projects)
  await writeFiles(projects, {
    'Roadmap.md': '# Roadmap\n\nShip places.\n',
    'Budget.csv': 'item,cost\nplaces,1\n',
    'Drafts/Idea.txt': 'idea',
  })
  serve = await startServe(folders)
  watcher = watchPage(page)
})

test.afterEach(async ({ page }) => {
  expect(await endConsoleTest(page, { watcher, serve, folders }), 'page errors, console errors or failed requests').toEqual([])
})

test('adds a second place, browses it, opens a document from it in the built-in editor, and removes it', async ({ page, context }) => {
  test.setTimeout(150_000)
  await page.goto(serve.loginUrl)
  const nav = page.getByRole('navigation', { name: 'Main' })

  await nav.getByRole('link', { name: 'Settings', exact: true }).click()
  const placesCard = page.getByRole('region', { name: 'Places' })
  const placeList = placesCard.getByRole('list', { name: 'Places' })
  await expect(placeList.getByRole('listitem')).toHaveCount(1)
  // A browser cannot see real paths: no Browse button without the desktop bridge's picker.
  await expect(placesCard.getByRole('button', { name: 'Browse…' })).toHaveCount(0)

  // A bad path is refused with what to do, and nothing is added.
  await placesCard.getByRole('textbox', { name: 'Path of a folder or document' }).fill('Projects')
  await placesCard.getByRole('button', { name: 'Add place' }).click()
  await expect(placesCard.getByRole('alert')).toContainText('not an absolute path')
  await expect(placeList.getByRole('listitem')).toHaveCount(1)

  await placesCard.getByRole('textbox', { name: 'Path of a folder or document' }).fill(projects)
  await placesCard.getByRole('button', { name: 'Add place' }).click()
  await expect(placeList.getByRole('listitem')).toHaveCount(2)
  await expect(placeList.getByRole('listitem').nth(1)).toContainText('Projects')
  await placesCard.scrollIntoViewIfNeeded()
  await screenshot(page, 'places-settings')

  await nav.getByRole('link', { name: 'Files', exact: true }).click()
  const placesBar = page.getByRole('navigation', { name: 'Places' })
  await expect(placesBar.getByRole('link')).toHaveCount(2)
  await expect(
    page
      .getByRole('table', { name: `Files in ${ROOT_NAME}` })
      .getByRole('row')
      .filter({ hasText: 'Welcome.txt' }),
  ).toBeVisible()
  await placesBar.getByRole('link', { name: 'Projects' }).click()
  const files = page.getByRole('table', { name: 'Files in Projects' })
  await expect(files.getByRole('row').filter({ hasText: 'Roadmap.md' })).toBeVisible()
  await expect(files.getByRole('row').filter({ hasText: 'Welcome.txt' })).toHaveCount(0)
  await screenshot(page, 'places-files')

  // The served folder's file actions work in a folder place too, on the place's own files.
  await page.getByLabel('Files to upload').setInputFiles({ name: 'Notes.txt', mimeType: 'text/plain', buffer: Buffer.from('uploaded') })
  await expect(files.getByRole('row').filter({ hasText: 'Notes.txt' })).toBeVisible()
  expect(await readFile(join(projects, 'Notes.txt'), 'utf8')).toBe('uploaded')
  expect(existsSync(join(folders.root, 'Notes.txt'))).toBe(false)

  await files.getByRole('row').filter({ hasText: 'Budget.csv' }).click({ button: 'right' })
  await page
    .getByRole('menu', { name: 'Actions for Budget.csv' })
    .getByRole('menuitem', { name: /^Rename/ })
    .click()
  const rename = page.getByRole('dialog', { name: 'Rename Budget.csv' })
  await rename.getByRole('textbox', { name: 'New name' }).fill('Costs.csv')
  await rename.getByRole('button', { name: 'Rename' }).click()
  await expect(files.getByRole('row').filter({ hasText: 'Costs.csv' })).toBeVisible()
  expect(await readFile(join(projects, 'Costs.csv'), 'utf8')).toBe('item,cost\nplaces,1\n')
  expect(existsSync(join(projects, 'Budget.csv'))).toBe(false)

  await files.getByRole('row').filter({ hasText: 'Notes.txt' }).focus()
  await page.keyboard.press('Delete')
  await page.getByRole('dialog', { name: 'Delete Notes.txt?' }).getByRole('button', { name: 'Move to trash' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Notes.txt moved to the trash' })).toBeVisible()
  await expect(files.getByRole('row').filter({ hasText: 'Notes.txt' })).toHaveCount(0)
  expect(existsSync(join(projects, 'Notes.txt'))).toBe(false)
  await screenshot(page, 'places-files-actions')

  // The trash says which place the file came from, and puts it back there.
  await page.getByRole('button', { name: 'Trash', exact: true }).click()
  const trash = page.getByRole('dialog', { name: 'Trash' })
  await expect(trash.getByText('in the place Projects')).toBeVisible()
  await screenshot(page, 'places-trash')
  await trash.getByRole('button', { name: 'Restore Notes.txt' }).click()
  await expect(trash.getByText('Notes.txt is back.')).toBeVisible()
  expect(await readFile(join(projects, 'Notes.txt'), 'utf8')).toBe('uploaded')
  expect(existsSync(join(folders.root, 'Notes.txt'))).toBe(false)
  // Closed by its button: the restored row's button took the focus with it, so an Escape at once may land outside.
  await trash.getByRole('button', { name: 'Close', exact: true }).click()
  await expect(trash).toHaveCount(0)

  // A subfolder of the place, and back; its link stays in the place.
  await expect(files.getByRole('link', { name: 'Drafts' })).toHaveAttribute('href', /place=/)
  await files.getByRole('row').filter({ hasText: 'Drafts' }).dblclick()
  const drafts = page.getByRole('table', { name: 'Files in Drafts' })
  await expect(drafts.getByRole('row').filter({ hasText: 'Idea.txt' })).toBeVisible()
  await page.getByRole('navigation', { name: 'Folder path' }).getByRole('link', { name: 'Projects' }).click()
  await expect(files.getByRole('row').filter({ hasText: 'Roadmap.md' })).toBeVisible()

  const [hostPage] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('button', { name: 'Open Roadmap.md', exact: true }).click(),
  ])
  await hostPage.waitForLoadState()
  await expect(hostPage.frameLocator('#editor-frame').getByText('Ship places.').first()).toBeVisible({ timeout: 20_000 })
  await hostPage.screenshot({ path: join('e2e-artifacts', 'console', 'places-editor.png'), animations: 'disabled' })

  // While the editor holds the document, the place cannot be removed under it.
  await nav.getByRole('link', { name: 'Settings', exact: true }).click()
  await placesCard.getByRole('button', { name: 'Remove Projects' }).click()
  await expect(placesCard.getByRole('alert')).toContainText('Roadmap.md')
  await expect(placeList.getByRole('listitem')).toHaveCount(2)
  await screenshot(page, 'places-remove-refused')

  // Closed in the editor: once the built-in editor has let go of the lock (it unlocks about 20 s after its page
  // left), the place goes, and its files stay on disk.
  await hostPage.getByRole('button', { name: 'Close the document' }).click()
  await hostPage.close()
  await expect(async () => {
    await placesCard.getByRole('button', { name: 'Remove Projects' }).click()
    await expect(placeList.getByRole('listitem')).toHaveCount(1, { timeout: 2000 })
  }).toPass({ timeout: 75_000, intervals: [3000] })
  await screenshot(page, 'places-removed')
  expect(await readFile(join(projects, 'Roadmap.md'), 'utf8')).toContain('Ship places.')
  await nav.getByRole('link', { name: 'Files', exact: true }).click()
  await expect(page.getByRole('navigation', { name: 'Places' })).toHaveCount(0)
})
