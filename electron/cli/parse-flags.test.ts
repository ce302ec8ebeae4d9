import { describe, expect, it } from 'vitest'
import { CliError } from './cli-error'
import { parseFlags } from './parse-flags'

// Values that begin with a dash: one access token in 64 is base64url text starting with '-', and support staff
// paste other hosts' tokens as they come.

const spec = { token: { type: 'string' }, wopisrc: { type: 'string', short: 'w' }, json: { type: 'boolean' } } as const
const usage = { min: 0, max: 1, usage: 'wopi-desk test --token <t>' }

describe('parseFlags', () => {
  it('takes a value that begins with a dash as the value of the option before it', () => {
    const { values, positionals } = parseFlags('test', ['--token', '-Xy1_a-b', '-w', '-src', '--json', 'pos'], spec, usage)
    expect(values).toEqual({ token: '-Xy1_a-b', wopisrc: '-src', json: true })
    expect(positionals).toEqual(['pos'])
  })

  it("still says a value is missing when the command's own flag follows the option", () => {
    expect(() => parseFlags('test', ['--token', '--json'], spec, usage)).toThrow(CliError)
    expect(() => parseFlags('test', ['--token', '--json'], spec, usage)).toThrow(/--token.*Usage: wopi-desk test --token <t>/s)
  })

  it('leaves everything after -- alone and refuses unknown flags as before', () => {
    expect(parseFlags('test', ['--token', 'abc', '--', '-not-a-flag'], spec, usage).positionals).toEqual(['-not-a-flag'])
    expect(() => parseFlags('test', ['--tokn', 'abc'], spec, usage)).toThrow(/Unknown option '--tokn'/)
  })
})
