// `npm run prepare:electron`: what the desktop app needs beyond `npm ci`, where the network allows it: Electron's
// binary (its own installer) and the Electron build of the SQLite addon in .cache/electron-addon/. Prints one line
// per step; exit 0 when both are ready. `--arch <arch>` prepares the addon for another architecture (packaging).
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'
import { electronBinary, installElectronBinary } from './electron-binary.mjs'
import { pinnedElectron, prepareElectronAddon } from './electron-addon.mjs'

/** Installs the binary when missing, then the addon; returns { ok, binary?, addon?, message? }. */
export async function prepareElectron({ arch = process.arch, needBinary = true, log = (line) => process.stderr.write(line + '\n') } = {}) {
  const { version, abi } = pinnedElectron()
  let binary = electronBinary()
  if (!binary && needBinary) {
    const installed = await installElectronBinary({
      onSlow: () => log(`Downloading Electron ${version} (node_modules/electron/install.js; ELECTRON_MIRROR and proxy settings apply)...`),
    })
    if (!installed.ok) return { ok: false, message: `Electron ${version} could not be downloaded (${installed.reason})` }
    binary = installed.binary
  }
  const addon = prepareElectronAddon({ target: version, abi, arch })
  if (!addon.ok) return { ok: false, binary, message: addon.message }
  if (addon.how !== 'cached')
    log(`SQLite addon for Electron ${version} (ABI ${abi}, ${process.platform}-${arch}): ${addon.how}, in ${addon.path}`)
  return { ok: true, binary, addon: addon.path }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { arch: { type: 'string' }, 'addon-only': { type: 'boolean' } } })
  const result = await prepareElectron({ arch: values.arch ?? process.arch, needBinary: !values['addon-only'] })
  if (!result.ok) {
    process.stderr.write(result.message + '\n')
    process.exit(1)
  }
  process.stderr.write(`Ready: Electron ${result.binary ?? '(binary not needed)'}, SQLite addon ${result.addon}\n`)
}
