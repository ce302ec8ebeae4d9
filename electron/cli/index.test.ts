import { describe, expect, it } from 'vitest'
import { testIo } from './commands/cli-test-io'
import { main } from './index'

describe('wopi-desk command line', () => {
  it('lists the commands and exits 2 without a command', async () => {
    const io = testIo()
    expect(await main([], io)).toBe(2)
    const text = io.lines.join('\n')
    for (const name of ['serve', 'token', 'discovery', 'apps', 'validate', 'emulate']) expect(text).toContain(`wopi-desk ${name}`)
  })

  it('says which commands exist when given an unknown one', async () => {
    const io = testIo()
    expect(await main(['frobnicate'], io)).toBe(2)
    expect(io.errors).toHaveLength(1)
    expect(io.errors[0]).toMatch(/unknown command "frobnicate".*serve/)
  })

  it('prints a command usage for --help and exits 0', async () => {
    const io = testIo()
    expect(await main(['token', '--help'], io)).toBe(0)
    expect(io.lines.join('\n')).toMatch(/Usage: wopi-desk token <path relative to root> \[--data <dir>\]/)
    expect(io.errors).toEqual([])
  })

  it('turns an unknown flag into one line on stderr and a non-zero exit', async () => {
    const io = testIo()
    expect(await main(['token', 'a.txt', '--data', '/tmp/x', '--bogus'], io)).toBe(2)
    expect(io.errors).toHaveLength(1)
    expect(io.errors[0]).toMatch(/^token: Unknown option '--bogus'/)
  })
})
