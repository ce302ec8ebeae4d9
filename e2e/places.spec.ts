import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { screenshot, startServe, tempFolders, watchPage, writeFiles, type Serve } from './support/console-stack'

// Issue 14, "Open from anywhere", console side: a second place is added in Settings, browsed on the Files page,
// one of its documents opened in the built-in editor, and the place removed again (its files stay), in
// Chromium against `serve`.

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
  const problems = [...watcher.problems]
  await page.close()
  await serve.stop()
  await folders.remove()
  expect(problems, 'page errors, console errors or failed requests').toEqual([])
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
  // Folder actions stay with the served folder.
  await expect(page.getByRole('button', { name: 'New document' })).toHaveCount(0)
  await screenshot(page, 'places-files')

  // A subfolder of the place, and back.
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
