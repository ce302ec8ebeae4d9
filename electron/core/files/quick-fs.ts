import {
  closeSync,
  constants,
  fstatSync,
  lstat as lstatCallback,
  lstatSync,
  openSync,
  readSync,
  statfsSync,
  unlinkSync,
  writeFileSync,
  type BigIntStats,
} from 'node:fs'
import { lstat, open, unlink, writeFile } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { performance } from 'node:perf_hooks'
import { silentLog, type Log } from '../deps'
import { openConfinedFolder, openConfinedFolderSync } from './confined-folder'
import { PathError, isInside } from './path-confinement'

// The host's small file-system calls (the lstat behind every CheckFileInfo, the owner files LibreOffice and
// Office leave next to documents, our own) cost more through libuv's thread pool than the work itself: the call
// is queued, a worker thread is woken, and it waits behind any fsync of a save in progress (measured on two
// cores: ~35 us of the host's ~105 us CPU per CheckFileInfo; Lock and Unlock of an office document 10-13 ms
// during concurrent saves instead of 3). On a local disk each of these is a microsecond-scale call into the
// kernel's caches, so there they run synchronously. On a network or FUSE filesystem a synchronous call could
// stall every request behind a slow server, so those keep the thread pool; and when synchronous calls turn out
// slow (a cold disk, a filesystem we misjudged) the switch to the thread pool is for good. One slow call proves
// little (on a busy machine the event loop is preempted whatever it does), so it takes one real stall, or slow
// calls in a tenth of the recent ones.

/** statfs f_type values of Linux filesystems that live on this machine (linux/magic.h). */
const LOCAL_LINUX_FILESYSTEMS = new Set([
  0xef53, // ext2/3/4
  0x58465342, // xfs
  0x9123683e, // btrfs
  0x01021994, // tmpfs
  0x794c7630, // overlayfs
  0x2fc12fc1, // zfs
  0xf2f52010, // f2fs
  0xca451a4e, // bcachefs
  0x3153464a, // jfs
  0x52654973, // reiserfs
])

export interface SlowCallPolicy {
  /** a synchronous call slower than this counts as slow */
  slowMs: number
  /** how many recent calls are weighed */
  window: number
  /** this many slow calls among them switch to the thread pool */
  maxSlow: number
  /** one call this slow switches at once */
  stallMs: number
}

export const DEFAULT_SLOW_CALL_POLICY: SlowCallPolicy = { slowMs: 5, window: 200, maxSlow: 20, stallMs: 250 }

export type QuickFsMode = 'sync' | 'async'

/** Small file-system calls; every method answers a promise, whichever way it ran. */
export interface QuickFs {
  /** lstat with bigint times; null when nothing is there (ENOENT, ENOTDIR) */
  lstat(path: string): Promise<BigIntStats | null>
  /** up to `maxBytes` from the start of a file; null when it does not exist (ENOENT, ENOTDIR, EISDIR) */
  readSmall(path: string, maxBytes: number): Promise<Buffer | null>
  /** writes a whole small file; `exclusive` fails with EEXIST rather than replace one */
  writeSmall(path: string, content: string, exclusive: boolean): Promise<void>
  /** removes a file; false when it was not there */
  unlink(path: string): Promise<boolean>
  mode(): QuickFsMode
}

/** 'sync' only for a Linux filesystem known to be local; everything else (and any doubt) is 'async'. */
export function quickFsModeFor(root: string, platform: NodeJS.Platform = process.platform): QuickFsMode {
  if (platform !== 'linux' || !root) return 'async'
  try {
    return LOCAL_LINUX_FILESYSTEMS.has(statfsSync(root).type) ? 'sync' : 'async'
  } catch {
    return 'async'
  }
}

const ABSENT = new Set(['ENOENT', 'ENOTDIR'])
// ENAMETOOLONG: `.~lock.<name>#` of a 248-255 byte name cannot exist, so nobody holds that owner file.
// ELOOP: a symbolic link in an owner file's place is not an owner file a desktop program wrote.
const NOT_A_READABLE_FILE = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG', 'ELOOP'])

// Small files are read and written only when they are regular files: opening a FIFO for reading blocks until a
// writer comes (the whole event loop in sync mode), opening a device may do anything. The type is checked
// with lstat before the open, and again on the descriptor, which O_NONBLOCK and O_NOFOLLOW keep from blocking
// or following a link swapped in between.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0)
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0)
const writeFlags = (exclusive: boolean) => WRITE_FLAGS | (exclusive ? constants.O_EXCL : constants.O_TRUNC)

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code ?? ''

function lstatInPool(path: string): Promise<BigIntStats | null> {
  return new Promise((resolve, reject) => {
    lstatCallback(path, { bigint: true }, (error, stats) => {
      if (!error) resolve(stats)
      else if (ABSENT.has(error.code ?? '')) resolve(null)
      else reject(error)
    })
  })
}

async function readSmallInPool(path: string, maxBytes: number): Promise<Buffer | null> {
  try {
    if (!(await lstat(path)).isFile()) return null
    const handle = await open(path, READ_FLAGS)
    try {
      if (!(await handle.stat()).isFile()) return null
      const buffer = Buffer.alloc(maxBytes)
      const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0)
      return buffer.subarray(0, bytesRead)
    } finally {
      await handle.close()
    }
  } catch (error) {
    if (NOT_A_READABLE_FILE.has(codeOf(error))) return null
    throw error
  }
}

