// `npm start`: the desktop app. Installs Electron's binary when it is missing (Electron 45 has no install script),
// prepares the Electron build of the SQLite addon, builds when stale, then runs Electron. Where the download
// cannot work (machines without access to Electron's downloads) it says so in one line and points to the
// headless mode.
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureBuild } from './ensure-build.mjs'
import { prepareElectron } from './prepare-electron.mjs'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))

const prepared = await prepareElectron()
if (!prepared.ok || !prepared.binary) {
  process.stderr.write(
    `${prepared.message ?? 'The Electron binary is not installed'}, so the desktop window cannot start here; run the headless mode instead: npm run serve\n`,
  )
  process.exit(1)
}
ensureBuild()
const child = spawn(prepared.binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' })
child.on('exit', (code) => process.exit(code ?? 0))
