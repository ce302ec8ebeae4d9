import { execFileSync } from 'node:child_process'
import { open } from 'node:fs/promises'
import { join } from 'node:path'

// A small tmpfs stands in for a full disk. Mounting needs root (as in CI's container); elsewhere the tests that
// need it are skipped with the reason printed.

/** Mounts a tmpfs of `size` (e.g. '4m') on `dir`; returns why not when it cannot. */
export function mountTmpfs(dir: string, size: string): string | null {
  if (process.platform !== 'linux') return 'a tmpfs can only be mounted on Linux'
  if (process.getuid?.() !== 0) return 'mounting a small tmpfs needs root'
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' })
    return null
  } catch (error) {
    return `mount -t tmpfs failed: ${String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim()}`
  }
}

export function unmount(dir: string): void {
  try {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' })
  } catch {
    // Already gone: nothing to undo.
  }
}

/** Fills the filesystem of `dir` until it reports ENOSPC; returns the filler's path (remove it to free the space). */
export async function fillDisk(dir: string): Promise<string> {
  const path = join(dir, 'filler.bin')
  const handle = await open(path, 'w')
  const chunk = Buffer.alloc(16 * 1024, 0x55)
  try {
    for (;;) await handle.write(chunk)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  } finally {
    await handle.close().catch(() => undefined)
  }
  // Small writes may still fit in the last partial page: use them up too.
  const tail = await open(path, 'a')
  try {
    for (;;) await tail.write(Buffer.alloc(512, 0x55))
  } catch {
    // ENOSPC: full now.
  } finally {
    await tail.close().catch(() => undefined)
  }
  return path
}
