import { homedir } from 'node:os'
import { resolve } from 'node:path'
import { defaultDataDir } from '../core/settings/app-data-dir'
import type { CliIo } from './io'

/**
 * --data, or the app's own data folder (the desktop app's, and what `serve` uses without --data), so that
 * `wopi-desk serve` and `wopi-desk open notes.md` work together with no flags at all.
 */
export function dataDirOption(value: string | undefined, io: Pick<CliIo, 'cwd' | 'env'>): string {
  if (value !== undefined) return resolve(io.cwd, value)
  return defaultDataDir(io.env, process.platform, io.env['HOME'] || homedir())
}
