import { createWriteStream } from 'node:fs'
import { link, lstat, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Random } from '../deps'
import { syncDirectory } from './directory-sync'
import { tempFileName } from './temp-files'

/** The body grew past the configured limit: nothing was written (413 for WOPI). */
export class SizeLimitError extends Error {
  readonly limit: number
  constructor(limit: number) {
    super(`the content is larger than the limit of ${limit} bytes`)
    this.name = 'SizeLimitError'
    this.limit = limit
  }
}

export interface AtomicWriteOptions {
  /** absolute final path (a real path inside the served folder) */
  target: string
  source: Readable
  maxBytes: number
  random: Random
  /** permission bits for the new file; defaults to those of the file it replaces, else 0o666 minus umask */
  mode?: number
  /**
   * runs after the new bytes are durable in `tempPath` and before they replace the target: keeps the old
   * version and records the new state, so that the rename is the single step that makes the save happen
   */
  beforeCommit?: (bytes: number, tempPath: string) => Promise<void>
  /** the folder to fsync after the rename, when `target` names it through a descriptor (confined-folder.ts) */
  syncFolder?: string
  /** create only: fail with EEXIST rather than replace an existing file */
  noClobber?: boolean
}

const WRITE_CHUNK = 1024 * 1024

function sizeGuard(limit: number, counter: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counter.bytes += chunk.length
      if (counter.bytes > limit) callback(new SizeLimitError(limit))
      else callback(null, chunk)
    },
  })
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK'])

/** Puts `from` at `to` only if `to` does not exist: link() refuses to replace, rename() would not. */
export async function moveNoClobber(from: string, to: string): Promise<void> {
  try {
    await link(from, to)
    await unlink(from)
    return
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (!code || !NO_HARD_LINKS.has(code)) throw error
  }
  // Filesystems without hard links (FAT, some network shares): check, then rename.
  const exists = await lstat(to).then(
    () => true,
    () => false,
  )
  if (exists) throw Object.assign(new Error(`${basename(to)} already exists`), { code: 'EEXIST' })
  await rename(from, to)
}

/**
 * Streams `source` into a hidden temp file next to `target`, fsyncs it, then renames it over the target and
 * fsyncs the folder. A crash or a cut-off upload at any point leaves the old bytes in place; the temp file is
 * removed on every failure path. Memory stays flat: the body is never buffered whole.
 */
export async function writeAtomically(options: AtomicWriteOptions): Promise<{ bytes: number }> {
  const dir = dirname(options.target)
  const tempPath = join(dir, tempFileName(options.random))
  let mode = options.mode
  if (mode === undefined) {
    mode = await lstat(options.target).then(
      (stats) => stats.mode & 0o7777,
      () => 0o666,
    )
  }
  const counter = { bytes: 0 }
  let committed = false
  try {
    // flags 'wx': never reuse an existing file; flush: fsync before the stream closes its descriptor.
    const sink = createWriteStream(tempPath, { flags: 'wx', mode, flush: true, highWaterMark: WRITE_CHUNK })
    await pipeline(options.source, sizeGuard(options.maxBytes, counter), sink)
    await options.beforeCommit?.(counter.bytes, tempPath)
    if (options.noClobber) await moveNoClobber(tempPath, options.target)
    else await rename(tempPath, options.target)
    committed = true
    await syncDirectory(options.syncFolder ?? dir)
    return { bytes: counter.bytes }
  } finally {
    if (!committed) await unlink(tempPath).catch(() => undefined)
  }
}
