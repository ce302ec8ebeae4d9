import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { testIo } from './commands/cli-test-io'
import { main } from './index'

describe('wopi-desk --version', () => {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

  it('prints the version in package.json and exits 0', async () => {
    for (const flag of ['--version', '-v']) {
      const io = testIo()
      expect(await main([flag], io)).toBe(0)
      expect(io.lines).toEqual([manifest.version])
      expect(io.errors).toEqual([])
    }
  })

  it('is listed in the usage', async () => {
    const io = testIo()
    await main(['--help'], io)
    expect(io.lines.join('\n')).toContain('wopi-desk --version')
  })
})
