import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, type FrameLocator } from '@playwright/test'
import { BUILTIN_APP, FIXTURES, documentBox, editorFrame, openFromFiles, saveStatus, shot, test, typeAtEnd } from './support/editor-stack'

// Issue 5 end to end: `wopi-desk serve` in Chromium, the console's Files page opening documents in the
// built-in editor inside the host page's frame. Each test has its own serve over its own temp folders; the
// fixture fails a test on any page error, console error or HTTP error, and on an access token in any URL.
// The editor autosaves 30 s after the last keystroke: assertions hold whether or not an autosave ran.
// Screenshots: e2e-artifacts/editor/.

test('opens notes.md from the Files page, saves with the Save button and with Ctrl+S', async ({ page, stack }) => {
  await stack.openConsole(page)
  await shot(page, '01-console-files')
  const hostPage = await openFromFiles(page, 'notes.md')
  await expect(hostPage.locator('header')).toContainText('notes.md')
  await expect(hostPage.locator('header')).toContainText(BUILTIN_APP)
  await expect(hostPage.locator('header')).toContainText('Editing')
  const frame = editorFrame(hostPage)
  await expect(documentBox(hostPage)).toHaveValue(FIXTURES['notes.md']!)
  await expect(saveStatus(hostPage)).toHaveText('No changes')
  // The token went to the editor in the form body (the fixture checks it is in no URL).
  expect(stack.watch.postedTokens()).toHaveLength(1)
  await shot(hostPage, '02-editor-opened')

  await typeAtEnd(hostPage, '\nAdded from the browser.', 'keys')
  await expect(saveStatus(hostPage)).toHaveText('Unsaved changes')
  await shot(hostPage, '03-editor-typed')
  await frame.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(saveStatus(hostPage)).toHaveText(/^Saved at /)
  const afterButton = FIXTURES['notes.md'] + '\nAdded from the browser.'
  expect(await stack.read('notes.md')).toBe(afterButton)
  // Nothing left to save: the button rests until the next change.
  await expect(frame.getByRole('button', { name: 'Save', exact: true })).toBeDisabled()
  await shot(hostPage, '04-editor-saved-button')

  await typeAtEnd(hostPage, '\nSaved with the keyboard.', 'keys')
  await expect(saveStatus(hostPage)).toHaveText('Unsaved changes')
  await documentBox(hostPage).press('Control+s')
  // Well inside the 30 s autosave delay: this save is the shortcut's.
  await expect(saveStatus(hostPage)).toHaveText(/^Saved at /, { timeout: 10_000 })
  expect(await stack.read('notes.md')).toBe(afterButton + '\nSaved with the keyboard.')
  await expect(frame.getByRole('region', { name: 'Preview' })).toContainText('Saved with the keyboard.')
  await shot(hostPage, '05-editor-saved-ctrl-s')
})

test('a second window on the same file opens read-only and says who holds the lock', async ({ page, stack }) => {
  await stack.openConsole(page)
  const first = await openFromFiles(page, 'notes.md')
  await expect(editorFrame(first).getByRole('button', { name: 'Save', exact: true })).toBeVisible()
  const held = await stack.getLock('notes.md')
  expect(held).not.toBe('')

  // The same document opened again from the console: a second session, a second editor page.
  const second = await openFromFiles(page, 'notes.md')
  const frame = editorFrame(second)
  await expect(frame.getByText('This file is open for editing in another WOPI Desk editor window.')).toBeVisible()
  await expect(frame.getByText('Read-only', { exact: true })).toBeVisible()
  // The host page's own bar (outside the editor frame) no longer says "Editing".
  await expect(second.locator('header.bar .chip')).toHaveText('Read-only')
  await expect(second.locator('header.bar .chip')).toHaveAttribute('title', /another WOPI Desk editor window/)
  await expect(first.locator('header.bar .chip')).toHaveText('Editing')
  await expect(frame.getByRole('button', { name: 'Take over and edit' })).toBeVisible()
  await expect(frame.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0)
  await expect(documentBox(second)).toHaveAttribute('readonly', '')
  await expect(documentBox(second)).toHaveValue(FIXTURES['notes.md']!)
  await shot(second, '06-second-window-read-only')

  // The second window changed nothing: the first still holds the same lock and saves.
  expect(await stack.getLock('notes.md')).toBe(held)
  await typeAtEnd(first, '\nStill mine.')
  await editorFrame(first).getByRole('button', { name: 'Save', exact: true }).click()
  await expect(saveStatus(first)).toHaveText(/^Saved at /)
  expect(await stack.read('notes.md')).toBe(FIXTURES['notes.md'] + '\nStill mine.')
})

