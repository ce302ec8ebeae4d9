import { lstat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Readable } from 'node:stream'
import type { BigIntStats } from 'node:fs'
import type { DiskState, FileRepo, FileRow } from '../db/file-repo'
import type { Db } from '../db/open-db'
import type { VersionReason } from '../db/version-repo'
import type { Clock, Log, Random } from '../deps'
import { writeAtomically } from './atomic-write'
import { diskStateOf, nextLastModified } from './change-detection'
import { withConfinedFolder } from './confined-folder'
import { errorCode } from './folder-entries'
import { PathError, isInside, relPathOf } from './path-confinement'
import type { QuickFs } from './quick-fs'
import { isWritableByUser, ReadOnlyFileError } from './read-only'
import type { CapturedVersion, VersionKeeper } from './versions'

// The file store's writes of bytes: an atomic save over a file (its previous content kept as a version) and the
// no-clobber create of a new file, each recorded in the database before the rename that makes it happen. Split
// from file-store.ts (issue 11); behaviour unchanged.

export interface WriterContext {
  db: Db
  files: FileRepo
  versions: VersionKeeper
  quickFs: QuickFs
  random: Random
  log: Log
  clock: Clock
  /** saves between their rename and their record, by file id: observers wait for them */
  commits: Map<string, Promise<void>>
  getLive(fileId: string): FileRow
  statConfined(row: FileRow): Promise<{ path: string; stats: BigIntStats }>
  requireRoot(): string
  requireServed(relPath: string, shown: string): void
  applyObserved(row: FileRow, disk: DiskState): FileRow
  firstRow(rootReal: string, relPath: string, disk: DiskState): FileRow
  retireStaleRow(relPath: string, keepId: string | null): void
}

