import {
  closeSync,
  constants,
  existsSync,
  fstat as fstatCallback,
  fstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  type BigIntStats,
} from 'node:fs'
import { open, readlink, realpath, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { PathError, isInside } from './path-confinement'

// Confinement has to hold at the moment of each open, rename and unlink, not at the moment a path was checked:
// a folder of the served tree swapped for a symbolic link in between (`mv sub sub_real; ln -s /elsewhere sub`)
// would otherwise send the call outside. Node has no openat/renameat, but on Linux `/proc/self/fd/<n>/<name>`
// resolves through the open descriptor <n>, so a folder opened once and verified (the real path of the
// descriptor, read back from the kernel, is inside the root) is the folder every call through it reaches,
// whatever happens to the names above it. Elsewhere the folder's real path is checked just before the call.

const PROC_FD = '/proc/self/fd'
const hasProcFd = process.platform === 'linux' && existsSync(PROC_FD)
const O_DIRECTORY = constants.O_DIRECTORY ?? 0
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0
const O_NONBLOCK = constants.O_NONBLOCK ?? 0

/** Opens a document for reading without following a link in its place or blocking on a FIFO. */
export const READ_DOCUMENT_FLAGS = constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK

export interface ConfinedFolder {
  /** real path of the folder when it was opened (for messages, keys and the database, never for calls) */
  readonly real: string
  /** a path to `name` inside this very folder, valid until close() */
  at(name: string): string
  /** throws PathError when the folder has left the served folder since it was opened */
  recheck(): Promise<void>
  close(): void
}

function outside(what: string): PathError {
  return new PathError('outside', `${what} is no longer inside the served folder (a folder on its path was moved or replaced by a link).`)
}

/** The kernel's name for what descriptor `fd` refers to (Linux); a deleted entry gets " (deleted)". */
function descriptorTarget(fd: number): Promise<string> {
  return readlink(`${PROC_FD}/${fd}`)
}

function checkTarget(rootReal: string, target: string, what: string): string {
  if (target.endsWith(' (deleted)') || !isInside(rootReal, target)) throw outside(what)
  return target
}

/**
 * Opens `dir` (an absolute path, links inside the root allowed) and verifies that what was opened is inside
 * `rootReal`. Every call made through `at()` then lands in that folder.
 */
export async function openConfinedFolder(rootReal: string, dir: string): Promise<ConfinedFolder> {
  if (!hasProcFd) {
    const real = await realpath(dir).catch(mapMissing)
    checkTarget(rootReal, real, 'the folder')
    return {
      real,
      at: (name) => join(real, name),
      recheck: async () => {
        const now = await realpath(real).catch(mapMissing)
        if (now !== real) throw outside('the folder')
      },
      close: () => undefined,
    }
  }
  const handle = await open(dir, constants.O_RDONLY | O_DIRECTORY).catch(mapMissing)
  let real: string
  try {
    real = checkTarget(rootReal, await descriptorTarget(handle.fd), 'the folder')
  } catch (error) {
    await handle.close()
    throw error
  }
  let closed = false
  return {
    real,
    at: (name) => `${PROC_FD}/${handle.fd}/${name}`,
    recheck: async () => {
      checkTarget(rootReal, await descriptorTarget(handle.fd), 'the folder')
    },
    close: () => {
      if (closed) return
      closed = true
      // FileHandle.close is asynchronous; the descriptor number must not be reused while a call is using it,
      // and by now every call through at() has finished.
      void handle.close().catch(() => undefined)
    },
  }
}

/** Opens `dir` and checks, by the kernel's name for the descriptor, that it is inside `rootReal` (Linux). */
function openVerifiedSync(rootReal: string, dir: string): { fd: number; real: string } {
  let fd: number
  try {
    fd = openSync(dir, constants.O_RDONLY | O_DIRECTORY)
  } catch (error) {
    mapMissing(error as NodeJS.ErrnoException)
  }
  try {
    return { fd, real: checkTarget(rootReal, readlinkSync(`${PROC_FD}/${fd}`), 'the folder') }
  } catch (error) {
    closeSync(fd)
    throw error
  }
}

/** Synchronous form of openConfinedFolder for the small calls quick-fs makes on a local disk. */
export function openConfinedFolderSync(rootReal: string, dir: string): ConfinedFolder {
  if (!hasProcFd) {
    const real = realpathSync(dir)
    checkTarget(rootReal, real, 'the folder')
    return {
      real,
      at: (name) => join(real, name),
      recheck: async () => {
        if (realpathSync(real) !== real) throw outside('the folder')
      },
      close: () => undefined,
    }
  }
  const { fd, real } = openVerifiedSync(rootReal, dir)
  let closed = false
  return {
    real,
    at: (name) => `${PROC_FD}/${fd}/${name}`,
    recheck: async () => {
      checkTarget(rootReal, readlinkSync(`${PROC_FD}/${fd}`), 'the folder')
    },
    close: () => {
      if (closed) return
      closed = true
      closeSync(fd)
    },
  }
}

export async function withConfinedFolder<T>(rootReal: string, dir: string, task: (folder: ConfinedFolder) => Promise<T>): Promise<T> {
  const folder = await openConfinedFolder(rootReal, dir)
  try {
    return await task(folder)
  } finally {
    folder.close()
  }
}

function fstatBig(fd: number): Promise<BigIntStats> {
  return new Promise((resolve, reject) => fstatCallback(fd, { bigint: true }, (error, stats) => (error ? reject(error) : resolve(stats))))
}

/**
 * Verifies, after the open, that descriptor `fd` (opened from `path`) is a file inside `rootReal`: on Linux by
 * the kernel's own name for it, elsewhere by the real path of `path` naming the same inode. Returns its stats.
 */
export async function verifyOpenedInside(rootReal: string, fd: number, path: string, sync = false): Promise<BigIntStats> {
  if (sync && hasProcFd) {
    // Both answered from the kernel's memory for an open descriptor on a local disk: cheaper than two trips
    // through the thread pool (the caller says sync only for such a disk, see quick-fs.ts).
    const stats = fstatSync(fd, { bigint: true })
    checkTarget(rootReal, readlinkSync(`${PROC_FD}/${fd}`), 'the file')
    return stats
  }
  const stats = await fstatBig(fd)
  if (hasProcFd) {
    checkTarget(rootReal, await descriptorTarget(fd), 'the file')
    return stats
  }
  const real = await realpath(path)
  checkTarget(rootReal, real, 'the file')
  const named = await stat(real, { bigint: true })
  if (named.ino !== stats.ino || named.dev !== stats.dev) throw outside('the file')
  return stats
}

function mapMissing(error: NodeJS.ErrnoException): never {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR')
    throw new PathError('not-found', 'the folder does not exist in the served folder any more.')
  if (error.code === 'ELOOP') throw new PathError('outside', 'the folder is a symbolic link loop.')
  throw error
}

/** Verified folders kept open for a moment, for the stat behind every CheckFileInfo (see createFolderCache). */
export interface FolderCache {
  /** like openConfinedFolderSync; close() the folder after use as always */
  openSync(rootReal: string, dir: string): ConfinedFolder
}

interface CachedFolder {
  fd: number
  real: string
  openedAt: number
  users: number
  evicted: boolean
}

/**
 * Opening and closing the document's folder for every CheckFileInfo was ~3% of the host's CPU per request
 * (issue 11). A cached descriptor stays as safe as a fresh one because each use first asks the kernel where it
 * points now: only a folder still at the very path it was opened by is reused (a folder moved, replaced by a
 * link, or deleted since has another name, and is opened afresh through its path, and checked, as before).
 * Folders whose path went through a link are not cached. Kept at most `ttlMs`, then closed.
 */
export function createFolderCache(options: { ttlMs?: number; max?: number; now?: () => number } = {}): FolderCache {
  const ttlMs = options.ttlMs ?? 1000
  const max = options.max ?? 32
  const now = options.now ?? (() => performance.now())
  const folders = new Map<string, CachedFolder>()
  let sweeper: NodeJS.Timeout | null = null

  const release = (entry: CachedFolder) => {
    if (entry.evicted && entry.users === 0) closeSync(entry.fd)
  }
  const evict = (key: string, entry: CachedFolder) => {
    folders.delete(key)
    entry.evicted = true
    release(entry)
  }
  const sweep = () => {
    sweeper = null
    const cutoff = now() - ttlMs
    for (const [key, entry] of folders) if (entry.openedAt <= cutoff) evict(key, entry)
    if (folders.size > 0) schedule()
  }
  function schedule() {
    if (sweeper) return
    sweeper = setTimeout(sweep, ttlMs)
    sweeper.unref()
  }
  const handle = (rootReal: string, entry: CachedFolder): ConfinedFolder => {
    entry.users++
    let closed = false
    return {
      real: entry.real,
      at: (name) => `${PROC_FD}/${entry.fd}/${name}`,
      recheck: async () => {
        checkTarget(rootReal, readlinkSync(`${PROC_FD}/${entry.fd}`), 'the folder')
      },
      close: () => {
        if (closed) return
        closed = true
        entry.users--
        release(entry)
      },
    }
  }

  return {
    openSync(rootReal, dir) {
      if (!hasProcFd) return openConfinedFolderSync(rootReal, dir)
      const key = `${rootReal}\0${dir}`
      const cached = folders.get(key)
      if (cached) {
        if (now() - cached.openedAt < ttlMs && readlinkSync(`${PROC_FD}/${cached.fd}`) === cached.real) return handle(rootReal, cached)
        evict(key, cached)
      }
      const { fd, real } = openVerifiedSync(rootReal, dir)
      // Only a folder reached without links is kept: then "still named `dir`" means "still what `dir` opens".
      const entry: CachedFolder = { fd, real, openedAt: now(), users: 0, evicted: real !== dir || folders.size >= max }
      if (!entry.evicted) {
        folders.set(key, entry)
        schedule()
      }
      return handle(rootReal, entry)
    },
  }
}
