import { existsSync } from 'node:fs'
import { realpath } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import { createHost } from '../../core/host'
import { createCatalogRepo } from '../../core/db/catalog-repo'
import { DB_FILE_NAME, type Db } from '../../core/db/open-db'
import { PathError, isInside, relPathOf } from '../../core/files/path-confinement'
import { ApiError } from '../../contract/envelope'
import { CliError, NOT_FOUND_EXIT } from '../cli-error'
import { appPaths } from '../app-paths'
import { command } from '../invocation'
import { dataDirOption } from '../data-dir'
import type { CliCommand } from '../commands'
import type { CliIo } from '../io'
import { parseFlags } from '../parse-flags'

// `token`: issues an access token for one file and prints exactly one JSON object
// {"fileId","wopiSrc","accessToken","accessTokenTtl"}. Works while `serve` runs on the same data folder.

const usage = 'wopi-desk token <path relative to root> [--data <dir>] [--write] [--user <name>] [--ttl <seconds>] [--app <app id or name>]'
const MAX_TTL_SECONDS = 30 * 24 * 3600

/** An app by id, or by display/discovered name (case-insensitive); one clear line when none or several match. */
export function findAppId(db: Db, wanted: string): string {
  const apps = createCatalogRepo(db).allApps()
  const byId = apps.find((app) => app.id === wanted)
  if (byId) return byId.id
  const key = wanted.toLowerCase()
  const matches = apps.filter((app) => app.displayName?.toLowerCase() === key || app.discoveredName.toLowerCase() === key)
  if (matches.length === 1) return matches[0]!.id
  if (matches.length === 0) {
    throw new CliError(`token: no editor app "${wanted}" in this data folder; import the editor's discovery first, or pass an app id with --app.`)
  }
  const listed = matches.map((app) => `${app.id} (${app.displayName ?? app.discoveredName})`).join(', ')
  throw new CliError(`token: "${wanted}" matches ${matches.length} apps: ${listed}; pass one of these ids with --app.`)
}

export const tokenCommand: CliCommand = {
  name: 'token',
  summary: 'Print an access token and WOPISrc for a file in the served folder (read-only unless --write).',
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
    if (!existsSync(join(dataDir, DB_FILE_NAME))) {
      throw new CliError(`token: no WOPI Desk data in ${dataDir}; start "${command(io.env, appPaths.root, `serve --root <folder> --data ${dataDir}`)}" first.`)
    }

    let desk
    try {
      desk = await createHost({ dataDir, listen: false })
    } catch (error) {
      if (error instanceof ApiError && error.code === 'not-found') {
        throw new CliError(`token: ${error.message} To serve another one: ${command(io.env, appPaths.root, `serve --root <folder> --data ${dataDir}`)}`)
      }
      throw error
    }
    try {
      const root = desk.settings.get().root
      if (!root || !desk.files.root) {
        throw new CliError(`token: no folder is served from ${dataDir}; start "${command(io.env, appPaths.root, `serve --root <folder> --data ${dataDir}`)}" first.`)
      }
      let relPath = positionals[0]!
      if (isAbsolute(relPath)) {
        // An absolute path is fine when it names a file inside the served folder.
        const real = await realpath(relPath).catch(() => null)
        if (!real) throw new CliError(`token: ${relPath} does not exist.`, NOT_FOUND_EXIT)
        if (!isInside(desk.files.root, real)) throw new CliError(`token: ${relPath} is outside the served folder ${root}.`)
        relPath = relPathOf(desk.files.root, real)
      }
      const appId = values.app !== undefined ? findAppId(desk.db, values.app) : undefined
      let issued
      try {
        issued = await desk.issueToken(relPath, {
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
      io.out(JSON.stringify({ fileId: issued.fileId, wopiSrc: issued.wopiSrc, accessToken: issued.accessToken, accessTokenTtl: issued.accessTokenTtl }))
      return 0
    } finally {
      await desk.close()
    }
  },
}
