import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { electronBinary } from '../../scripts/electron-binary.mjs'

// The desktop window itself. Machines that cannot download Electron have no binary: there the test is skipped
// and says why; everything the window shows is covered in Chromium by e2e/console.spec.ts.

const binary = electronBinary()

test('the desktop window opens on the Editors page with the built-in editor', async () => {
  test.skip(
    !binary,
    'Electron binary not installed (node_modules/electron/dist is missing): the desktop window cannot start on this machine',
  )
  const home = await mkdtemp(join(tmpdir(), 'wopi-desk-electron-'))
  const app = await electron.launch({
    executablePath: binary!,
    // free ports, so the test runs beside another WOPI Desk
    args: ['out/main/index.js', `--user-data-dir=${join(home, 'userData')}`, '--port=0', '--editor-port=0'],
    env: { ...process.env, HOME: home },
  })
  try {
    const window = await app.firstWindow()
    await expect(window.getByRole('link', { name: 'Editors' })).toBeVisible()
    await expect(window.getByRole('heading', { name: 'Editors' })).toBeVisible()
    await expect(window.getByText('WOPI Desk Text')).toBeVisible()
    expect(window.url()).toBe('wopi-desk://console/index.html')
    await window.screenshot({ path: 'e2e-artifacts/electron/editors.png' })
  } finally {
    await app.close()
    await rm(home, { recursive: true, force: true })
  }
})
