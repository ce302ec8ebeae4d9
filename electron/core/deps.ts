import { randomBytes } from 'node:crypto'

/** Time comes in as a parameter so tests can move it (house rule 3). */
export interface Clock {
  now(): number
}

export interface Random {
  bytes(length: number): Buffer
}

/** Log lines must never contain tokens, proof headers or document contents. */
export interface Log {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

export const systemClock: Clock = { now: () => Date.now() }
export const systemRandom: Random = { bytes: (length) => randomBytes(length) }

export const silentLog: Log = { info() {}, warn() {}, error() {} }

export function consoleLog(write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Log {
  const emit = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    write(`${new Date().toISOString()} ${level} ${message}${fields ? ' ' + JSON.stringify(fields) : ''}`)
  return { info: emit('info'), warn: emit('warn'), error: emit('error') }
}

/** URL-safe random id: base64url only uses unreserved characters, so encoded and decoded forms are equal. */
export function randomId(random: Random, bytes = 16): string {
  return random.bytes(bytes).toString('base64url')
}
