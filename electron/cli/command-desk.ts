import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DB_FILE_NAME } from '../core/db/open-db'
import { openDesk, type Desk } from '../core/desk'
import { createHttpFetcher } from '../core/discovery/http-fetch'
import { appPaths } from './app-paths'
import { CliError } from './cli-error'
import type { CliIo } from './io'
import { command } from './invocation'

// Every command that works on a data folder opens the same desk `serve` and the desktop app open, with openDesk,
// and never listens: it reads or changes the data folder next to a running host and closes again.

export interface CommandDeskOptions {
  /**
   * 'serve-first': the data folder must hold what `serve` made (token, doctor, report, trash); 'catalog': the
   * editor catalog alone, made on first use and usable while the served folder is gone (discovery, apps)
   */
  needs: 'serve-first' | 'catalog'
  /** discovery import --timeout */
  fetchTimeoutMs?: number
}

/** `<invocation> serve --root <folder> --data <dir>`, typed the way that works where this CLI runs */
export function serveHint(io: Pick<CliIo, 'env'>, dataDir: string): string {
  return command(io.env, appPaths.root, `serve --root <folder> --data ${dataDir}`)
}

/**
 * The desk of a data folder for one command: everything built, nothing listening; the caller closes it. The
 * core's worded errors (a damaged database, a served folder that is gone) reach the caller as they are.
 */
export async function openCommandDesk(
  commandName: string,
  dataDir: string,
  io: Pick<CliIo, 'env'>,
  options: CommandDeskOptions,
): Promise<Desk> {
  if (options.needs === 'serve-first' && !existsSync(join(dataDir, DB_FILE_NAME))) {
    throw new CliError(`${commandName}: no WOPI Desk data in ${dataDir}; start "${serveHint(io, dataDir)}" first.`)
  }
  const desk = openDesk({
    dataDir,
    staticDir: appPaths.staticDir,
    resourcesDir: appPaths.resourcesDir,
    appVersion: appPaths.version,
    ...(options.fetchTimeoutMs ? { fetcher: createHttpFetcher({ timeoutMs: options.fetchTimeoutMs }) } : {}),
    ...(options.needs === 'catalog' ? { whenServedFolderMissing: 'serve-nothing' as const } : {}),
  })
  if (options.needs === 'serve-first') return desk
  return desk.catch((error: unknown) => {
    throw new CliError(`cannot open the data folder ${dataDir}: ${(error as Error).message}`, 1)
  })
}
