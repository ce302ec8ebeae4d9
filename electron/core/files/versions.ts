import { constants, createReadStream } from 'node:fs'
import { copyFile, link, mkdir, open, readdir, stat, unlink } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { writeAtomically } from './atomic-write'
import type { FileRow } from '../db/file-repo'
import type { VersionReason, VersionRepo, VersionRow } from '../db/version-repo'
import type { Clock, Log, Random } from '../deps'
import { randomId } from '../deps'
import { syncDirectory } from './directory-sync'
import { splitExtension } from './file-names'

/** Bytes already kept on disk, waiting for their row (written in the same transaction as the save). */
export type CapturedVersion = Omit<VersionRow, 'id'>

export interface VersionKeeper {
  /**
   * Keeps the bytes now at `path` as version `row.version`. Prefers a hard link to the current inode (no copy:
   * the save renames a new inode over the path, so the linked one is never written again); falls back to a
   * copy when the data folder is on another filesystem. Null when retention is 0.
   */
  capture(row: FileRow, path: string, size: number, reason: VersionReason): Promise<CapturedVersion | null>
  /** Records a captured version and drops the rows beyond the retention; synchronous, to run inside a transaction. */
  record(captured: CapturedVersion): { id: number; pruned: VersionRow[] }
  /** Records a captured version only (a save whose rename is still to come must not prune yet). */
  insert(captured: CapturedVersion): number
  /** Drops the rows of `fileId` beyond the retention; synchronous. Returns them for removeFiles. */
  prune(fileId: string): VersionRow[]
  /** Deletes one row (a save that did not happen after all). */
  forget(versionId: number): void
  /**
   * Start-up check after a crash: version files without a row (captured, then the save did not commit) are
   * removed, rows without a file are dropped. Returns how many of each it fixed.
   */
  reconcile(): Promise<{ orphanFiles: number; missingFiles: number }>
  /** Removes the files of pruned versions (after their rows are gone), or of a capture whose save failed. */
  removeFiles(versions: readonly Pick<VersionRow, 'storePath' | 'fileId'>[]): Promise<void>
  /**
   * Keeps bytes that never were the file's content (an editor's save refused because the file changed on disk) as
   * a version, so that "restore" can still bring them back. The same bytes refused twice in a row are kept once, and
   * a later refusal against the same disk content replaces the earlier one.
   * Null when retention is 0 or they repeat the last such version. Throws SizeLimitError past `maxBytes`.
   */
  keepUpload(row: FileRow, source: Readable, maxBytes: number, reason: VersionReason): Promise<VersionRow | null>
  /** capture + record + removeFiles, for callers without a transaction of their own */
  keep(row: FileRow, path: string, size: number, reason: VersionReason): Promise<VersionRow | null>
  list(fileId: string): VersionRow[]
  get(versionId: number): VersionRow | undefined
  pathOf(version: Pick<VersionRow, 'storePath'>): string
}

const COPY_INSTEAD = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK'])

