import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addonAbi, pinnedElectron, prepareElectronAddon, tellingLine, type Runner } from './electron-addon.mjs'

// How the Electron build of the SQLite addon is obtained, with the two tools (prebuild-install, node-gyp) replaced
// by recorders that write what the real ones would: these machines cannot download either result.

const fakeAddon = (abi: number) => `\u007fELF node_register_module_v${abi} ...`

describe('preparing the Electron build of the SQLite addon', () => {
  let base: string
  let source: string
  let cacheRoot: string
  const calls: { tool: string; args: string[]; env: Record<string, string | undefined> }[] = []

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'wopi-desk-addon-test-'))
    source = join(base, 'better-sqlite3')
    cacheRoot = join(base, 'cache')
    await mkdir(join(source, 'src'), { recursive: true })
    await writeFile(join(source, 'package.json'), '{"name":"better-sqlite3","version":"12.11.1"}')
    await writeFile(join(source, 'binding.gyp'), '{}')
    calls.length = 0
  })
  afterEach(async () => {
    await rm(base, { recursive: true, force: true })
  })

  /** A runner where prebuild-install and node-gyp each either fail or write an addon for the given ABI. */
  function tools(outcome: { prebuilt: number | string; compiled?: number | string }): Runner {
    return (_command, args, { cwd, env }) => {
      const tool = args[0]!.includes('prebuild-install') ? 'prebuild-install' : 'node-gyp'
      calls.push({ tool, args: args.slice(1), env })
      const result = tool === 'prebuild-install' ? outcome.prebuilt : outcome.compiled
      if (typeof result === 'string') return { ok: false, output: result }
      const release = join(cwd, 'build', 'Release')
      mkdirSync(release, { recursive: true })
      writeFileSync(join(release, 'better_sqlite3.node'), fakeAddon(result!))
      return { ok: true, output: '' }
    }
  }

  const prepare = (run: Runner, env: Record<string, string | undefined> = {}) =>
    prepareElectronAddon({ target: '45.5.0', abi: 150, platform: 'linux', arch: 'x64', cacheRoot, sourceDir: source, env, run })

  it('takes a prebuilt for the Electron runtime first and keeps it under its ABI, platform and arch', () => {
    const result = prepare(tools({ prebuilt: 150 }))
    expect(result).toEqual({ ok: true, path: join(cacheRoot, 'electron-v150-linux-x64', 'better_sqlite3.node'), how: 'prebuilt' })
    expect(calls.map((call) => call.tool)).toEqual(['prebuild-install'])
    expect(calls[0]!.args).toEqual(['--runtime', 'electron', '--target', '45.5.0', '--platform', 'linux', '--arch', 'x64', '--verbose'])
    expect(addonAbi(readFileSync(join(cacheRoot, 'electron-v150-linux-x64', 'better_sqlite3.node')))).toBe(150)
  })

  it('reuses the cached build without running any tool', () => {
    prepare(tools({ prebuilt: 150 }))
    calls.length = 0
    expect(prepare(tools({ prebuilt: 'must not run' }))).toMatchObject({ ok: true, how: 'cached' })
    expect(calls).toEqual([])
  })

  it("falls back to a compile against Electron's headers, without npm's nodedir", () => {
    const result = prepare(tools({ prebuilt: 'prebuild-install warn install getaddrinfo ENOTFOUND github.com', compiled: 150 }), {
      npm_config_nodedir: '/usr',
      ELECTRON_HEADERS_MIRROR: 'https://mirror.example/headers',
    })
    expect(result).toMatchObject({ ok: true, how: 'compiled' })
    const compile = calls.find((call) => call.tool === 'node-gyp')!
    expect(compile.args).toEqual([
      'rebuild',
      '--release',
      '--target=45.5.0',
      '--arch=x64',
      '--dist-url=https://mirror.example/headers',
      '--runtime=electron',
    ])
    expect(compile.env['npm_config_nodedir']).toBeUndefined()
  })

  it("refuses a build with Node's ABI (the quiet wrong compile) and keeps nothing", () => {
    const result = prepare(tools({ prebuilt: 'no prebuilt', compiled: 115 }))
    expect(result).toEqual({
      ok: false,
      message:
        "The SQLite addon built for Electron 45.5.0 has NODE_MODULE_VERSION 115, Electron needs 150; it was not kept. Unset npm's nodedir setting and run: npm run prepare:electron",
    })
    expect(existsSync(join(cacheRoot, 'electron-v150-linux-x64', 'better_sqlite3.node'))).toBe(false)
  })

  it('says in one line why neither way worked and what to run', () => {
    const result = prepare(
      tools({
        prebuilt: 'prebuild-install warn install getaddrinfo ENOTFOUND github.com',
        compiled:
          'gyp http GET https://electronjs.org/headers/v45.5.0/node-v45.5.0-headers.tar.gz\ngyp ERR! stack is related to network connectivity.\ngyp ERR! not ok',
      }),
    )
    expect(result.ok).toBe(false)
    expect(!result.ok && result.message).toBe(
      "No Electron 45.5.0 build of the SQLite addon could be made: no prebuilt (getaddrinfo ENOTFOUND github.com), and compiling against Electron's headers failed (could not download https://electronjs.org/headers/v45.5.0/node-v45.5.0-headers.tar.gz). Check the network or proxy (HTTPS_PROXY, ELECTRON_HEADERS_MIRROR) and run: npm run prepare:electron",
    )
  })

  it('never touches the build in node_modules', () => {
    prepare(tools({ prebuilt: 150 }))
    expect(existsSync(join(source, 'build'))).toBe(false)
  })
})

describe('the pinned Electron', () => {
  it('is read from node_modules/electron without its binary', () => {
    const pinned = pinnedElectron()
    expect(pinned.version).toMatch(/^\d+\.\d+\.\d+$/)
    expect(pinned.abi).toBeGreaterThan(Number(process.versions.modules))
  })

  it('explains a failed tool by its network cause first', () => {
    expect(tellingLine('gyp info ok\ngyp ERR! stack Error: connect ECONNREFUSED 10.0.0.1:443\ngyp ERR! not ok')).toBe(
      'Error: connect ECONNREFUSED 10.0.0.1:443',
    )
  })
})

describe('preparing from the cache only (packaging checks)', () => {
  it('refuses a cached build with the wrong ABI without running any tool', async () => {
    const base = await mkdtemp(join(tmpdir(), 'wopi-desk-addon-cache-only-'))
    try {
      const folder = join(base, 'electron-v150-linux-x64')
      mkdirSync(folder, { recursive: true })
      writeFileSync(join(folder, 'better_sqlite3.node'), fakeAddon(115))
      let ran = false
      const result = prepareElectronAddon({
        target: '45.5.0',
        abi: 150,
        platform: 'linux',
        arch: 'x64',
        cacheRoot: base,
        fetch: false,
        run: () => ((ran = true), { ok: true, output: '' }),
      })
      expect(result).toEqual({
        ok: false,
        message: `No Electron 45.5.0 build of the SQLite addon: ${join(folder, 'better_sqlite3.node')} has NODE_MODULE_VERSION 115, Electron 45.5.0 needs 150. Run: npm run prepare:electron`,
      })
      expect(ran).toBe(false)
    } finally {
      await rm(base, { recursive: true, force: true })
    }
  })
})
