import { homedir } from 'node:os'
import { resolve } from 'node:path'
import { defaultDataDir } from '../core/settings/app-data-dir'
import type { CliIo } from './io'

/**
 * The one way every command finds its data folder: --data, or the app's own data folder (the desktop app's), so
 * that `wopi-desk serve` and `wopi-desk open notes.md` work together with no flags at all. Relative to the
 * working directory either way.
 */
export function dataDirOption(value: string | undefined, io: Pick<CliIo, 'cwd' | 'env'>): string {
  return resolve(io.cwd, value ?? defaultDataDir(io.env, process.platform, io.env['HOME'] || homedir()))
}
