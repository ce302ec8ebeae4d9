import type { CliCommand } from './commands'
import { serveCommand } from './commands/serve'
import { tokenCommand } from './commands/token'
import { validateCommand } from './commands/validate'
import { emulateCommand } from './commands/emulate'
import { discoveryCommand } from './commands/discovery'
import { appsCommand } from './commands/apps'
import { doctorCommand } from './commands/doctor'
import { reportCommand } from './commands/report'
import { openCommand } from './commands/open'
import { consoleCommand } from './commands/console'
import { trashCommand } from './commands/trash'

// One line per command; each command's code lives in commands/<name>.ts.
export const commandList: CliCommand[] = [
  serveCommand,
  tokenCommand,
  validateCommand,
  emulateCommand,
  discoveryCommand,
  appsCommand,
  doctorCommand,
  reportCommand,
  openCommand,
  consoleCommand,
  trashCommand,
]
