/** A failure the user can act on: printed as one line on stderr, exit status `exitCode`. */
export class CliError extends Error {
  readonly exitCode: number
  constructor(message: string, exitCode = 2) {
    super(message)
    this.name = 'CliError'
    this.exitCode = exitCode
  }
}

/**
 * Exit statuses, the same for every command: 2 when the command line or the setup is wrong (usage, no data
 * folder, no running host), 1 when a well-formed request failed (the file does not exist, the host refused).
 */
export const USAGE_EXIT = 2
export const NOT_FOUND_EXIT = 1
