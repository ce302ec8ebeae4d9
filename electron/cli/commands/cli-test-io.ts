import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CliIo } from '../io'

/** A CliIo that records output and stops when the test says so (no process, no signals). */
export interface TestIo extends CliIo {
  lines: string[]
  errors: string[]
  stop(signal?: string): void
  /** resolves when a line matching `pattern` has been printed */
  waitForLine(pattern: RegExp): Promise<string>
}

export function testIo(cwd = process.cwd()): TestIo {
  let release: (signal: string) => void = () => undefined
  const stopped = new Promise<string>((resolve) => (release = resolve))
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = []
  const io: TestIo = {
    lines: [],
    errors: [],
    out(line) {
      io.lines.push(line)
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.resolve(line)
        }
      }
    },
    err(line) {
      io.errors.push(line)
    },
    waitForStop: () => stopped,
    // Never the real home: a command run without --data must not touch the developer's own WOPI Desk data.
    env: {
      HOME: join(tmpdir(), `wopi-desk-test-home-${process.pid}`),
      XDG_CONFIG_HOME: join(tmpdir(), `wopi-desk-test-home-${process.pid}`, '.config'),
    },
    cwd,
    stop: (signal = 'SIGTERM') => release(signal),
    waitForLine(pattern) {
      const seen = io.lines.find((line) => pattern.test(line))
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve) => waiters.push({ pattern, resolve }))
    },
  }
  return io
}
