import { existsSync, statSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { ApiError } from '../../contract/envelope'
import { EditorPortInUseError, listen, openDesk, type Desk } from '../../core/desk'
import { DB_FILE_NAME } from '../../core/db/open-db'
import { consoleLog } from '../../core/deps'
import { defaultServedFolder, ensureWelcomeFolder } from '../../core/files/welcome-folder'
import { tuneHeapForFileServing } from '../../core/server/heap-tuning'
import { processStartTime, readLiveServeInfo, removeServeInfo, writeServeInfo } from '../../core/server/serve-info'
import { PortInUseError } from '../../core/server/wopi-listener'
import { DEFAULT_PORT } from '../../core/settings/defaults'
import { normalisePublicUrl } from '../../core/settings/settings'
import { appPaths } from '../app-paths'
import { command } from '../invocation'
import { dataDirOption } from '../data-dir'
import { CliError } from '../cli-error'
import type { CliCommand } from '../commands'
import type { CliIo } from '../io'
import { parseFlags, parsePort } from '../parse-flags'
import { storedRoot } from '../../core/settings/stored-root'

// `serve`: the WOPI host over one folder, headless, with the console in the browser. Runs until SIGINT/SIGTERM;
// leaves <data>/serve.json for the other commands on the same data folder while it runs. Without arguments it
// serves the folder chosen last time, else ~/WOPI Desk (created with a welcome document), with the built-in
// editor: the embedded default a newcomer starts from.

const usage =
  'wopi-desk serve [--root <folder>] [--data <dir>] [--port <n>] [--bind <addr>] [--public-url <url>] [--console-port <n>] [--editor-port <n>]'

function requireFolder(path: string): void {
  let isDir = false
  try {
    isDir = statSync(path).isDirectory()
  } catch {
    throw new CliError(`serve: folder not found: ${path}. Create it or pass another --root.`)
  }
  if (!isDir) throw new CliError(`serve: ${path} is a file; --root must be a folder.`)
}

async function undoFailedStart(dataDir: string, folderExisted: boolean, databaseExisted: boolean): Promise<void> {
  if (!folderExisted) return rm(dataDir, { recursive: true, force: true })
  if (databaseExisted) return
  for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(join(dataDir, DB_FILE_NAME + suffix), { force: true })
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Serve a folder to WOPI editors and the console in your browser until stopped (defaults: ~/WOPI Desk, the built-in editor).',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags(
      'serve',
      argv,
      {
        root: { type: 'string' },
        data: { type: 'string' },
        port: { type: 'string' },
        bind: { type: 'string' },
        'public-url': { type: 'string' },
        'console-port': { type: 'string' },
        'editor-port': { type: 'string' },
      },
      { min: 0, max: 0, usage },
    )
    const home = io.env['HOME'] || homedir()
    const dataDir = dataDirOption(values.data, io)
    const port = parsePort('serve', values.port)
    const consolePort = parsePort('serve', values['console-port']) ?? 0
    const editorPort = parsePort('serve', values['editor-port'])
    if (values.bind !== undefined && !values.bind.trim()) throw new CliError('serve: --bind needs an address, e.g. 127.0.0.1 or 0.0.0.0.')
    let publicUrl: string | undefined
    if (values['public-url'] !== undefined) {
      try {
        publicUrl = normalisePublicUrl(values['public-url'])
      } catch (error) {
        throw new CliError(`serve: --public-url: ${(error as Error).message}`)
      }
    }

    let root: string
    if (values.root !== undefined) {
      root = resolve(io.cwd, values.root)
      requireFolder(root)
    } else {
      let remembered: string | null
      try {
        remembered = storedRoot(dataDir)
      } catch (error) {
        throw new CliError(`serve: cannot open the data folder ${dataDir}: ${(error as Error).message}`, 1)
      }
      root = remembered ?? defaultServedFolder(home)
      if (!remembered && (await ensureWelcomeFolder(root)) === 'created') io.out(`Created ${root} with a welcome document.`)
      requireFolder(root)
    }

    // A record whose host does not answer is left over from a crash (its pid may belong to anything by now):
    // this start replaces it.
    const running = await readLiveServeInfo(dataDir)
    if (running && running.pid !== process.pid) {
      throw new CliError(
        `serve: another WOPI Desk host (pid ${running.pid}) already serves ${dataDir} at ${running.wopiBase}; stop it first or use another --data.`,
      )
    }

    tuneHeapForFileServing()
    // A serve that fails to start leaves the data folder as it found it: no database in a folder it just created.
    const dataFolderExisted = existsSync(dataDir)
    const databaseExisted = existsSync(join(dataDir, DB_FILE_NAME))
    let desk: Desk | null = null
    try {
      desk = await openDesk({
        dataDir,
        root,
        ...(port !== undefined ? { port } : {}),
        ...(values.bind !== undefined ? { bind: values.bind.trim() } : {}),
        ...(publicUrl !== undefined ? { publicUrl } : {}),
        staticDir: appPaths.staticDir,
        resourcesDir: appPaths.resourcesDir,
        ...(appPaths.requestLogWorker ? { requestLogWorker: appPaths.requestLogWorker } : {}),
        appVersion: appPaths.version,
        env: io.env,
        log: consoleLog((line) => io.err(line)),
      })
      await listen(desk, {
        wopi: true,
        console: { port: consolePort, urlCommand: command(io.env, appPaths.root, 'console') },
        // A taken editor port is refused like a taken WOPI port, rather than silently moved.
        editor: { ...(editorPort !== undefined ? { port: editorPort } : {}), whenPortTaken: 'refuse' },
        scheduler: true,
      })
    } catch (error) {
      await desk?.close()
      await undoFailedStart(dataDir, dataFolderExisted, databaseExisted)
      if (error instanceof EditorPortInUseError) {
        throw new CliError(
          `serve: the built-in editor's port ${error.port} is in use; pick another with --editor-port (0 lets the system choose).`,
        )
      }
      if (error instanceof PortInUseError)
        throw new CliError(`serve: port ${error.port || port || DEFAULT_PORT} is in use; pick another with --port.`)
      if (error instanceof ApiError) throw new CliError(`serve: ${error.message}`)
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
        throw new CliError(`serve: cannot listen on ${values.bind}: no such address on this machine; check --bind.`)
      }
      if (code === 'EADDRINUSE')
        throw new CliError(
          `serve: a port WOPI Desk needs is in use (${(error as Error).message}); pick others with --console-port or --editor-port.`,
        )
      if (code === 'EACCES') throw new CliError(`serve: not allowed to listen on port ${port}; pick a port above 1023 with --port.`)
      throw error
    }

    const host = desk.host
    const listening = `http://${host.settings.get().bind}:${host.wopi.port}`
    try {
      // serve.json first: whoever waits for the lines below (a script, a test) may run `token` or `open` at once.
      const pidStartTime = processStartTime(process.pid)
      await writeServeInfo(dataDir, {
        pid: process.pid,
        ...(pidStartTime !== null ? { pidStartTime } : {}),
        wopiBase: host.wopi.url,
        listenUrl: desk.hostPageOrigin,
        hostPageOrigin: desk.hostPageOrigin,
        ...(desk.console ? { consoleUrl: desk.console.url, consoleSecret: desk.console.secret } : {}),
        ...(desk.editor ? { editorOrigin: desk.editor.origin } : {}),
        startedAt: Date.now(),
      })
      io.out(`WOPI host: ${host.wopi.url}`)
      if (host.wopi.url !== listening) io.out(`Listening on: ${listening}`)
      io.out(`Serving: ${root}`)
      io.out(`Data: ${dataDir}`)
      if (desk.editor) io.out(`Built-in editor: ${desk.editor.origin}`)
      if (desk.console) io.out(`Console: ${desk.console.loginUrl}`)
      const signal = await io.waitForStop()
      io.out(`Stopping (${signal}).`)
    } finally {
      await desk.close()
      await removeServeInfo(dataDir, process.pid)
    }
    return 0
  },
}
