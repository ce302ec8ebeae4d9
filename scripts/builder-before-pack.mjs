// electron-builder's beforePack hook: stages the Electron build of the SQLite addon for the platform and arch
// being packed into out/packaging/native (shipped as native/, unpacked from the asar), and refuses to package
// without one. Node's build in node_modules is never shipped: Electron would refuse it at start.
// WOPI_DESK_ADDON_CACHE points at another cache folder and WOPI_DESK_ADDON_CACHE_ONLY=1 forbids downloading or
// compiling (the packaging check uses both, with a stub addon).
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ADDON_FILE, addonAbi, addonCacheRoot, pinnedElectron, prepareElectronAddon } from './electron-addon.mjs'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
/** electron-builder's Arch enum, by value */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal']
export const STAGED_ADDON_DIR = join(root, 'out', 'packaging', 'native')

export async function beforePack(context) {
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch)
  const pinned = pinnedElectron(root)
  const version = context.packager?.info?.framework?.version ?? pinned.version
  if (version !== pinned.version) {
    throw new Error(
      `Packaging refused: it packs Electron ${version}, but node_modules/electron (whose ABI the SQLite addon is built for) is ${pinned.version}. Package the pinned version.`,
    )
  }
  const result = prepareElectronAddon({
    target: version,
    abi: pinned.abi,
    platform,
    arch,
    cacheRoot: process.env.WOPI_DESK_ADDON_CACHE || addonCacheRoot(root),
    fetch: process.env.WOPI_DESK_ADDON_CACHE_ONLY !== '1',
  })
  if (!result.ok)
    throw new Error(
      `Packaging refused: the app would ship no SQLite addon for Electron ${version} (${platform}-${arch}). ${result.message}`,
    )
  const abi = addonAbi(readFileSync(result.path))
  if (abi !== pinned.abi)
    throw new Error(`Packaging refused: ${result.path} has NODE_MODULE_VERSION ${abi}, Electron ${version} needs ${pinned.abi}.`)
  rmSync(STAGED_ADDON_DIR, { recursive: true, force: true })
  mkdirSync(STAGED_ADDON_DIR, { recursive: true })
  copyFileSync(result.path, join(STAGED_ADDON_DIR, ADDON_FILE))
  console.log(`  • SQLite addon for Electron ${version} (ABI ${abi}, ${platform}-${arch}): ${result.path}`)
}

export default beforePack
