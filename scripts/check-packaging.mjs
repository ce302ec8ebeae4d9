// The packaging check that runs without Electron's downloads: electron-builder (electron-builder.yml, the
// beforePack hook) packs `--linux dir` against a stub Electron distribution (stack-notes G17) whose executable
// carries a real fuse wire, so electron-builder's fuse flipping can be read back with @electron/fuses.
//  1. With only Node's build of the SQLite addon available, packaging must refuse, with its message.
//  2. With an addon for Electron's ABI (a stub file carrying Electron's registration symbol), it must pack, and:
//     the asar holds no dev files, sources or renderer packages; the only unpacked file is that addon; the fuses
//     are as configured; the asar is within its size budget; no update feed is configured.
//  3. With an update feed given as `npm run dist` gives it, the app carries app-update.yml.
// What a stub cannot show (the app running, real fuses in a real binary) is for the CI workflow on real systems.
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureBuild } from './ensure-build.mjs'
import { addonAbi, addonCacheKey, pinnedElectron } from './electron-addon.mjs'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const require = createRequire(import.meta.url)
const { extractAll, listPackage } = require('@electron/asar')
const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses')
/** @electron/fuses' FuseState (not exported from its index): the wire's ASCII bytes */
const FuseState = { DISABLE: 48, ENABLE: 49 }

/** app.asar: main, preload, renderer and the main process's few packages: 5.9 MB at 0.2.0 (it was 84 MB). */
export const ASAR_BUDGET_BYTES = 8 * 1024 * 1024
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
/** Electron's defaults, the state a fresh binary ships in (fuse wire v1, 8 fuses). */
const DEFAULT_WIRE = '10110001'
const EXPECTED_FUSES = {
  RunAsNode: FuseState.DISABLE,
  EnableCookieEncryption: FuseState.ENABLE,
  EnableNodeOptionsEnvironmentVariable: FuseState.DISABLE,
  EnableNodeCliInspectArguments: FuseState.DISABLE,
  EnableEmbeddedAsarIntegrityValidation: FuseState.ENABLE,
  OnlyLoadAppFromAsar: FuseState.ENABLE,
  GrantFileProtocolExtraPrivileges: FuseState.DISABLE,
}

const failures = []
const check = (ok, message) => {
  if (!ok) failures.push(message)
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${message}\n`)
  return ok
}

/** A stub Electron distribution electron-builder accepts without downloading (G17), with a fuse wire. */
function stubElectron(dir, version) {
  mkdirSync(join(dir, 'locales'), { recursive: true })
  mkdirSync(join(dir, 'resources'), { recursive: true })
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([1, DEFAULT_WIRE.length]),
    Buffer.from(DEFAULT_WIRE, 'latin1'),
  ])
  writeFileSync(
    join(dir, 'electron'),
    Buffer.concat([Buffer.from('#!/bin/sh\necho "stub Electron: cannot run"\nexit 1\n# '), wire, Buffer.from('\n')]),
  )
  chmodSync(join(dir, 'electron'), 0o755)
  writeFileSync(join(dir, 'version'), `v${version}`)
  writeFileSync(join(dir, 'LICENSE'), 'stub')
  writeFileSync(join(dir, 'LICENSES.chromium.html'), 'stub')
}

function pack(stub, cache, output, extraArgs = []) {
  const started = Date.now()
  const result = spawnSync(
    join(root, 'node_modules', '.bin', 'electron-builder'),
    ['--linux', 'dir', `-c.electronDist=${stub}`, `-c.directories.output=${output}`, '--publish', 'never', ...extraArgs],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, WOPI_DESK_ADDON_CACHE: cache, WOPI_DESK_ADDON_CACHE_ONLY: '1', CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
    },
  )
  return {
    status: result.status,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}`,
    seconds: ((Date.now() - started) / 1000).toFixed(1),
  }
}

function filesUnder(dir) {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      relative(dir, join(entry.parentPath ?? entry.path, entry.name))
        .split('\\')
        .join('/'),
    )
}

