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
    parsed = parseArgs({ args: withDashedValues(argv, options), allowPositionals: true, options, strict: true })
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\.$/, '')
    throw new CliError(`${command}: ${message}. Usage: ${positionals.usage}`)
  }
  if (parsed.positionals.length < positionals.min || parsed.positionals.length > positionals.max) {
    throw new CliError(`${command}: expected ${describeCount(positionals)}. Usage: ${positionals.usage}`)
  }
  return { values: parsed.values as FlagValues<S>, positionals: parsed.positionals }
}

/**
 * `--token -Xy1...` as `--token=-Xy1...`: a value may begin with a dash (access tokens are base64url, so one in 64
 * does, and any host's token can), which parseArgs refuses as ambiguous. Only one of this command's own flags (or
 * `--`) after a string option is taken as the next option; `--token --json` still says the value is missing.
 */
function withDashedValues(argv: string[], options: FlagSpec): string[] {
  const stringOption = new Map<string, string>()
  const flags = new Set<string>(['--'])
  for (const [name, spec] of Object.entries(options)) {
    flags.add(`--${name}`)
    if (spec.short) flags.add(`-${spec.short}`)
    if (spec.type !== 'string') continue
    stringOption.set(`--${name}`, name)
    if (spec.short) stringOption.set(`-${spec.short}`, name)
  }
  const args: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      args.push(...argv.slice(i))
      break
    }
    const name = stringOption.get(arg)
    const next = argv[i + 1]
    if (name !== undefined && next !== undefined && next.startsWith('-') && !flags.has(next.split('=')[0]!)) {
      args.push(`--${name}=${next}`)
      i++
    } else {
      args.push(arg)
    }
  }
  return args
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
