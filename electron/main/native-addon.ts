import { readFileSync } from 'node:fs'
import { join } from 'node:path'

// The desktop app's SQLite addon. node_modules/better-sqlite3 holds Node's build (the CLI, the tests, the bench);
// the app loads an Electron build, passed to core as better-sqlite3's `nativeBinding`:
// - from a checkout: .cache/electron-addon/electron-v<abi>-<platform>-<arch>/ (scripts/electron-addon.mjs makes it);
// - packaged: app.asar.unpacked/native/, where packaging puts the Electron build and nothing else.
// No environment variable can redirect it: which native code the app loads is not for the environment to decide.

export const SQLITE_ADDON_FILE = 'better_sqlite3.node'

export interface AddonTarget {
  /** NODE_MODULE_VERSION of the running Electron (process.versions.modules) */
  abi: number
  platform: string
  arch: string
}

export interface AddonLocation {
  packaged: boolean
  /** the checkout (the folder above out/) */
  appRoot: string
  /** process.resourcesPath of a packaged app */
  resourcesPath: string
}

/** Same name as addonCacheKey in scripts/electron-addon.mjs. */
export function addonCacheKey(target: AddonTarget): string {
  return `electron-v${target.abi}-${target.platform}-${target.arch}`
}

/** Where the Electron build of the addon must be for this app. */
export function chooseSqliteAddon(location: AddonLocation, target: AddonTarget): string {
  if (location.packaged) return join(location.resourcesPath, 'app.asar.unpacked', 'native', SQLITE_ADDON_FILE)
  return join(location.appRoot, '.cache', 'electron-addon', addonCacheKey(target), SQLITE_ADDON_FILE)
}

/** NODE_MODULE_VERSION an addon was built for, from its registration symbol; null when it has none. */
export function addonAbi(bytes: Buffer): number | null {
  const match = /node_register_module_v(\d+)/.exec(bytes.toString('latin1'))
  return match ? Number(match[1]) : null
}

export type AddonCheck = { ok: true; path: string } | { ok: false; message: string }

/**
 * Checks the addon before anything loads it, so a wrong build is reported in one line that says what to run
 * instead of better-sqlite3's "was compiled against a different Node.js version" from deep inside the start.
 */
export function checkSqliteAddon(
  path: string,
  location: Pick<AddonLocation, 'packaged'>,
  abi: number,
  readFile: (path: string) => Buffer = readFileSync,
): AddonCheck {
  const fix = location.packaged ? 'reinstall WOPI Desk' : 'run: npm run prepare:electron'
  let bytes: Buffer
  try {
    bytes = readFile(path)
  } catch {
    return { ok: false, message: `The SQLite addon for this Electron (NODE_MODULE_VERSION ${abi}) is missing at ${path}; ${fix}` }
  }
  const built = addonAbi(bytes)
  if (built !== abi) {
    return {
      ok: false,
      message: `The SQLite addon at ${path} is built for NODE_MODULE_VERSION ${built ?? 'unknown'}, this Electron needs ${abi}; ${fix}`,
    }
  }
  return { ok: true, path }
}