async function main(work) {
  ensureBuild({ quiet: true })
  const { version, abi } = pinnedElectron(root)
  const stub = join(work, 'electron-dist')
  stubElectron(stub, version)
  const cacheFolder = (cache) => join(cache, addonCacheKey({ abi, platform: 'linux', arch: process.arch }))

  // 1. Only Node's build: packaging refuses.
  const nodeOnly = join(work, 'cache-node-build')
  mkdirSync(cacheFolder(nodeOnly), { recursive: true })
  copyFileSync(
    join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
    join(cacheFolder(nodeOnly), 'better_sqlite3.node'),
  )
  const refused = pack(stub, nodeOnly, join(work, 'out-refused'))
  const refusal = /Packaging refused: [^\n]*?(?=\s+failedTask=|\n|$)/.exec(refused.output)?.[0]
  check(
    refused.status !== 0 && refusal?.includes(`NODE_MODULE_VERSION ${process.versions.modules}, Electron ${version} needs ${abi}`),
    `with Node's build of the SQLite addon, packaging refuses (${refused.seconds} s): ${refusal ?? `exit ${refused.status}, no refusal message`}`,
  )
  check(!existsSync(join(work, 'out-refused', 'linux-unpacked', 'resources', 'app.asar')), 'and produces no app')

  // 2. An addon for Electron's ABI: packaging succeeds.
  const electronBuild = join(work, 'cache-electron-build')
  mkdirSync(cacheFolder(electronBuild), { recursive: true })
  const stubAddon = Buffer.from(`\u007fELF stub addon for the packaging check: node_register_module_v${abi}\n`, 'latin1')
  writeFileSync(join(cacheFolder(electronBuild), 'better_sqlite3.node'), stubAddon)
  const output = join(work, 'out')
  const packed = pack(stub, electronBuild, output)
  if (
    !check(
      packed.status === 0,
      `with an Electron-ABI addon, electron-builder --linux dir packs (${packed.seconds} s)${packed.status === 0 ? '' : `:\n${packed.output.split('\n').slice(-15).join('\n')}`}`,
    )
  )
    return

  const app = join(output, 'linux-unpacked')
  const asar = join(app, 'resources', 'app.asar')
  const entries = listPackage(asar, {}).map((entry) => entry.replace(/\\/g, '/').replace(/^\//, ''))
  const forbidden = entries.filter(
    (entry) =>
      /\.(ts|tsx|map|c|cc|cpp|h|hpp|gyp)$/.test(entry) ||
      /^(electron|renderer|e2e|bench|scripts|security|types|resources|test-results|\.cache)\//.test(entry) ||
      /(^|\/)(package-lock\.json|tsconfig[^/]*\.json|electron-builder\.yml|vitest\.config\.ts|README\.md)$/.test(
        entry.replace(/^node_modules\/.*/, ''),
      ) ||
      /^out\/main\/cli\.js$/.test(entry) ||
      /^node_modules\/(react|react-dom|@mui|@emotion|papaparse|react-markdown|remark-gfm|react-virtuoso|electron|electron-vite|vite|vitest|typescript|@playwright|playwright|prebuild-install|node-gyp)(\/|$)/.test(
        entry,
      ) ||
      /^node_modules\/better-sqlite3\/(src|deps|build)\//.test(entry),
  )
  check(
    forbidden.length === 0,
    `the asar holds no dev files, sources, renderer packages or install-time tools (${entries.length} entries)${forbidden.length ? `: ${forbidden.slice(0, 8).join(', ')}` : ''}`,
  )
  const needed = [
    'out/main/index.js',
    'out/preload/index.cjs',
    'out/renderer/index.html',
    'out/renderer/editor.html',
    'out/renderer/host.html',
    'package.json',
    'node_modules/better-sqlite3/lib/index.js',
    'node_modules/fast-xml-parser/package.json',
    'node_modules/utf7/package.json',
    'node_modules/zod/package.json',
    'node_modules/bindings/package.json',
  ]
  const missing = needed.filter((entry) => !entries.includes(entry))
  check(missing.length === 0, `the asar holds what main loads${missing.length ? `; missing: ${missing.join(', ')}` : ''}`)

  // Every runtime dependency must load from the packaged node_modules alone (the exclusions above must not cut
  // one of theirs, e.g. utf7's semver).
  const extracted = join(work, 'asar-extracted')
  extractAll(asar, extracted)
  const dependencies = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies)
  const loads = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `for (const name of ${JSON.stringify(dependencies)}) await import(name)`],
    { cwd: extracted, encoding: 'utf8' },
  )
  check(
    loads.status === 0,
    `the packaged node_modules load every runtime dependency (${dependencies.join(', ')})${
      loads.status === 0
        ? ''
        : `: ${loads.stderr
            .trim()
            .split('\n')
            .find((line) => /Error/.test(line))}`
    }`,
  )

  const unpacked = filesUnder(join(app, 'resources', 'app.asar.unpacked'))
  check(
    unpacked.length === 1 && unpacked[0] === 'native/better_sqlite3.node',
    `only the SQLite addon is unpacked (${unpacked.join(', ') || 'nothing'})`,
  )
  const shipped = unpacked.includes('native/better_sqlite3.node')
    ? readFileSync(join(app, 'resources', 'app.asar.unpacked', 'native', 'better_sqlite3.node'))
    : Buffer.alloc(0)
  check(
    shipped.equals(stubAddon) && addonAbi(shipped) === abi,
    `the shipped addon is the Electron build (NODE_MODULE_VERSION ${addonAbi(shipped)})`,
  )
  check(!filesUnder(app).some((file) => /better-sqlite3\/build\/Release/.test(file)), "Node's build of the addon is nowhere in the app")

  const asarSize = statSync(asar).size
  check(
    asarSize <= ASAR_BUDGET_BYTES,
    `app.asar is ${(asarSize / 1024 / 1024).toFixed(1)} MB, within its budget of ${ASAR_BUDGET_BYTES / 1024 / 1024} MB`,
  )
  check(existsSync(join(app, 'resources', 'resources', 'wopi-validator', 'TestCases.xml')), 'the validator test cases ship in resources/')
  check(
    !existsSync(join(app, 'resources', 'app-update.yml')),
    'no update feed is configured without WOPI_DESK_UPDATE_URL (the app will not look for updates)',
  )

  const wire = await getCurrentFuseWire(join(app, 'wopi-desk'))
  const wrong = Object.entries(EXPECTED_FUSES).filter(([name, state]) => wire[FuseV1Options[name]] !== state)
  const shown = Object.keys(EXPECTED_FUSES)
    .map((name) => `${name}=${wire[FuseV1Options[name]] === FuseState.ENABLE ? 'on' : 'off'}`)
    .join(', ')
  check(wrong.length === 0, `the packaged executable's fuses are as configured: ${shown}`)

  // 3. With a feed (what scripts/dist.mjs passes for WOPI_DESK_UPDATE_URL): app-update.yml, which switches the
  //    app's updater on.
  const feed = 'https://updates.example/wopi-desk/'
  const withFeed = pack(stub, electronBuild, join(work, 'out-feed'), ['-c.publish.provider=generic', `-c.publish.url=${feed}`])
  const updateYml = join(work, 'out-feed', 'linux-unpacked', 'resources', 'app-update.yml')
  const written = existsSync(updateYml) ? readFileSync(updateYml, 'utf8') : ''
  check(
    withFeed.status === 0 && written.includes('provider: generic') && written.includes(feed),
    `with an update feed, the app carries app-update.yml naming it (${withFeed.seconds} s)`,
  )
}

