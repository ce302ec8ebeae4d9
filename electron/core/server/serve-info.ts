import { chmod, readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

// <data>/serve.json tells short-lived CLI commands on the same data folder (token, open, ...) that a host is
// running and where: they put its WOPI base into the WOPISrc they print.

export const SERVE_INFO_FILE = 'serve.json'

export interface ServeInfo {
  pid: number
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
    return processAlive(info.pid) ? (info as ServeInfo) : null
  } catch {
    return null
  }
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
