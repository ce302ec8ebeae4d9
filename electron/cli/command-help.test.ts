import { describe, expect, it } from 'vitest'
import { commandList } from './command-list'
import { commandHelp, subcommands } from './command-help'
import { testIo } from './commands/cli-test-io'
import { main } from './index'

// Every command and subcommand answers --help with its options, their defaults and an example, and exits 0.

const every = commandList.flatMap((command) => [[command.name], ...(subcommands[command.name] ?? []).map((sub) => [command.name, sub])])

describe('--help', () => {
  it.each(every.map((words) => [words.join(' '), words]))('%s --help lists options with defaults and examples', async (_name, words) => {
    const io = testIo()
    expect(await main([...words, '--help'], io)).toBe(0)
    expect(io.errors).toEqual([])
    const text = io.lines.join('\n')
    expect(text).toMatch(/^Usage: wopi-desk /)
    const help = commandHelp[words.join(' ')]
    expect(help, `no help entry for "${words.join(' ')}"`).toBeDefined()
    for (const option of help!.options) {
      expect(text).toContain(option.flag)
      expect(text).toContain(`Default: ${option.defaultValue}.`)
      // The option exists: the command's synopsis names it.
      expect(commandList.find((command) => command.name === words[0])!.usage).toContain(option.flag.split(' ')[0])
    }
    expect(text).toMatch(/Examples:\n {2}\S/)
  })

  it('answers --help also after arguments, for the subcommand named first', async () => {
    const io = testIo()
    expect(await main(['discovery', 'import', 'https://x.example', '--help'], io)).toBe(0)
    expect(io.lines.join('\n')).toMatch(/Usage: wopi-desk discovery import <url>/)
    expect(io.lines.join('\n')).toContain('--insecure-tls')
  })
})
