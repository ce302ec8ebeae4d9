import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { addonCacheKey as scriptCacheKey, addonAbi as scriptAddonAbi } from '../../scripts/electron-addon.mjs'
import { addonAbi, addonCacheKey, checkSqliteAddon, chooseSqliteAddon } from './native-addon'

const target = { abi: 150, platform: 'linux', arch: 'x64' }
const fakeAddon = (abi: number) => Buffer.from(`\u007fELF....node_register_module_v${abi}\u0000more`, 'latin1')

describe('the SQLite addon the desktop app loads', () => {
  it("comes from the per-ABI cache in a checkout, never from node_modules (that is Node's build)", () => {
    const path = chooseSqliteAddon({ packaged: false, appRoot: '/src/wopi-desk', resourcesPath: '/unused' }, target)
    expect(path).toBe('/src/wopi-desk/.cache/electron-addon/electron-v150-linux-x64/better_sqlite3.node')
    expect(chooseSqliteAddon({ packaged: false, appRoot: '/src/wopi-desk', resourcesPath: '' }, { ...target, arch: 'arm64' })).toContain(
      'electron-v150-linux-arm64',
    )
  })

  it('comes from app.asar.unpacked/native in a packaged app', () => {
    expect(chooseSqliteAddon({ packaged: true, appRoot: '/ignored', resourcesPath: '/opt/WOPI Desk/resources' }, target)).toBe(
      '/opt/WOPI Desk/resources/app.asar.unpacked/native/better_sqlite3.node',
    )
  })

  it('uses the same cache folder name as the script that fills the cache', () => {
    expect(addonCacheKey(target)).toBe(scriptCacheKey(target))
  })
})

describe('the ABI check at start', () => {
  it('reads the ABI from the registration symbol, on Linux and macOS alike', () => {
    expect(addonAbi(fakeAddon(150))).toBe(150)
    expect(addonAbi(Buffer.from('___node_register_module_v115', 'latin1'))).toBe(115)
    expect(addonAbi(Buffer.from('just some bytes'))).toBeNull()
    expect(scriptAddonAbi(fakeAddon(150))).toBe(150)
  })

  it("reads the real Node build in node_modules as Node's own ABI", () => {
    const dir = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'))
    expect(addonAbi(readFileSync(join(dir, 'build', 'Release', 'better_sqlite3.node')))).toBe(Number(process.versions.modules))
  })

  it('accepts a build for the running ABI', () => {
    expect(checkSqliteAddon('/cache/a.node', { packaged: false }, 150, () => fakeAddon(150))).toEqual({ ok: true, path: '/cache/a.node' })
  })

  it('rejects a build for another ABI in one line that says what to run', () => {
    const check = checkSqliteAddon('/cache/a.node', { packaged: false }, 150, () => fakeAddon(115))
    expect(check).toEqual({
      ok: false,
      message:
        'The SQLite addon at /cache/a.node is built for NODE_MODULE_VERSION 115, this Electron needs 150; run: npm run prepare:electron',
    })
  })

  it('says the addon is missing, and in a packaged app asks for a reinstall instead of npm', () => {
    const missing = () => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
    }
    const dev = checkSqliteAddon('/cache/a.node', { packaged: false }, 150, missing)
    expect(dev.ok).toBe(false)
    expect(!dev.ok && dev.message).toMatch(/missing at \/cache\/a\.node; run: npm run prepare:electron$/)
    const packaged = checkSqliteAddon('/app/native/a.node', { packaged: true }, 150, () => Buffer.from('not an addon'))
    expect(!packaged.ok && packaged.message).toMatch(/NODE_MODULE_VERSION unknown, this Electron needs 150; reinstall WOPI Desk$/)
    expect(!packaged.ok && packaged.message).not.toContain('\n')
  })
})
