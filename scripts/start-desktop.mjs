// `npm start`: the desktop app. Builds when needed, then runs Electron; where the Electron binary is not
// installed (as on machines that cannot download it) it says so in one line and points to the headless mode.
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { electronBinary } from './electron-binary.mjs'
import { ensureBuild } from './ensure-build.mjs'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))

const binary = electronBinary()
if (!binary) {
  process.stderr.write(
    'The Electron binary is not installed here (node_modules/electron/dist is missing), so the desktop window cannot start; run the headless mode instead: npm run serve\n',
  )
  process.exit(1)
}
ensureBuild()
const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' })
child.on('exit', (code) => process.exit(code ?? 0))
