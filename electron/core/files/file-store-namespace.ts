import { lstat, rename } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { FileRepo, FileRow } from '../db/file-repo'
import { durably } from '../db/durable'
import type { Db } from '../db/open-db'
import type { TrashRow } from '../db/trash-repo'
import type { Clock, Log } from '../deps'
import { moveNoClobber } from './atomic-write'
import { withConfinedFolder } from './confined-folder'
import { syncDirectory } from './directory-sync'
import { FileGoneError } from './file-gone'
import type { LocatedFile } from './file-store'
import { nameKey } from './file-names'
import { errorCode } from './folder-entries'
import type { KeyedMutex } from './keyed-mutex'
import { PathError, normaliseRelPath, relPathOf, resolveInside } from './path-confinement'
import type { FolderRenameIntents } from './folder-rename-intents'
import type { RenameIntents } from './rename-intents'
import type { TrashBin } from './trash'

// The file store's changes of names: rename within a folder (announced, so a crash in between is finished or
// dropped at start-up), delete to the trash, and purging the trash. Split from file-store.ts (issue 11);
// behaviour unchanged.

/** the mutex key of creating, renaming, deleting and restoring names */
export const NAMESPACE = 'namespace'

export interface NamespaceContext {
  db: Db
  files: FileRepo
  trashBin: TrashBin
  mutex: KeyedMutex
  renameIntents: RenameIntents
  folderRenameIntents: FolderRenameIntents
  clock: Clock
  log: Log
  observe(fileId: string): Promise<LocatedFile>
  requireRoot(): string
  requireServed(relPath: string, shown: string): void
  retireStaleRow(relPath: string, keepId: string | null): void
}

