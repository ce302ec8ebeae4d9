// The Electron build of the SQLite addon (better-sqlite3), kept apart from Node's build in node_modules.
//
// node_modules/better-sqlite3 holds Node's build: the CLI, the tests and the bench load it, and rebuilding it in
// place for Electron breaks all three (stack-notes G6, G16). The desktop app loads an Electron build from a
// gitignored cache folder keyed by ABI, platform and arch, through better-sqlite3's `nativeBinding`. This file
// obtains that build: a prebuilt for the Electron runtime (prebuild-install), else a compile against Electron's
// headers (node-gyp), and it refuses any result whose ABI is not Electron's (node-gyp can quietly build against
// Node's headers when npm's `nodedir` is set, G6).
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ADDON_FILE = 'better_sqlite3.node'
const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const require = createRequire(import.meta.url)

/** Where the Electron builds live in a checkout: one folder per ABI, platform and arch. */
export function addonCacheRoot(projectRoot = root) {
  return join(projectRoot, '.cache', 'electron-addon')
}

/** The cache folder name; electron/main/native-addon.ts computes the same name at run time. */
export function addonCacheKey({ abi, platform, arch }) {
  return `electron-v${abi}-${platform}-${arch}`
}

/**
 * The NODE_MODULE_VERSION an addon was built for, read from its registration symbol
 * (`node_register_module_v<abi>`, `_node_register_module_v<abi>` on macOS): no need to load it, which would
 * fail for any ABI but the running one. null when the file is not such an addon.
 */
export function addonAbi(bytes) {
  const match = /node_register_module_v(\d+)/.exec(bytes.toString('latin1'))
  return match ? Number(match[1]) : null
}

/** The Electron version and ABI the project is pinned to, from node_modules/electron (no binary needed). */
export function pinnedElectron(projectRoot = root) {
  const dir = join(projectRoot, 'node_modules', 'electron')
  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version
  const abi = Number(readFileSync(join(dir, 'abi_version'), 'utf8').trim())
  return { version, abi }
}

function betterSqliteDir() {
  return dirname(require.resolve('better-sqlite3/package.json'))
}

function defaultRun(command, args, options) {
  const result = spawnSync(command, args, { ...options, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`
  return { ok: result.status === 0, output }
}

/** The most telling line of a tool's output (a network cause first), for a one-line explanation. */
export function tellingLine(output) {
  const lines = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
  const network = lines.find((line) => /ENOTFOUND|ECONN|ETIMEDOUT|getaddrinfo|\b40[0-9]\b/.test(line))
  const download = lines.map((line) => /http GET (\S+)/.exec(line)?.[1]).find(Boolean)
  if (!network && download && /network connectivity|proxy/i.test(output)) return `could not download ${download}`
  const error = [...lines].reverse().find((line) => /err|fail/i.test(line) && !/not ok$/.test(line))
  return (network ?? error ?? lines.at(-1) ?? 'no output')
    .replace(/^(gyp|prebuild-install) (ERR!|warn|info)( stack| install)? /, '')
    .slice(0, 160)
}

/**
 * Makes sure the cache holds an Electron build of the addon for this ABI, platform and arch; returns
 * `{ ok: true, path, how }` or `{ ok: false, message }` with one line that says what failed and what to do.
 * `run` (command, args, { cwd, env }) -> { ok, output } is replaceable so the choice can be tested offline.
 */
export function prepareElectronAddon({
  target,
  abi,
  platform = process.platform,
  arch = process.arch,
  cacheRoot = addonCacheRoot(),
  sourceDir = betterSqliteDir(),
  env = process.env,
  run = defaultRun,
  fetch = true,
} = {}) {
  const folder = join(cacheRoot, addonCacheKey({ abi, platform, arch }))
  const cached = join(folder, ADDON_FILE)
  const cachedAbi = existsSync(cached) ? addonAbi(readFileSync(cached)) : null
  if (cachedAbi === abi) return { ok: true, path: cached, how: 'cached' }
  if (!fetch) {
    const found = existsSync(cached)
      ? `${cached} has NODE_MODULE_VERSION ${cachedAbi ?? 'unknown'}, Electron ${target} needs ${abi}`
      : `${cached} is missing`
    return { ok: false, message: `No Electron ${target} build of the SQLite addon: ${found}. Run: npm run prepare:electron` }
  }

  const work = mkdtempSync(join(tmpdir(), 'wopi-desk-addon-'))
  try {
    // A copy of the package without its build: nothing here may touch node_modules' Node build.
    for (const entry of ['package.json', 'binding.gyp', 'src', 'deps']) {
      if (existsSync(join(sourceDir, entry))) cpSync(join(sourceDir, entry), join(work, entry), { recursive: true })
    }
    const built = join(work, 'build', 'Release', ADDON_FILE)
    const attempts = []

    // 1. A prebuilt for the Electron runtime. prebuild-install honours npm's proxy settings and its own mirrors.
    const prebuilt = run(
      process.execPath,
      [
        require.resolve('prebuild-install/bin.js'),
        '--runtime',
        'electron',
        '--target',
        target,
        '--platform',
        platform,
        '--arch',
        arch,
        '--verbose',
      ],
      { cwd: work, env },
    )
    if (prebuilt.ok && existsSync(built)) attempts.push('prebuilt')
    else {
      attempts.push(`no prebuilt (${tellingLine(prebuilt.output)})`)
      // 2. A compile against Electron's headers. npm's `nodedir` must not leak in: with it node-gyp builds
      // against Node's headers and reports success (stack-notes G6).
      const compileEnv = { ...env }
      for (const key of Object.keys(compileEnv)) if (/^npm_config_nodedir$/i.test(key)) delete compileEnv[key]
      const distUrl = env.ELECTRON_HEADERS_MIRROR || 'https://electronjs.org/headers'
      const compiled = run(
        process.execPath,
        [
          require.resolve('node-gyp/bin/node-gyp.js'),
          'rebuild',
          '--release',
          `--target=${target}`,
          `--arch=${arch}`,
          `--dist-url=${distUrl}`,
          '--runtime=electron',
        ],
        { cwd: work, env: compileEnv },
      )
      if (!compiled.ok || !existsSync(built)) {
        return {
          ok: false,
          message: `No Electron ${target} build of the SQLite addon could be made: ${attempts[0]}, and compiling against Electron's headers failed (${tellingLine(compiled.output)}). Check the network or proxy (HTTPS_PROXY, ELECTRON_HEADERS_MIRROR) and run: npm run prepare:electron`,
        }
      }
      attempts.push('compiled')
    }

    const builtAbi = addonAbi(readFileSync(built))
    if (builtAbi !== abi) {
      return {
        ok: false,
        message: `The SQLite addon built for Electron ${target} has NODE_MODULE_VERSION ${builtAbi ?? 'unknown'}, Electron needs ${abi}; it was not kept. Unset npm's nodedir setting and run: npm run prepare:electron`,
      }
    }
    mkdirSync(folder, { recursive: true })
    // Rename within one file system so a crash never leaves a half-written addon behind.
    const staged = join(folder, `${ADDON_FILE}.${process.pid}.tmp`)
    cpSync(built, staged)
    renameSync(staged, cached)
    return { ok: true, path: cached, how: attempts.at(-1) }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
