/** Where a command writes; tests pass their own to capture output without spawning a process. */
export interface CliIo {
  out(line: string): void
  err(line: string): void
  /** resolves when the process is asked to stop (SIGINT/SIGTERM); only long-running commands call it */
  waitForStop(): Promise<string>
  env: Record<string, string | undefined>
  cwd: string
}

export function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    waitForStop: () =>
      new Promise<string>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal))
      }),
    env: process.env,
    cwd: process.cwd(),
  }
}
