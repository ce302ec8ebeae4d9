import { describe, expect, it } from 'vitest'
import { installerEnv } from './electron-binary.mjs'

describe("the environment for Electron's installer", () => {
  it("switches on @electron/get's proxy support when a proxy is configured (npm's or the usual variables)", () => {
    expect(installerEnv({ npm_config_https_proxy: 'http://proxy.example:3128' })).toMatchObject({
      ELECTRON_GET_USE_PROXY: 'true',
      HTTPS_PROXY: 'http://proxy.example:3128',
    })
    expect(installerEnv({ https_proxy: 'http://p:1' })).toMatchObject({ ELECTRON_GET_USE_PROXY: 'true' })
  })

  it('passes ELECTRON_MIRROR through and adds nothing without a proxy', () => {
    const env = { ELECTRON_MIRROR: 'https://mirror.example/electron/' }
    expect(installerEnv(env)).toEqual(env)
  })
})
