import { ApiError } from '../contract/envelope'
import { CliError } from './cli-error'
import { processIo, type CliIo } from './io'
import { commandList } from './command-list'
import { commandHelp, formatHelp, invocationNote, subcommands } from './command-help'
import { appPaths } from './app-paths'
import { cliInvocation } from './invocation'

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === '--version' || name === '-v') {
    io.out(appPaths.version)
    return 0
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out('Usage: wopi-desk <command> [options]\n')
    for (const command of commandList) io.out(`  ${command.usage}\n      ${command.summary}`)
    io.out('  wopi-desk --version\n      Prints the version of this package.')
    io.out(`\nEvery command answers --help with its options, their defaults and examples.`)
    const note = invocationNote(cliInvocation(io.env, appPaths.root))
    if (note) io.out(note)
    return name ? 0 : 2
  }
  const command = commandList.find((candidate) => candidate.name === name)
  if (!command) {
    io.err(`wopi-desk: unknown command "${name}". Commands: ${commandList.map((c) => c.name).join(', ')}.`)
    return 2
  }
  // --help anywhere before a `--` answers for the command, or for its subcommand when one is named first.
  const optionsEnd = rest.indexOf('--')
  const beforeEnd = optionsEnd < 0 ? rest : rest.slice(0, optionsEnd)
  if (beforeEnd.includes('--help') || beforeEnd.includes('-h')) {
    const invocation = cliInvocation(io.env, appPaths.root)
    const sub = subcommands[command.name]?.find((candidate) => candidate === rest[0])
    if (sub) {
      const key = `${command.name} ${sub}`
      io.out(formatHelp(subcommandUsage(command.usage, sub, subcommands[command.name]!), command.summary, commandHelp[key], invocation))
    } else {
      io.out(formatHelp(command.usage, command.summary, commandHelp[command.name], invocation))
    }
    return 0
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message)
      return error.exitCode
    }
    // The core's errors for people are worded already (what happened, what to do): no "unexpected error".
    if (error instanceof ApiError) {
      io.err(`${name}: ${error.message}`)
      return 1
    }
    io.err(`${name}: unexpected error: ${(error as Error).message}`)
    return 1
  }
}

/** "wopi-desk discovery import <url> ... | list ..." -> the part for one subcommand. */
function subcommandUsage(usage: string, sub: string, all: string[]): string {
  const [head, ...alternatives] = usage
    .replace(/\s{2,}\(all take \[--data <dir>\]\)$/, '')
    .split(new RegExp(` \\| (?=(?:${all.join('|')})\\b)`))
  const first = head!.split(' ').slice(0, 2).join(' ') // "wopi-desk discovery"
  const parts = [head!.split(' ').slice(2).join(' '), ...alternatives]
  const mine = parts.find((part) => part === sub || part.startsWith(`${sub} `)) ?? sub
  return `${first} ${mine} [--data <dir>]`
}

export { processIo }
