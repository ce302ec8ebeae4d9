import { parseArgs } from 'node:util'
import { CliError } from './cli-error'

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>
export type FlagValues<S extends FlagSpec> = { [K in keyof S]?: S[K]['type'] extends 'boolean' ? boolean : string }

/**
 * Strict flag parsing shared by every command: an unknown flag, a missing value or a stray positional is
 * one clear line, never a stack trace.
 */
export function parseFlags<S extends FlagSpec>(
  command: string,
  argv: string[],
  options: S,
  positionals: { min: number; max: number; usage: string },
): { values: FlagValues<S>; positionals: string[] } {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\.$/, '')
    throw new CliError(`${command}: ${message}. Usage: ${positionals.usage}`)
  }
  if (parsed.positionals.length < positionals.min || parsed.positionals.length > positionals.max) {
    throw new CliError(`${command}: expected ${describeCount(positionals)}. Usage: ${positionals.usage}`)
  }
  return { values: parsed.values as FlagValues<S>, positionals: parsed.positionals }
}

function describeCount({ min, max }: { min: number; max: number }): string {
  if (min === max) return min === 0 ? 'no arguments' : `${min} argument${min > 1 ? 's' : ''}`
  return `${min} to ${max} arguments`
}

export function requireFlag(command: string, value: string | undefined, flag: string, usage: string): string {
  if (!value) throw new CliError(`${command}: ${flag} is required. Usage: ${usage}`)
  return value
}

export function parsePort(command: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65535) throw new CliError(`${command}: --port must be a number from 0 to 65535, got "${value}".`)
  return port
}
