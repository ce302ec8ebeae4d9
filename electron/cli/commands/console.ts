import { readServeInfo } from '../../core/server/serve-info'
import { appPaths } from '../app-paths'
import { CliError } from '../cli-error'
import type { CliCommand } from '../commands'
import { dataDirOption } from '../data-dir'
import { command } from '../invocation'
import type { CliIo } from '../io'
import { parseFlags } from '../parse-flags'

// `console`: prints the Console URL of the `serve` running on the data folder. The URL carries a per-launch key
// and changes at every start; this is how to get the current one without scrolling back through serve's output
// (or after a console tab says its link is no longer valid).

const usage = 'wopi-desk console [--data <dir>] [--json]'

export const consoleCommand: CliCommand = {
  name: 'console',
  summary: 'Print the current Console URL of the running serve (it changes at every start).',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags('console', argv, { data: { type: 'string' }, json: { type: 'boolean' } }, { min: 0, max: 0, usage })
    const dataDir = dataDirOption(values.data, io)
    const info = await readServeInfo(dataDir)
    if (!info || typeof info.consoleUrl !== 'string' || typeof info.consoleSecret !== 'string') {
      throw new CliError(
        `console: no WOPI Desk host is running for ${dataDir}. Start it with: ${command(io.env, appPaths.root, `serve --data ${dataDir}`)}`,
        1,
      )
    }
    const url = `${info.consoleUrl}/?key=${info.consoleSecret}`
    io.out(values.json ? JSON.stringify({ consoleUrl: url }) : url)
    return 0
  },
}