async function copyDurably(from: string, to: string): Promise<void> {
  await copyFile(from, to, constants.COPYFILE_FICLONE)
  const handle = await open(to, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export function createVersionKeeper(deps: {
  repo: VersionRepo
  dataDir: string
  clock: Clock
  random: Random
  retention: () => number
  log: Log
}): VersionKeeper {
  const { repo, dataDir } = deps
  const folderOf = (fileId: string) => join(dataDir, 'versions', fileId)
  const pathOf = (version: Pick<VersionRow, 'storePath'>) => join(dataDir, ...version.storePath.split('/'))
  // Folders made by this process: saving the same file again needs no mkdir.
  const made = new Set<string>()
  async function folderMade(fileId: string, evenIfMade = false): Promise<string> {
    const folder = folderOf(fileId)
    if (evenIfMade || !made.has(folder)) {
      await mkdir(folder, { recursive: true })
      made.add(folder)
    }
    return folder
  }
  const recordOf = (row: FileRow, fileName: string, size: number, reason: VersionReason): CapturedVersion => ({
    fileId: row.id,
    version: row.version,
    relPath: row.relPath,
    storePath: ['versions', row.id, fileName].join('/'),
    size,
    createdAt: deps.clock.now(),
    reason,
  })

  const keeper: VersionKeeper = {
    async capture(row, path, size, reason) {
      if (deps.retention() <= 0) return null
      const folder = await folderMade(row.id)
      const fileName = versionFileName(row, deps.random)
      const target = join(folder, fileName)
      try {
        // No fsync of the versions folder here: the link is a metadata change on the document's own
        // filesystem, journaled before the rename that follows, and the caller's fsync of the document's
        // folder after that rename commits the journal with both.
        await link(path, target).catch(async (error: NodeJS.ErrnoException) => {
          // Our folder was removed behind our back (someone tidied the data folder): make it again, once.
          if (
            error.code !== 'ENOENT' ||
            !(await stat(path).then(
              () => true,
              () => false,
            ))
          )
            throw error
          await mkdir(folder, { recursive: true })
          await link(path, target)
        })
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (!code || !COPY_INSTEAD.has(code)) throw error
        // Another filesystem: nothing orders this copy before the rename, so make it durable on its own.
        await copyDurably(path, target)
        await syncDirectory(folder)
      }
      return recordOf(row, fileName, size, reason)
    },

    record(captured) {
      const id = keeper.insert(captured)
      return { id, pruned: keeper.prune(captured.fileId) }
    },

    insert: (captured) => repo.insert(captured),

    prune(fileId) {
      const pruned = repo.listForFile(fileId).slice(Math.max(0, deps.retention()))
      for (const old of pruned) repo.delete(old.id)
      return pruned
    },

    forget: (versionId) => repo.delete(versionId),

    async reconcile() {
      const known = new Set(repo.allStorePaths())
      let orphanFiles = 0
      let missingFiles = 0
      const root = join(dataDir, 'versions')
      for (const fileId of await readdir(root).catch(() => [] as string[])) {
        for (const name of await readdir(join(root, fileId)).catch(() => [] as string[])) {
          const storePath = ['versions', fileId, name].join('/')
          if (known.delete(storePath)) continue
          await unlink(join(root, fileId, name)).then(
            () => orphanFiles++,
            (error: NodeJS.ErrnoException) =>
              deps.log.warn('could not remove a version file without a record', { fileId, code: error.code }),
          )
        }
      }
      // What is left in `known` has a row but no file.
      for (const storePath of known) {
        repo.deleteByStorePath(storePath)
        missingFiles++
      }
      return { orphanFiles, missingFiles }
    },

    async removeFiles(versions) {
      for (const old of versions) {
        await unlink(pathOf(old)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') deps.log.warn('could not remove an old version', { fileId: old.fileId, code: error.code })
        })
      }
    },

    async keepUpload(row, source, maxBytes, reason) {
      if (deps.retention() <= 0) {
        source.resume()
        return null
      }
      // A refusal is rare, and the upload cannot be replayed if the folder was removed meanwhile: make sure of it.
      const folder = await folderMade(row.id, true)
      const fileName = versionFileName(row, deps.random)
      const target = join(folder, fileName)
      // Versions are private copies: no one else on the machine needs to read them.
      const { bytes } = await writeAtomically({ target, source, maxBytes, random: deps.random, mode: 0o600, noClobber: true })
      const previous = repo.listForFile(row.id).find((version) => version.reason === reason)
      if (previous && previous.size === bytes && (await digestOf(pathOf(previous))) === (await digestOf(target))) {
        await unlink(target)
        return null
      }
      // A later refused save against the same disk content holds the earlier one's edits and more: it takes the
      // earlier one's place, so an editor retrying every half minute cannot push real versions out.
      const superseded = previous?.version === row.version ? previous : undefined
      const captured = recordOf(row, fileName, bytes, reason)
      const { id, pruned } = keeper.record(captured)
      if (superseded) repo.delete(superseded.id)
      await keeper.removeFiles(superseded ? [...pruned, superseded] : pruned)
      return { id, ...captured }
    },

    async keep(row, path, size, reason) {
      const captured = await keeper.capture(row, path, size, reason)
      if (!captured) return null
      const { id, pruned } = keeper.record(captured)
      await keeper.removeFiles(pruned)
      return { id, ...captured }
    },

    list: (fileId) => repo.listForFile(fileId),
    get: (versionId) => repo.byId(versionId),
    pathOf,
  }
  return keeper
}

/** v<version>-<random><.ext>: the extension kept (when it is a plain one) so that a version opens in its program */
function versionFileName(row: FileRow, random: Random): string {
  const { ext } = splitExtension(row.relPath.split('/').pop() ?? '')
  return `v${row.version}-${randomId(random, 6)}${/^\.[A-Za-z0-9]{1,16}$/.test(ext) ? ext : ''}`
}

async function digestOf(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