export function createWriter(ctx: WriterContext): {
  replaceContent(fileId: string, source: Readable, options: { maxBytes: number; reason: VersionReason }): Promise<FileRow>
  createFile(dir: string, name: string, source: Readable, maxBytes: number): Promise<FileRow>
} {
  const {
    db,
    files,
    versions,
    quickFs,
    random,
    log,
    clock,
    commits,
    getLive,
    statConfined,
    requireRoot,
    requireServed,
    applyObserved,
    firstRow,
    retireStaleRow,
  } = ctx

  // The save's new state and the version it replaced, in one transaction that commits before the rename: the
  // rename is then the one step that makes the save happen. A database that cannot take the record (disk full,
  // busy) fails the save while the old bytes are still in place; a crash after the commit leaves the fsynced
  // temp file, which start-up renames into place (reconcile). Pruning old versions waits until the rename is done.
  const recordSave = db.transaction((fileId: string, next: FileRow, kept: CapturedVersion | null) => {
    files.setState(fileId, next)
    return kept ? versions.insert(kept) : null
  })
  const undoSave = db.transaction((fileId: string, previous: FileRow, versionId: number | null) => {
    files.setState(fileId, previous)
    if (versionId !== null) versions.forget(versionId)
  })

  async function replaceContent(fileId: string, source: Readable, options: { maxBytes: number; reason: VersionReason }): Promise<FileRow> {
    const row = getLive(fileId)
    const { path, stats: before } = await statConfined(row)
    if (!isWritableByUser(before)) throw new ReadOnlyFileError()
    const name = basename(path)
    return withConfinedFolder(requireRoot(), dirname(path), async (folder) => {
      const target = folder.at(name)
      let captured: CapturedVersion | null = null
      let recorded: { previous: FileRow; next: FileRow; versionId: number | null } | null = null
      let renamed = false
      let release!: () => void
      const commit = new Promise<void>((resolve) => (release = resolve))
      try {
        await writeAtomically({
          target,
          source,
          maxBytes: options.maxBytes,
          random,
          mode: Number(before.mode & 0o7777n),
          syncFolder: folder.real,
          beforeCommit: async (_bytes, tempPath) => {
            commits.set(fileId, commit)
            // What is on disk right now becomes a version, including a change another program made meanwhile.
            const current = await quickFs.lstat(target)
            let base = files.byId(fileId) ?? row
            if (current && current.isFile()) {
              if (!isWritableByUser(current)) throw new ReadOnlyFileError()
              base = applyObserved(base, diskStateOf(current))
              captured = await versions.capture(base, target, Number(current.size), options.reason)
            }
            // rename() keeps the temp file's inode, size and mtime: its stats are the saved file's.
            const temp = await lstat(tempPath, { bigint: true })
            const disk = diskStateOf(temp)
            const next: FileRow = {
              ...base,
              ...disk,
              version: base.version + 1,
              lastModified: nextLastModified(base.lastModified, disk.mtimeNs),
            }
            await folder.recheck()
            const versionId = recordSave.immediate(fileId, next, captured)
            recorded = { previous: base, next, versionId }
          },
        })
        renamed = true
      } catch (error) {
        const done = recorded as { previous: FileRow; next: FileRow; versionId: number | null } | null
        // The rename may have happened and only what follows it failed (the folder's fsync): then the record is right.
        if (done && (await lstat(target, { bigint: true }).catch(() => null))?.ino.toString() === done.next.ino) renamed = true
        if (done && !renamed) {
          try {
            undoSave.immediate(fileId, done.previous, done.versionId)
          } catch (undoError) {
            // The record stays ahead of the disk; the next observe sees the old bytes as a change, nothing is lost.
            log.warn('could not take back the record of a failed save', { fileId, code: errorCode(undoError) })
          }
        }
        const orphan = captured as CapturedVersion | null
        // A capture whose save did not happen is only a second name for the bytes still in place.
        if (orphan && !renamed) await versions.removeFiles([orphan])
        throw error
      } finally {
        if (commits.get(fileId) === commit) commits.delete(fileId)
        release()
      }
      const next = (recorded as { next: FileRow } | null)!.next
      try {
        await versions.removeFiles(db.transaction(() => versions.prune(fileId)).immediate())
      } catch (error) {
        // The save itself is done; the next one prunes.
        log.warn('could not prune old versions', { fileId, code: errorCode(error) })
      }
      return next
    })
  }

  async function createFile(dir: string, name: string, source: Readable, maxBytes: number): Promise<FileRow> {
    const rootReal = requireRoot()
    if (!isInside(rootReal, dir)) throw new PathError('outside', 'the target folder is outside the served folder')
    requireServed(relPathOf(rootReal, join(dir, name)), name)
    return withConfinedFolder(rootReal, dir, async (folder) => {
      const target = folder.at(name)
      let row: FileRow | null = null
      await writeAtomically({
        target,
        source,
        maxBytes,
        random,
        noClobber: true,
        syncFolder: folder.real,
        beforeCommit: async (_bytes, tempPath) => {
          // Recorded before the file appears (as for a save): a record that cannot be written fails the create
          // with nothing created; a crash in between leaves a temp file that start-up moves into place.
          const disk = diskStateOf(await lstat(tempPath, { bigint: true }))
          const relPath = relPathOf(rootReal, join(folder.real, name))
          const made: FileRow = firstRow(rootReal, relPath, disk)
          await folder.recheck()
          db.transaction(() => {
            retireStaleRow(relPath, null)
            files.insert(made)
          }).immediate()
          row = made
        },
      }).catch(async (error: unknown) => {
        const made = row as FileRow | null
        const inPlace = made !== null && (await lstat(target, { bigint: true }).catch(() => null))?.ino.toString() === made.ino
        if (made && !inPlace) {
          try {
            files.markDeleted(made.id, clock.now())
          } catch {
            // Start-up reconcile finds a live row without its file.
          }
        }
        throw error
      })
      return row!
    })
  }

  return { replaceContent, createFile }
}
