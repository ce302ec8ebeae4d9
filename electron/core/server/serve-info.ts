import { readFileSync } from 'node:fs'
import { chmod, readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

// <data>/serve.json tells short-lived CLI commands on the same data folder (token, open, ...) that a host is
// running and where: they put its WOPI base into the WOPISrc they print.

export const SERVE_INFO_FILE = 'serve.json'

export interface ServeInfo {
  pid: number
  /**
   * When that process started, as the OS counts it (Linux: /proc/<pid>/stat); absent where it cannot be read.
   * A pid is reused after a crash and a reboot; pid and start time together are not.
   */
  pidStartTime?: string
  /** what editors are told to call (the public URL when one is set) */
  wopiBase: string
  startedAt: number
  /** where this computer reaches the WOPI listener (and the host page) */
  listenUrl?: string
  hostPageOrigin?: string
  /** the console's HTTP API on 127.0.0.1 and its per-launch secret: `open` creates sessions through it */
  consoleUrl?: string
  consoleSecret?: string
  editorOrigin?: string
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The start time of a process as the OS records it (Linux), or null where it cannot be read. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Field 2 (the command name) is in parentheses and may hold spaces; starttime is field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[19] ?? null
  } catch {
    return null
  }
}

/** The pid is alive and, where the OS says when it started, it is the process that wrote the record. */
function recordedProcessAlive(info: Pick<ServeInfo, 'pid' | 'pidStartTime'>): boolean {
  if (!processAlive(info.pid)) return false
  if (info.pidStartTime === undefined) return true
  const now = processStartTime(info.pid)
  return now === null || now === info.pidStartTime
}

export async function writeServeInfo(dataDir: string, info: ServeInfo): Promise<void> {
  const path = join(dataDir, SERVE_INFO_FILE)
  await writeFile(path, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 })
  // mode applies only when the file is created: a leftover file keeps its old mode otherwise.
  await chmod(path, 0o600)
}

/** The running host's info, or null when there is none (no file, unreadable, or its process is gone). */
export async function readServeInfo(dataDir: string): Promise<ServeInfo | null> {
  try {
    const info = JSON.parse(await readFile(join(dataDir, SERVE_INFO_FILE), 'utf8')) as Partial<ServeInfo>
    if (typeof info.pid !== 'number' || typeof info.wopiBase !== 'string' || typeof info.startedAt !== 'number') return null
    return recordedProcessAlive(info as ServeInfo) ? (info as ServeInfo) : null
  } catch {
    return null
  }
}

const PROBE_TIMEOUT_MS = 3000

/**
 * Does the host this record names still answer? Start-up asks before it refuses to run: a pid alone can belong
 * to another program now. The console's per-launch secret identifies exactly the launch that wrote the record
 * (its login answers 303 only to that secret); a record without one is asked a WOPI question instead.
 */
export async function serveInfoAnswers(info: ServeInfo, fetchImpl: typeof fetch = fetch): Promise<boolean> {
  const signal = AbortSignal.timeout(PROBE_TIMEOUT_MS)
  try {
    // The secret only ever goes to this computer's console (a record naming another host is not trusted with it).
    if (info.consoleUrl && info.consoleSecret && isLoopbackUrl(info.consoleUrl)) {
      const login = new URL(info.consoleUrl)
      login.pathname = '/'
      login.search = `?key=${encodeURIComponent(info.consoleSecret)}`
      const response = await fetchImpl(login, { redirect: 'manual', signal })
      await response.body?.cancel()
      return response.status === 303
    }
    const response = await fetchImpl(`${(info.listenUrl ?? info.wopiBase).replace(/\/+$/, '')}/wopi/files/probe`, {
      redirect: 'manual',
      signal,
    })
    await response.body?.cancel()
    return response.status === 401 && (response.headers.get('x-wopi-servererror') ?? '').includes('access token')
  } catch {
    return false
  }
}

function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)
  } catch {
    return false
  }
}

/** The running host's info when it really runs: readServeInfo, then the host it names must answer. */
export async function readLiveServeInfo(dataDir: string, fetchImpl: typeof fetch = fetch): Promise<ServeInfo | null> {
  const info = await readServeInfo(dataDir)
  if (!info) return null
  return (await serveInfoAnswers(info, fetchImpl)) ? info : null
}

/** Removes serve.json if it is still ours (a newer serve may have replaced it). */
export async function removeServeInfo(dataDir: string, pid: number): Promise<void> {
  const path = join(dataDir, SERVE_INFO_FILE)
  try {
    const info = JSON.parse(await readFile(path, 'utf8')) as Partial<ServeInfo>
    if (info.pid === pid) await unlink(path)
  } catch {
    // nothing to remove
  }
}