function readSmallNow(path: string, maxBytes: number): Buffer | null {
  try {
    if (!lstatSync(path).isFile()) return null
    const fd = openSync(path, READ_FLAGS)
    try {
      if (!fstatSync(fd).isFile()) return null
      const buffer = Buffer.alloc(maxBytes)
      return buffer.subarray(0, readSync(fd, buffer, 0, maxBytes, 0))
    } finally {
      closeSync(fd)
    }
  } catch (error) {
    if (NOT_A_READABLE_FILE.has(codeOf(error))) return null
    throw error
  }
}

const inPool = {
  lstat: lstatInPool,
  readSmall: readSmallInPool,
  writeSmall: (path: string, content: string, exclusive: boolean) => writeFile(path, content, { flag: writeFlags(exclusive) }),
  unlink: (path: string) =>
    unlink(path).then(
      () => true,
      (error: unknown) => {
        if (ABSENT.has(codeOf(error))) return false
        throw error
      },
    ),
}

const now = {
  lstat: (path: string) => {
    try {
      return lstatSync(path, { bigint: true, throwIfNoEntry: false }) ?? null
    } catch (error) {
      if (ABSENT.has(codeOf(error))) return null
      throw error
    }
  },
  readSmall: readSmallNow,
  writeSmall: (path: string, content: string, exclusive: boolean) => {
    const fd = openSync(path, writeFlags(exclusive), 0o666)
    try {
      writeFileSync(fd, content)
    } finally {
      closeSync(fd)
    }
  },
  unlink: (path: string) => {
    try {
      unlinkSync(path)
      return true
    } catch (error) {
      if (ABSENT.has(codeOf(error))) return false
      throw error
    }
  },
}

export function createQuickFs(deps: { root: string; log: Log; mode?: QuickFsMode; policy?: SlowCallPolicy; now?: () => number }): QuickFs {
  let mode = deps.mode ?? quickFsModeFor(deps.root)
  const policy = deps.policy ?? DEFAULT_SLOW_CALL_POLICY
  const clock = deps.now ?? (() => performance.now())
  const recentSlow = new Uint8Array(policy.window)
  let next = 0
  let slowCount = 0

  function weigh(took: number): void {
    const slow = took > policy.slowMs ? 1 : 0
    slowCount += slow - recentSlow[next]!
    recentSlow[next] = slow
    next = (next + 1) % policy.window
    if (took > policy.stallMs || slowCount >= policy.maxSlow) {
      mode = 'async'
      deps.log.warn('file system calls are slow on this folder; making them in the background from now on', {
        ms: Math.round(took),
        slowCalls: slowCount,
      })
    }
  }

  /** Runs the synchronous form, timed, as a settled promise (a thrown error becomes a rejection). */
  function timed<T>(run: () => T): Promise<T> {
    const started = clock()
    try {
      return Promise.resolve(run())
    } catch (error) {
      return Promise.reject(error)
    } finally {
      weigh(clock() - started)
    }
  }

  // Opens, writes and unlinks in the served folder go through its verified folder (confined-folder.ts), so a
  // folder swapped for a link at that moment cannot send them outside. The lstat before a read stays a plain
  // call: for the usual answer (nothing there) it is all there is to do.
  const confineTo = deps.root
  const confined = (path: string) => confineTo !== '' && isInside(confineTo, dirname(path))

  function inFolderNow<T>(path: string, run: (at: string) => T): T {
    if (!confined(path)) return run(path)
    const folder = openConfinedFolderSync(confineTo, dirname(path))
    try {
      return run(folder.at(basename(path)))
    } finally {
      folder.close()
    }
  }

  async function inFolder<T>(path: string, run: (at: string) => Promise<T>): Promise<T> {
    if (!confined(path)) return run(path)
    const folder = await openConfinedFolder(confineTo, dirname(path))
    try {
      return await run(folder.at(basename(path)))
    } finally {
      folder.close()
    }
  }

  /** A folder that left the served one holds no owner file of ours: nothing to read there. */
  function unlessOutside(error: unknown): null {
    if (error instanceof PathError) return null
    throw error
  }

  async function readSmall(path: string, maxBytes: number): Promise<Buffer | null> {
    let present: BigIntStats | null
    try {
      present = mode === 'sync' ? await timed(() => now.lstat(path)) : await inPool.lstat(path)
    } catch (error) {
      if (NOT_A_READABLE_FILE.has(codeOf(error))) return null
      throw error
    }
    if (!present?.isFile()) return null
    if (mode === 'sync') {
      return timed(() => {
        try {
          return inFolderNow(path, (at) => now.readSmall(at, maxBytes))
        } catch (error) {
          return unlessOutside(error)
        }
      })
    }
    return inFolder(path, (at) => inPool.readSmall(at, maxBytes)).catch(unlessOutside)
  }

  return {
    lstat: (path) => (mode === 'sync' ? timed(() => now.lstat(path)) : inPool.lstat(path)),
    readSmall,
    writeSmall: (path, content, exclusive) =>
      mode === 'sync'
        ? timed(() => inFolderNow(path, (at) => now.writeSmall(at, content, exclusive)))
        : inFolder(path, (at) => inPool.writeSmall(at, content, exclusive)),
    unlink: (path) =>
      mode === 'sync' ? timed(() => inFolderNow(path, (at) => now.unlink(at))) : inFolder(path, (at) => inPool.unlink(at)),
    mode: () => mode,
  }
}

/** Everything through the thread pool: for callers that have no served folder to judge (tools, tests). */
export const backgroundFs: QuickFs = createQuickFs({ root: '', log: silentLog, mode: 'async' })