/**
 * File associations as configured (a stub cannot show the .desktop file, Info.plist or the registry): one per
 * office type with its MIME type, rank Alternate, none for txt/csv/md, and on Windows only "Open with".
 */
function checkFileAssociations() {
  const config = require('js-yaml').load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'))
  const office = ['odt', 'ods', 'odp', 'docx', 'xlsx', 'pptx', 'doc', 'xls', 'ppt']
  for (const platform of ['linux', 'mac']) {
    const associations = config[platform]?.fileAssociations ?? []
    const exts = associations.flatMap((association) => [association.ext].flat())
    const incomplete = associations.filter(
      (association) =>
        !/^application\/[\w.+-]+$/.test(association.mimeType ?? '') || association.rank !== 'Alternate' || association.role !== 'Editor',
    )
    check(
      office.every((ext) => exts.includes(ext)) && exts.length === office.length && incomplete.length === 0,
      `${platform}: one association per office type (${exts.join(', ')}), each with its MIME type, role Editor and rank Alternate`,
    )
  }
  const everywhere = [config.fileAssociations, config.win?.fileAssociations, config.nsis?.fileAssociations].flat().filter(Boolean)
  check(everywhere.length === 0, "no association where electron-builder's NSIS macro would make WOPI Desk the default handler")
  const include = readFileSync(join(root, config.nsis.include), 'utf8')
  const takesDefault = /WriteRegStr\s+SHELL_CONTEXT\s+"Software\\Classes\\\.[^"\\]+"\s+""/.test(include)
  const openWith = office.every((ext) => new RegExp(`wopiDeskOpenWith ${ext}\\b`).test(include)) && /OpenWithProgids/.test(include)
  check(
    openWith && !takesDefault && !/wopiDeskOpenWith (txt|csv|md)\b/.test(include),
    'Windows: the NSIS include adds the office types to OpenWithProgids and sets no default',
  )
}

const work = mkdtempSync(join(tmpdir(), 'wopi-desk-packaging-'))
try {
  checkFileAssociations()
  await main(work)
} catch (error) {
  check(false, `the packaging check crashed: ${error.stack ?? error}`)
} finally {
  if (!process.env.KEEP) rmSync(work, { recursive: true, force: true })
  rmSync(join(root, 'out', 'packaging'), { recursive: true, force: true })
}
process.stdout.write(`${failures.length === 0 ? 'packaging: all checks passed' : `packaging: ${failures.length} check(s) failed`}\n`)
process.exitCode = failures.length === 0 ? 0 : 1
