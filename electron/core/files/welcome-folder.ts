import { mkdir, stat, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'

export const WELCOME_FILE = 'Welcome.md'

/** The folder a fresh install serves when nobody chose one: visible in the user's home. */
export function defaultServedFolder(home = homedir()): string {
  return join(home, 'WOPI Desk')
}

export const WELCOME_TEXT = `# Welcome to WOPI Desk

This folder is served to web office editors by WOPI Desk, on this computer only.

- Open this file from the **Files** page: it opens in WOPI Desk's built-in editor.
- Type something and press **Save** (or Ctrl+S): the text lands in this file on disk.
- Every overwritten version is kept; the **Versions** button on the Files page brings it back.

To edit office documents, import Collabora Online, ONLYOFFICE Docs or Office Online Server on the
**Editors** page (its address ends in \`/hosting/discovery\`). If something does not work, the **Doctor**
page says why and how to fix it.
`

/**
 * Creates the folder with a short welcome document when it does not exist yet, so a newcomer has something
 * to open. An existing folder is left exactly as it is (a deleted Welcome.md stays deleted).
 */
export async function ensureWelcomeFolder(folder: string): Promise<'created' | 'existing'> {
  const existing = await stat(folder).catch(() => null)
  if (existing) {
    if (!existing.isDirectory()) throw new Error(`${folder} is a file, not a folder`)
    return 'existing'
  }
  await mkdir(folder, { recursive: true })
  await writeFile(join(folder, WELCOME_FILE), WELCOME_TEXT, { flag: 'wx' })
  return 'created'
}
