// `npm start`: the desktop app. Builds when needed, then runs Electron; where the Electron binary is not
// installed (as on machines that cannot download it) it says so in one line and points to the headless mode.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureBuild } from './ensure-build.mjs'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))

/** Never require('electron') here: that starts a download attempt (stack-notes G13). */
export function electronBinary() {
  const fromEnv = process.env.ELECTRON_EXEC_PATH
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null
  let dir
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return null
  }
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const executable = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(executable) ? executable : null
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
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
}
