import { request } from 'node:http'
import { realpath } from 'node:fs/promises'
import { isAbsolute } from 'node:path'
import type { OpenRequest, OpenResult, PlaceDto } from '../../contract/dto'
import type { Envelope } from '../../contract/envelope'
import { BodyTooLargeError, readBoundedBody } from '../../core/read-bounded-body'
import { CONSOLE_COOKIE } from '../../core/server/console-auth'
import { readServeInfo, type ServeInfo } from '../../core/server/serve-info'
import { CliError, NOT_FOUND_EXIT } from '../cli-error'
import { appPaths } from '../app-paths'
import { command } from '../invocation'
import { dataDirOption } from '../data-dir'
import type { CliCommand } from '../commands'
import type { CliIo } from '../io'
import { parseFlags } from '../parse-flags'
import { outsideEveryPlace, pathInPlace, placeServingPath } from '../served-place'

// `open`: asks the running `serve` on the same data folder to open a document and prints its host page URL.
// The session must live inside serve (its token is kept only in serve's memory, for the host page), so this
// command does not open the database: it calls serve's console API over loopback with the per-launch secret
// serve.json holds (0600, readable only by this user).

const usage = 'wopi-desk open <path relative to root> [--data <dir>] [--app <app id or name>] [--action <name>] [--json]'
const REQUEST_TIMEOUT_MS = 60_000
const MAX_RESPONSE_BYTES = 1024 * 1024

/** serve.json with the console listener's address and secret (written by serve since the console listener). */
type ServeInfoWithConsole = ServeInfo & { consoleUrl?: unknown; consoleSecret?: unknown }

class HostGone extends Error {}

function notRunning(dataDir: string): CliError {
  return new CliError(
    `open: No WOPI Desk host is running for ${dataDir}. Start it with: ${command(process.env, appPaths.root, `serve --root <folder> --data ${dataDir}`)}`,
    2,
  )
}

// The host's messages are written for the console ("Refresh the Files page."); on a command line that advice
// points nowhere.
function forCommandLine(message: string): string {
  return message.replace(/\s*Refresh the Files page\.\s*$/, '')
}

/** Only a loopback http console gets the secret, whatever serve.json says. */
function consoleAddress(value: unknown): URL | null {
  if (typeof value !== 'string') return null
  try {
    const url = new URL(value)
    return url.protocol === 'http:' && url.hostname === '127.0.0.1' && url.port !== '' ? url : null
  } catch {
    return null
  }
}

function call<T>(
  consoleUrl: URL,
  secret: string,
  channel: string,
  args: unknown[],
): Promise<{ status: number; envelope: Envelope<T> | null }> {
  const body = Buffer.from(JSON.stringify({ args }), 'utf8')
  return new Promise((resolvePromise, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: Number(consoleUrl.port),
        path: `/api/call/${channel}`,
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': String(body.length),
          'X-WOPI-Desk': '1',
          Cookie: `${CONSOLE_COOKIE}=${secret}`,
          Host: `127.0.0.1:${consoleUrl.port}`,
        },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        readBoundedBody(res, MAX_RESPONSE_BYTES).then(
          (answer) => {
            let envelope: Envelope<T> | null = null
            try {
              envelope = JSON.parse(answer.toString('utf8')) as Envelope<T>
            } catch {
              envelope = null
            }
            resolvePromise({ status: res.statusCode ?? 0, envelope })
          },
          (error: unknown) => reject(error instanceof BodyTooLargeError ? new Error('the answer is too large') : error),
        )
      },
    )
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)))
    req.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET' ? new HostGone() : error),
    )
    req.end(body)
  })
}

async function callOrFail<T>(dataDir: string, consoleUrl: URL, secret: string, channel: string, args: unknown[]): Promise<T> {
  let answer
  try {
    answer = await call<T>(consoleUrl, secret, channel, args)
  } catch (error) {
    if (error instanceof HostGone) throw notRunning(dataDir)
    throw new CliError(`open: the WOPI Desk host did not answer: ${(error as Error).message}.`, 1)
  }
  if (answer.status === 401 || answer.status === 403) {
    throw new CliError(
      `open: the WOPI Desk host for ${dataDir} refused the request (its console secret does not match serve.json). Restart wopi-desk serve.`,
      2,
    )
  }
  if (!answer.envelope || typeof answer.envelope !== 'object' || !('ok' in answer.envelope)) {
    throw new CliError(`open: the WOPI Desk host answered HTTP ${answer.status} without a result.`, 1)
  }
  if (!answer.envelope.ok) throw new CliError(`open: ${forCommandLine(answer.envelope.error.message)}`, 1)
  return answer.envelope.value
}

export const openCommand: CliCommand = {
  name: 'open',
  summary: 'Open a document in its editor through the running serve; prints the host page URL to open in a browser.',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags(
      'open',
      argv,
      { data: { type: 'string' }, app: { type: 'string' }, action: { type: 'string' }, json: { type: 'boolean' } },
      { min: 1, max: 1, usage },
    )
    const dataDir = dataDirOption(values.data, io)
    if (values.app !== undefined && !values.app.trim()) throw new CliError('open: --app needs an app id or name (see: wopi-desk apps).')
    if (values.action !== undefined && !/^[A-Za-z_]{1,64}$/.test(values.action)) {
      throw new CliError(`open: --action takes an action name such as view or edit, got "${values.action}".`)
    }

    const info = (await readServeInfo(dataDir)) as ServeInfoWithConsole | null
    if (!info) throw notRunning(dataDir)
    const consoleUrl = consoleAddress(info.consoleUrl)
    if (!consoleUrl || typeof info.consoleSecret !== 'string' || !info.consoleSecret) {
      throw new CliError(
        `open: the WOPI Desk host running for ${dataDir} (pid ${info.pid}) does not take open requests; restart it with this version of wopi-desk serve.`,
        2,
      )
    }
    const secret = info.consoleSecret

    const request: OpenRequest = { path: positionals[0]! }
    if (isAbsolute(request.path)) {
      // An absolute path names a file of any place the host serves; the served folder's keep their relative form.
      const real = await realpath(request.path).catch(() => null)
      if (!real) throw new CliError(`open: ${request.path} does not exist.`, NOT_FOUND_EXIT)
      const places = await callOrFail<PlaceDto[]>(dataDir, consoleUrl, secret, 'places:list', [])
      const place = placeServingPath(places, real)
      if (!place) throw outsideEveryPlace('open', request.path, places)
      request.path = pathInPlace(place, real)
      if (!place.isRoot) request.place = place.id
    }

    if (values.app !== undefined) request.appId = values.app.trim()
    if (values.action !== undefined) request.action = values.action
    const result = await callOrFail<OpenResult>(dataDir, consoleUrl, secret, 'files:open', [request])
    io.out(values.json ? JSON.stringify(result) : result.hostPageUrl)
    return 0
  },
}
