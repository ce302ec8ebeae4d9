import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'

// A rename is durable once its folder is fsynced. Saves that land in the same folder at the same time need
// only one folder fsync between them, as long as it starts after each of their renames (a group commit): with
// 16 editors saving into one folder, that halves the fsyncs per save and takes the thread pool back for
// everyone else's requests.

export type DirectorySync = (dir: string) => Promise<void>

/** fsync of one folder; Windows cannot open folders, and needs no such step. */
export async function fsyncDirectoryOnce(dir: string): Promise<void> {
  let handle: FileHandle | undefined
  try {
    // O_DIRECTORY: a FIFO or device swapped in for the folder is refused, never opened (and never blocks).
    handle = await open(dir, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0))
    await handle.sync()
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EACCES') throw error
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

interface FolderState {
  /** the fsync running now: it may have started before a new caller's rename, so it does not cover them */
  running: Promise<void> | null
  /** the fsync that starts when `running` ends: it covers everyone who asked while it waited */
  queued: Promise<void> | null
}

/** Resolves each caller once an fsync of `dir` that started after the call has finished. */
export function createDirectorySync(fsyncOnce: DirectorySync = fsyncDirectoryOnce): DirectorySync {
  const folders = new Map<string, FolderState>()

  return function syncDirectory(dir) {
    let state = folders.get(dir)
    if (!state) {
      state = { running: null, queued: null }
      folders.set(dir, state)
    }
    if (state.queued) return state.queued
    const folder = state
    const start = async (): Promise<void> => {
      folder.queued = null
      const run = fsyncOnce(dir)
      folder.running = run
      try {
        await run
      } finally {
        folder.running = null
        if (!folder.queued && folders.get(dir) === folder) folders.delete(dir)
      }
    }
    if (!folder.running) return start()
    folder.queued = folder.running.then(start, start)
    return folder.queued
  }
}

/** One per process: the folders it syncs are the process's, whichever store or bin renamed into them. */
export const syncDirectory: DirectorySync = createDirectorySync()
