import type { CliCommand } from './commands'

// One line per command; each command's code lives in commands/<name>.ts.
export const commandList: CliCommand[] = []
