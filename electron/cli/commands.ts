import type { CliIo } from './io'

/** Each command lives in its own file under commands/ and registers here. */
export interface CliCommand {
  name: string
  summary: string
  usage: string
  /** resolves to the exit status */
  run(argv: string[], io: CliIo): Promise<number>
}
