import { existsSync } from 'node:fs'
import { join } from 'node:path'

// How a person types a WOPI Desk command where this CLI runs: `wopi-desk` once it is installed (on PATH), but
// `npm run -s cli --` in a clone of the repository, where no `wopi-desk` exists. Every suggestion the CLI and the
// console print goes through this one decision, so none names a command that does not work here.

export function cliInvocation(env: Record<string, string | undefined>, packageRoot: string): string {
  // `npm run cli` sets npm_lifecycle_event; a clone has the repository next to package.json.
  if (env['npm_lifecycle_event'] === 'cli' || existsSync(join(packageRoot, '.git'))) return 'npm run -s cli --'
  return 'wopi-desk'
}

/** `<invocation> <rest>`, e.g. "npm run -s cli -- serve --root <folder>". */
export function command(env: Record<string, string | undefined>, packageRoot: string, rest: string): string {
  return `${cliInvocation(env, packageRoot)} ${rest}`
}
