import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

// A real WOPI client for the end-to-end tests: LibreOffice Online (loolwsd, Collabora Online's predecessor),
// built for these machines and kept beside the repository in ../shared/tools/loolwsd (or wherever
// WOPI_DESK_LOOLWSD points). It is started per test file on a free loopback port and stopped with its whole
// process group. Where it is not available the suite skips itself and says why; nothing else depends on it.

export const LOOLWSD_DIR = resolve(process.env['WOPI_DESK_LOOLWSD'] ?? join('..', 'shared', 'tools', 'loolwsd'))

/** Debian's LibreOffice, which loolwsd loads as its document engine (the README's apt-get line). */
const LIBREOFFICE_PROGRAM = '/usr/lib/libreoffice/program'

/** Why the real-editor suite cannot run here, or null when it can. */
export function loolwsdUnavailable(): string | null {
  if (!existsSync(join(LOOLWSD_DIR, 'start.sh'))) {
    return `no LibreOffice Online build at ${LOOLWSD_DIR} (set WOPI_DESK_LOOLWSD to its folder; CI has it in ../shared/tools/loolwsd)`
  }
  if (process.platform !== 'linux') return 'the LibreOffice Online build runs on Linux only'
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'loolwsd runs without its chroot sandbox only as root'
  if (!existsSync(join(LIBREOFFICE_PROGRAM, 'libmergedlo.so'))) {
    return "Debian's LibreOffice is not installed: apt-get install -y libreoffice-writer-nogui libreoffice-impress-nogui libpoco-dev cpio"
  }
  try {
    const missing = execFileSync('ldd', [join(LOOLWSD_DIR, 'loolwsd')], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes('not found'))
      .map((line) => line.trim().split(/\s/)[0])
    if (missing.length) return `loolwsd cannot load ${missing.join(', ')}: apt-get install -y libpoco-dev`
  } catch (error) {
    return `ldd could not inspect loolwsd: ${(error as Error).message}`
  }
  return null
}

/** Whether Calc's user interface files are installed (the -nogui Calc package lacks them). */
export function calcAvailable(): boolean {
  return existsSync('/usr/lib/libreoffice/share/config/soffice.cfg/modules/scalc/ui/sidebarnumberformat.ui')
}

export interface Loolwsd {
  origin: string
  log(): Promise<string>
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise<void>((done) => server.close(() => done()))
  return port
}

/** Starts loolwsd and waits until its discovery answers (about 2 s, longer on the first start). */
export async function startLoolwsd(timeoutMs = 90_000): Promise<Loolwsd> {
  const work = await mkdtemp(join(tmpdir(), 'wopi-desk-loolwsd-'))
  const port = await freePort()
  const started = spawn(join(LOOLWSD_DIR, 'start.sh'), [work], {
    env: { ...process.env, LOOL_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let printed = ''
  started.stdout.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk))
  started.stderr.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk))
  const code = await new Promise<number | null>((done) => started.once('exit', done))
  const pid = Number(printed.trim().split('\n').pop())
  if (code !== 0 || !Number.isInteger(pid)) throw new Error(`start.sh failed (exit ${code}): ${printed}`)
  const origin = `http://127.0.0.1:${port}`
  const stop = async () => {
    try {
      process.kill(-pid, 'SIGTERM')
    } catch {
      return
    }
    for (let i = 0; i < 50; i++) {
      try {
        process.kill(-pid, 0)
      } catch {
        break
      }
      await new Promise((done) => setTimeout(done, 100))
    }
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // gone already
    }
    await rm(work, { recursive: true, force: true })
  }
  // Should the runner die, loolwsd must not outlive it.
  const orphanGuard = () => {
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // gone already
    }
  }
  process.once('exit', orphanGuard)
  const log = () => readFile(join(work, 'loolwsd.log'), 'utf8').catch(() => '')
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      const answer = await fetch(`${origin}/hosting/discovery`)
      if (answer.ok && (await answer.text()).includes('<wopi-discovery')) {
        return {
          origin,
          log,
          stop: async () => {
            process.off('exit', orphanGuard)
            await stop()
          },
        }
      }
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 500))
  }
  const text = await log()
  await stop()
  throw new Error(`loolwsd did not answer ${origin}/hosting/discovery within ${timeoutMs} ms:\n${text.slice(-3000)}`)
}
