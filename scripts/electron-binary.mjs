// Where the Electron executable is, and how to get it, for `npm start`, `npm run prepare:electron` and the
// Electron smoke test alike.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

function electronPackageDir() {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return null
  }
}

/**
 * The Electron executable, or null when it is not installed. Never require('electron') from Node: that starts a
 * download attempt (stack-notes G13).
 */
export function electronBinary() {
  const fromEnv = process.env.ELECTRON_EXEC_PATH
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null
  const dir = electronPackageDir()
  if (!dir) return null
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const executable = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(executable) ? executable : null
}

/** The environment for Electron's installer: proxy settings only take effect when @electron/get is told to use them. */
export function installerEnv(env = process.env) {
  const proxy = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || env.npm_config_https_proxy || env.npm_config_proxy
  if (!proxy) return { ...env }
  return { ...env, ELECTRON_GET_USE_PROXY: env.ELECTRON_GET_USE_PROXY || 'true', HTTPS_PROXY: env.HTTPS_PROXY || proxy }
}

/**
 * Runs Electron's own installer (node_modules/electron/install.js, the `install-electron` bin): Electron 45 has no
 * install script, so `npm ci` never downloads the binary (stack-notes G15). It honours ELECTRON_MIRROR,
 * ELECTRON_CUSTOM_DIR, electron_config_cache and, through installerEnv, the proxy settings. `onSlow` is called once
 * if the installer is still at work after `slowAfterMs` (a real download), so a quick failure stays one line.
 * Resolves { ok: true, binary } or { ok: false, reason } with the installer's error line.
 */
export function installElectronBinary({ env = process.env, onSlow = () => {}, slowAfterMs = 1500 } = {}) {
  const dir = electronPackageDir()
  if (!dir) return Promise.resolve({ ok: false, reason: 'the electron package is not in node_modules (run npm ci)' })
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(dir, 'install.js')], { env: installerEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk))
    const slow = setTimeout(onSlow, slowAfterMs)
    const finish = (status) => {
      clearTimeout(slow)
      const binary = electronBinary()
      if (status === 0 && binary) return resolve({ ok: true, binary })
      const lines = output
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
      const reason = lines.find((line) => /error/i.test(line)) ?? lines[0] ?? `exit ${status}`
      resolve({ ok: false, reason: reason.slice(0, 200) })
    }
    child.once('error', (error) => {
      output += String(error)
      finish(null)
    })
    child.once('exit', finish)
  })
}
