// Where the Electron executable is, for `npm start` and the Electron smoke test alike.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * The Electron executable, or null when it is not installed. Never require('electron') from Node: that starts a
 * download attempt (stack-notes G13).
 */
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
