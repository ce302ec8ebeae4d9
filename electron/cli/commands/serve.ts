import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { ApiError } from '../../contract/envelope'
import { createHost, type Host } from '../../core/host'
import { consoleLog } from '../../core/deps'
import { readServeInfo, removeServeInfo, writeServeInfo } from '../../core/server/serve-info'
import { PortInUseError } from '../../core/server/wopi-listener'
import { DEFAULT_PORT } from '../../core/settings/defaults'
import { normalisePublicUrl } from '../../core/settings/settings'
import { CliError } from '../cli-error'
import type { CliCommand } from '../commands'
import type { CliIo } from '../io'
import { parseFlags, parsePort, requireFlag } from '../parse-flags'

// `serve`: the WOPI host over one folder, headless. Runs until SIGINT/SIGTERM; leaves <data>/serve.json for
// the other commands on the same data folder while it runs.

const usage = 'wopi-desk serve --root <folder> --data <dir> [--port <n>] [--bind <addr>] [--public-url <url>]'

function requireFolder(path: string): void {
  let isDir = false
  try {
    isDir = statSync(path).isDirectory()
  } catch {
    throw new CliError(`serve: folder not found: ${path}. Create it or pass another --root.`)
  }
  if (!isDir) throw new CliError(`serve: ${path} is a file; --root must be a folder.`)
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Serve a folder to WOPI editors (Collabora, ONLYOFFICE, Office Online Server) until stopped.',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags(
      'serve',
      argv,
      { root: { type: 'string' }, data: { type: 'string' }, port: { type: 'string' }, bind: { type: 'string' }, 'public-url': { type: 'string' } },
      { min: 0, max: 0, usage },
    )
    const root = resolve(io.cwd, requireFlag('serve', values.root, '--root', usage))
    const dataDir = resolve(io.cwd, requireFlag('serve', values.data, '--data', usage))
    const port = parsePort('serve', values.port)
    if (values.bind !== undefined && !values.bind.trim()) throw new CliError('serve: --bind needs an address, e.g. 127.0.0.1 or 0.0.0.0.')
    let publicUrl: string | undefined
    if (values['public-url'] !== undefined) {
      try {
        publicUrl = normalisePublicUrl(values['public-url'])
      } catch (error) {
        throw new CliError(`serve: --public-url: ${(error as Error).message}`)
      }
    }
    requireFolder(root)
    const running = await readServeInfo(dataDir)
    if (running && running.pid !== process.pid) {
      throw new CliError(`serve: another WOPI Desk host (pid ${running.pid}) already serves ${dataDir} at ${running.wopiBase}; stop it first or use another --data.`)
    }

    let desk: Host
    try {
      desk = await createHost({
        dataDir,
        root,
        ...(port !== undefined ? { port } : {}),
        ...(values.bind !== undefined ? { bind: values.bind.trim() } : {}),
        ...(publicUrl !== undefined ? { publicUrl } : {}),
        log: consoleLog((line) => io.err(line)),
      })
    } catch (error) {
      if (error instanceof PortInUseError) throw new CliError(`serve: port ${error.port || port || DEFAULT_PORT} is in use; pick another with --port.`)
      if (error instanceof ApiError) throw new CliError(`serve: ${error.message}`)
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
        throw new CliError(`serve: cannot listen on ${values.bind}: no such address on this machine; check --bind.`)
      }
      if (code === 'EACCES') throw new CliError(`serve: not allowed to listen on port ${port}; pick a port above 1023 with --port.`)
      throw error
    }

    const listening = `http://${desk.settings.get().bind}:${desk.wopi.port}`
    io.out(`WOPI host: ${desk.wopi.url}`)
    if (desk.wopi.url !== listening) io.out(`Listening on: ${listening}`)
    io.out(`Serving: ${root}`)
    io.out(`Data: ${dataDir}`)
    await writeServeInfo(dataDir, { pid: process.pid, wopiBase: desk.wopi.url, startedAt: Date.now() })
    try {
      const signal = await io.waitForStop()
      io.out(`Stopping (${signal}).`)
    } finally {
      await desk.close()
      await removeServeInfo(dataDir, process.pid)
    }
    return 0
  },
}