test('a file another editor has locked opens read-only and names that editor', async ({ page, stack }) => {
  // Collabora holds the lock: its LOCK as the host sees it (its user agent, a lock id of its own).
  const { wopiSrc, accessToken } = await stack.cliToken('notes.md')
  const locked = await fetch(`${wopiSrc}?access_token=${encodeURIComponent(accessToken)}`, {
    method: 'POST',
    headers: {
      'X-WOPI-Override': 'LOCK',
      'X-WOPI-Lock': 'cool-lock-7f3a',
      'User-Agent': 'COOLWSD HTTP Agent 24.04.13.2',
      'Content-Length': '0',
    },
  })
  expect(locked.status).toBe(200)
  const hostPage = await stack.openHostPage('notes.md', page)
  const frame = editorFrame(hostPage)
  await expect(frame.getByText('Read-only', { exact: true })).toBeVisible()
  await expect(documentBox(hostPage)).toHaveAttribute('readonly', '')
  await expect(frame.getByRole('button', { name: 'Edit a copy' })).toBeVisible()
  await expect(hostPage.locator('header.bar .chip')).toHaveText('Read-only')
  const message = frame.getByRole('alert').filter({ hasText: 'This file is open read-only because it is locked' })
  await shot(hostPage, '07-locked-by-another-editor')
  await expect(message).toContainText('Collabora', { timeout: 2_000 })
})

/** Opens one of the editor's name dialogs (Save as, Rename) from its toolbar button; the dialog is named after it. */
async function openNameDialog(frame: FrameLocator, action: string, fieldLabel: string) {
  await frame.getByRole('button', { name: action, exact: true }).click()
  const dialog = frame.getByRole('dialog', { name: action })
  return { dialog, name: dialog.getByRole('textbox', { name: fieldLabel }) }
}