export function createNamespaceOps(ctx: NamespaceContext): {
  renameFile(fileId: string, newName: string): Promise<FileRow>
  renameFolder(relDir: string, newName: string): Promise<string>
  trash(fileId: string): Promise<TrashRow>
  purgeTrash(trashId: number): Promise<void>
  emptyTrash(before?: number): Promise<number>
} {
  const {
    db,
    files,
    trashBin,
    mutex,
    renameIntents,
    folderRenameIntents,
    clock,
    log,
    observe,
    requireRoot,
    requireServed,
    retireStaleRow,
  } = ctx

  async function renameFolder(relDir: string, newName: string): Promise<string> {
    const rootReal = requireRoot()
    const rel = normaliseRelPath(relDir)
    if (rel === '') throw new PathError('invalid', 'The served folder itself is not renamed here; choose another folder in Settings.')
    const real = await resolveInside(rootReal, rel)
    const oldRel = relPathOf(rootReal, real)
    const oldName = basename(real)
    if (newName === oldName) return oldRel
    requireServed(relPathOf(rootReal, join(dirname(real), newName)), newName)
    return withConfinedFolder(rootReal, dirname(real), async (folder) => {
      const from = folder.at(oldName)
      const to = folder.at(newName)
      const own = await lstat(from, { bigint: true })
      if (!own.isDirectory()) throw new PathError('not-found', `"${oldRel}" is not a folder.`)
      // rename() would replace an empty folder of that name: only a case change of this very folder may proceed.
      const existing = await lstat(to, { bigint: true }).catch(() => null)
      if (existing && existing.ino !== own.ino) throw Object.assign(new Error(`${newName} already exists`), { code: 'EEXIST' })
      const newRel = relPathOf(rootReal, join(folder.real, newName))
      const intent = { root: rootReal, from: oldRel, to: newRel, ino: own.ino.toString() }
      // Announced before the disk changes, so a kill after the rename is finished at start-up, not lost.
      folderRenameIntents.announce(intent)
      const dropIntent = () => {
        try {
          folderRenameIntents.clear(intent)
        } catch {
          // Start-up finds the folder under its old name and drops the intent.
        }
      }
      try {
        await folder.recheck()
        await rename(from, to)
      } catch (error) {
        dropIntent()
        throw error
      }
      await syncDirectory(folder.real)
      try {
        db.transaction(() => {
          moveRowsUnder(rootReal, oldRel, newRel)
          folderRenameIntents.clear(intent)
        }).immediate()
      } catch (error) {
        // Not recorded: the folder takes its old name back, so every file keeps its path and its id.
        const undone = await rename(to, from)
          .then(() => syncDirectory(folder.real))
          .then(() => true)
          .catch((undoError: unknown) => {
            log.warn('could not take back a folder rename; start-up will record it', { code: errorCode(undoError) })
            return false
          })
        // Still under the new name: the intent stays, so start-up moves the rows after the folder.
        if (undone) dropIntent()
        throw error
      }
      return newRel
    })
  }

  /** synchronous, inside the transaction that records a folder rename */
  function moveRowsUnder(rootReal: string, oldRel: string, newRel: string): void {
    for (const row of files.liveUnder(rootReal, oldRel)) {
      const next = newRel + row.relPath.slice(oldRel.length)
      retireStaleRow(next, row.id)
      files.setPath(row.id, next)
    }
  }

  async function renameFile(fileId: string, newName: string): Promise<FileRow> {
    const { row, path } = await observe(fileId)
    const oldName = basename(path)
    if (newName === oldName) return row
    const rootReal = requireRoot()
    requireServed(relPathOf(rootReal, join(dirname(path), newName)), newName)
    return withConfinedFolder(rootReal, dirname(path), async (folder) => {
      const from = folder.at(oldName)
      const to = folder.at(newName)
      const moveBack = async () => {
        await rename(to, from)
        await syncDirectory(folder.real)
      }
      const relPath = relPathOf(rootReal, join(folder.real, newName))
      renameIntents.announce({ fileId, from: relPathOf(rootReal, join(folder.real, oldName)), to: relPath })
      await folder.recheck().catch((error: unknown) => {
        renameIntents.clear(fileId)
        throw error
      })
      try {
        await moveName(from, to, oldName, newName)
      } catch (error) {
        renameIntents.clear(fileId)
        throw error
      }
      await syncDirectory(folder.real)
      try {
        db.transaction(() => {
          retireStaleRow(relPath, fileId)
          files.setPath(fileId, relPath)
          renameIntents.clear(fileId)
        }).immediate()
      } catch (error) {
        // Not recorded: the rename is taken back, so the file keeps its name and its id.
        await moveBack().catch((undoError: unknown) => log.warn('could not take back a rename', { fileId, code: errorCode(undoError) }))
        try {
          renameIntents.clear(fileId)
        } catch {
          // Start-up finds the old name in place and drops the intent.
        }
        throw error
      }
      return { ...row, relPath }
    })
  }

  /** Renames within one folder without replacing anything another file holds. */
  async function moveName(from: string, to: string, oldName: string, newName: string): Promise<void> {
    if (nameKey(newName) === nameKey(oldName)) {
      // Only the case changes: on Windows/macOS both names are this very file, so link() would fail.
      const existing = await lstat(to, { bigint: true }).catch(() => null)
      const own = await lstat(from, { bigint: true })
      if (existing && existing.ino !== own.ino) throw Object.assign(new Error(`${newName} already exists`), { code: 'EEXIST' })
      await rename(from, to)
    } else {
      await moveNoClobber(from, to)
    }
  }

  async function trash(fileId: string): Promise<TrashRow> {
    const { row, path } = await observe(fileId)
    return withConfinedFolder(requireRoot(), dirname(path), async (folder) => {
      await folder.recheck()
      const entry = await trashBin.put(row, folder.at(basename(path)), row.size)
      try {
        const id = durably(db, () => {
          files.markDeleted(fileId, clock.now())
          return trashBin.record(entry)
        })
        return { id, ...entry }
      } catch (error) {
        // Not recorded: the file goes back where it was, so the delete did not happen at all.
        await trashBin
          .putBack(entry, folder.at(basename(path)))
          .catch((undoError: unknown) =>
            log.warn('could not put back a file whose delete failed; start-up will', { fileId, code: errorCode(undoError) }),
          )
        throw error
      }
    })
  }

  async function purgeTrash(trashId: number): Promise<void> {
    await mutex.run(NAMESPACE, async () => {
      const entry = trashBin.get(trashId)
      if (!entry) throw new FileGoneError(`there is no trash entry ${trashId}`)
      await trashBin.purge(entry)
    })
  }

  async function emptyTrash(before = Number.POSITIVE_INFINITY): Promise<number> {
    return mutex.run(NAMESPACE, async () => {
      let removed = 0
      for (const entry of trashBin.list()) {
        if (entry.deletedAt >= before) continue
        await trashBin.purge(entry)
        removed++
      }
      return removed
    })
  }

  return { renameFile, renameFolder, trash, purgeTrash, emptyTrash }
}
