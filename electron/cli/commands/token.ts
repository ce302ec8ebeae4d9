import { realpath } from 'node:fs/promises'
import { isAbsolute } from 'node:path'
import type { Desk } from '../../core/desk'
import { PathError } from '../../core/files/path-confinement'
import { ApiError } from '../../contract/envelope'
import { CliError, NOT_FOUND_EXIT } from '../cli-error'
import { openCommandDesk, serveHint } from '../command-desk'
import { dataDirOption } from '../data-dir'
import type { CliCommand } from '../commands'
import type { CliIo } from '../io'
import { parseFlags } from '../parse-flags'
import { outsideEveryPlace } from '../served-place'

// `token`: issues an access token for one file and prints exactly one JSON object
// {"fileId","wopiSrc","accessToken","accessTokenTtl"}. Works while `serve` runs on the same data folder.

const usage = 'wopi-desk token <path relative to root> [--data <dir>] [--write] [--user <name>] [--ttl <seconds>] [--app <app id or name>]'
const MAX_TTL_SECONDS = 30 * 24 * 3600

/** The app --app names (by id, or by display or discovered name), as the console resolves it; one clear line when none or several match. */
function appIdFor(desk: Desk, wanted: string): string {
  try {
    return desk.catalog.resolveApp(wanted).id
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not-found') {
      throw new CliError(
        `token: no editor app "${wanted}" in this data folder; import the editor's discovery first, or pass an app id with --app.`,
      )
    }
    if (error instanceof ApiError) throw new CliError(`token: ${error.message}`)
    throw error
  }
}

export const tokenCommand: CliCommand = {
  name: 'token',
  summary: 'Print an access token and WOPISrc for a file of a served place (read-only unless --write).',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags(
      'token',
      argv,
      { data: { type: 'string' }, write: { type: 'boolean' }, user: { type: 'string' }, ttl: { type: 'string' }, app: { type: 'string' } },
      { min: 1, max: 1, usage },
    )
    const dataDir = dataDirOption(values.data, io)
    let ttlSeconds: number | undefined
    if (values.ttl !== undefined) {
      ttlSeconds = Number(values.ttl)
      if (!/^\d+$/.test(values.ttl) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
        throw new CliError(`token: --ttl must be a number of seconds from 1 to ${MAX_TTL_SECONDS}, got "${values.ttl}".`)
      }
    }
    if (values.user !== undefined && !values.user.trim()) throw new CliError('token: --user needs a name.')
    const desk = await openCommandDesk('token', dataDir, io, { needs: 'serve-first' }).catch((error: unknown) => {
      if (error instanceof ApiError && error.code === 'not-found')
        throw new CliError(`token: ${error.message} To serve another one: ${serveHint(io, dataDir)}`)
      throw error
    })
    try {
      const host = desk.host
      let path = positionals[0]!
      if (isAbsolute(path)) {
        // An absolute path names a file of any place: the served folder, another folder, or a single file.
        const real = await realpath(path).catch(() => null)
        if (!real) throw new CliError(`token: ${path} does not exist.`, NOT_FOUND_EXIT)
        if (!host.places.placeServing(real)) throw outsideEveryPlace('token', path, host.places.list())
        path = real
      } else if (!host.settings.get().root || !host.files.root) {
        throw new CliError(`token: no folder is served from ${dataDir}; start "${serveHint(io, dataDir)}" first.`)
      }
      const appId = values.app !== undefined ? appIdFor(desk, values.app) : undefined
      let issued
      try {
        issued = await host.issueToken(path, {
          write: values.write ?? false,
          ...(values.user !== undefined ? { user: values.user.trim() } : {}),
          ...(ttlSeconds !== undefined ? { ttlSeconds } : {}),
          ...(appId !== undefined ? { appId } : {}),
        })
      } catch (error) {
        // A file that is not there is a failure of the request (1, as for open), not a mistake in the command line (2).
        if (error instanceof PathError) throw new CliError(`token: ${error.message}`, NOT_FOUND_EXIT)
        throw error
      }
      io.out(
        JSON.stringify({
          fileId: issued.fileId,
          wopiSrc: issued.wopiSrc,
          accessToken: issued.accessToken,
          accessTokenTtl: issued.accessTokenTtl,
        }),
      )
      return 0
    } finally {
      await desk.close()
    }
  },
}