test('Save as writes a new file next to the original, and the Files page lists it', async ({ page, stack }) => {
  const hostPage = await stack.openHostPage('notes.md')
  const frame = editorFrame(hostPage)
  await typeAtEnd(hostPage, '\nOnly in the copy.')

  const { dialog, name } = await openNameDialog(frame, 'Save as', 'File name')
  await expect(name).toHaveValue('notes (copy).md')
  await name.fill('minutes 2024.md')
  await shot(hostPage, '08-save-as-dialog')
  await dialog.getByRole('button', { name: 'Save copy' }).click()
  await expect(dialog).toBeHidden()
  await expect(frame.getByText('Saved as “minutes 2024.md”. You are now editing the copy.')).toBeVisible()
  // The host page's bar follows the editor to the copy (File_Rename).
  await expect(hostPage.locator('header')).toContainText('minutes 2024.md')
  await shot(hostPage, '09-save-as-done')

  expect(await stack.read('minutes 2024.md')).toBe(FIXTURES['notes.md'] + '\nOnly in the copy.')
  // The original is untouched (unless an autosave ran before Save as, which saved the same text to it).
  expect([FIXTURES['notes.md'], FIXTURES['notes.md'] + '\nOnly in the copy.']).toContain(await stack.read('notes.md'))

  // The editor now works on the copy: its saves go there.
  await typeAtEnd(hostPage, '\nSaved into the copy.')
  await frame.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(saveStatus(hostPage)).toHaveText(/^Saved at /)
  expect(await stack.read('minutes 2024.md')).toBe(FIXTURES['notes.md'] + '\nOnly in the copy.\nSaved into the copy.')

  await stack.openConsole(page)
  await page.getByRole('searchbox', { name: 'Search files' }).fill('minutes')
  await expect(page.getByRole('button', { name: 'Open minutes 2024.md', exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Open notes.md', exact: true })).toHaveCount(0)
  await shot(page, '10-files-lists-copy')
})

test('Rename changes the name but keeps the extension, on disk and in the host page', async ({ stack }) => {
  const hostPage = await stack.openHostPage('notes.md')
  const frame = editorFrame(hostPage)

  const { dialog, name } = await openNameDialog(frame, 'Rename', 'New name')
  // RenameFile never changes the extension (spec 6.1): only the stem is typed, the extension stands beside it.
  await expect(name).toHaveValue('notes')
  await expect(dialog.getByText('.md', { exact: true })).toBeVisible()
  await name.fill('meeting notes')
  await shot(hostPage, '11-rename-dialog')
  // Enter submits: the field and the buttons are one form.
  await name.press('Enter')
  await expect(frame.getByText('Renamed to “meeting notes.md”.')).toBeVisible()
  await expect(dialog).toBeHidden()
  expect(await stack.list()).toEqual(expect.arrayContaining(['meeting notes.md']))
  expect(await stack.list()).not.toContain('notes.md')
  expect(await stack.read('meeting notes.md')).toBe(FIXTURES['notes.md'])
  // The host page's bar follows the editor to the new name (File_Rename).
  await expect(hostPage.locator('header')).toContainText('meeting notes.md')
})

test('closing releases the lock: the host page’s Close (the one Close in the window), also with unsaved text', async ({ page, stack }) => {
  const hostPage = await stack.openHostPage('notes.md', page)
  expect(await stack.getLock('notes.md')).not.toBe('')
  expect((await stack.consoleCall<{ path: string }[]>('files:locks')).map((lock) => lock.path)).toEqual(['notes.md'])

  // One header in the window: the editor inside the host page shows no second name and no second ✕.
  await expect(editorFrame(hostPage).getByRole('button', { name: 'Close', exact: true })).toHaveCount(0)
  await expect(editorFrame(hostPage).getByRole('button', { name: 'Rename notes.md' })).toHaveCount(0)
  await hostPage.getByRole('button', { name: 'Close the document' }).click()
  const closed = hostPage.getByTestId('closed')
  await expect(closed).toBeVisible()
  await expect(closed).toContainText('notes.md is closed')
  await expect(closed.getByRole('link', { name: 'Back to WOPI Desk' })).toHaveAttribute(
    'href',
    new RegExp(`^${stack.serve.consoleOrigin}/?$`),
  )
  await shot(hostPage, '11-closed-by-editor')
  expect(await stack.getLock('notes.md')).toBe('')
  expect(await stack.consoleCall<unknown[]>('files:locks')).toEqual([])

  // Again, now closing from the host page's bar with a change not yet saved: the editor saves, then unlocks.
  const again = await stack.openHostPage('notes.md')
  expect(await stack.getLock('notes.md')).not.toBe('')
  await typeAtEnd(again, '\nWritten just before closing.')
  await again.getByRole('button', { name: 'Close the document' }).click()
  await expect(again.getByTestId('closed')).toBeVisible()
  await shot(again, '12-closed-by-host-page')
  expect(await stack.read('notes.md')).toBe(FIXTURES['notes.md'] + '\nWritten just before closing.')
  await expect.poll(() => stack.getLock('notes.md')).toBe('')
  expect(await stack.consoleCall<unknown[]>('files:locks')).toEqual([])
})

test('a change on disk while editing is reported, and neither text is lost', async ({ stack }) => {
  const hostPage = await stack.openHostPage('notes.md')
  const frame = editorFrame(hostPage)
  await typeAtEnd(hostPage, '\nMINE: typed in the editor.')
  const theirs = FIXTURES['notes.md'] + '\nTHEIRS: written by another program.'
  await writeFile(stack.file('notes.md'), theirs)

  await frame.getByRole('button', { name: 'Save', exact: true }).click()
  const conflict = frame.getByRole('dialog', { name: 'The file changed while you were editing' })
  await expect(conflict).toBeVisible()
  await expect(conflict).toContainText('The file was changed on disk by someone else since you opened it. Nothing you typed is lost.')
  await expect(conflict.getByRole('button', { name: /^Save mine as a copy/ })).toBeVisible()
  await expect(conflict.getByRole('button', { name: /^Overwrite with mine/ })).toBeVisible()
  await expect(conflict.getByRole('button', { name: /^Load theirs/ })).toBeVisible()
  await shot(hostPage, '13-conflict-dialog')
  expect(await stack.read('notes.md')).toBe(theirs)

  // Keep both: mine goes to a copy next to the file, theirs stays in it.
  await conflict.getByRole('button', { name: /^Save mine as a copy/ }).click()
  await expect(conflict).toBeHidden()
  const copyName = 'notes (my version).md'
  await expect(frame.getByText(`Saved as “${copyName}”. You are now editing the copy.`)).toBeVisible()
  await shot(hostPage, '14-conflict-saved-as-copy')
  expect(await stack.read('notes.md')).toBe(theirs)
  expect(await stack.read(copyName)).toBe(FIXTURES['notes.md'] + '\nMINE: typed in the editor.')

  // The same on the copy, resolved the other way: overwrite, and theirs is kept as a version.
  const theirsAgain = 'THEIRS AGAIN: the copy rewritten by another program.\n'
  await writeFile(stack.file(copyName), theirsAgain)
  await typeAtEnd(hostPage, '\nMINE AGAIN.')
  await documentBox(hostPage).press('Control+s')
  await expect(conflict).toBeVisible()
  await conflict.getByRole('button', { name: /^Overwrite with mine/ }).click()
  await expect(conflict).toBeHidden()
  await expect(saveStatus(hostPage)).toHaveText(/^Saved at /)
  const mineAgain = FIXTURES['notes.md'] + '\nMINE: typed in the editor.\nMINE AGAIN.'
  expect(await stack.read(copyName)).toBe(mineAgain)
  expect(await stack.list()).toEqual(['budget.csv', copyName, 'notes.md'])

  // Theirs lives on as a kept version of the copy: on disk in the data folder, and in the versions the Files
  // page's Versions dialog lists (files:versions).
  const { fileId } = await stack.cliToken(copyName)
  const versionDir = join(stack.serve.dataDir, 'versions', fileId)
  const kept = await Promise.all((await readdir(versionDir)).map((name) => readFile(join(versionDir, name), 'utf8')))
  expect(kept).toContain(theirsAgain)
  const listed = await stack.consoleCall<{ size: number }[]>('files:versions', copyName)
  expect(listed.map((version) => version.size)).toContain(Buffer.byteLength(theirsAgain))
})

test('renders a Markdown preview for .md and a table for .csv', async ({ page, stack }) => {
  const notes = await stack.openHostPage('notes.md', page)
  const frame = editorFrame(notes)
  // Wide window: text and preview side by side.
  await expect(frame.getByRole('button', { name: 'Split', exact: true })).toHaveAttribute('aria-pressed', 'true')
  const preview = frame.getByRole('region', { name: 'Preview' })
  await expect(preview.getByRole('heading', { level: 1, name: 'Meeting notes' })).toBeVisible()
  await expect(preview.getByText('built-in editor', { exact: true })).toHaveCSS('font-weight', /^(700|bold|[6-9]\d\d)$/)
  await expect(preview.getByRole('listitem')).toHaveCount(3)
  await expect(preview.getByRole('table')).toBeVisible()
  await expect(preview.getByRole('cell', { name: 'Ben' })).toBeVisible()
  // The preview follows typing.
  await typeAtEnd(notes, '\n## Next steps\n')
  await expect(preview.getByRole('heading', { level: 2, name: 'Next steps' })).toBeVisible()
  await shot(notes, '15-markdown-preview')

  const budget = await stack.openHostPage('budget.csv')
  const csv = editorFrame(budget)
  await csv.getByRole('button', { name: 'Table', exact: true }).click()
  const table = csv.getByRole('table', { name: 'Table view' })
  await expect(table).toBeVisible()
  await expect(table.getByRole('columnheader')).toHaveText(['#', 'Item', 'Quarter', 'Amount'])
  await expect(table.getByRole('row')).toHaveCount(5)
  await expect(table.getByRole('cell', { name: 'Chairs, ergonomic' })).toBeVisible()
  await shot(budget, '16-csv-table')
})
