import { ApiError } from '../contract/envelope'
import { CliError } from './cli-error'
import { processIo, type CliIo } from './io'
import { commandList } from './command-list'
import { appPaths } from './app-paths'

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
    return name ? 0 : 2
  }
  const command = commandList.find((candidate) => candidate.name === name)
  if (!command) {
    io.err(`wopi-desk: unknown command "${name}". Commands: ${commandList.map((c) => c.name).join(', ')}.`)
    return 2
  }
  if (rest.length === 1 && (rest[0] === '--help' || rest[0] === '-h')) {
    io.out(`Usage: ${command.usage}\n\n${command.summary}`)
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

export { processIo }
