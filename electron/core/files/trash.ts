import { constants } from 'node:fs'
import { copyFile, lstat, mkdir, open, readdir, rm, rmdir, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { FileRow } from '../db/file-repo'
import type { TrashRepo, TrashRow } from '../db/trash-repo'
import type { Clock, Random } from '../deps'
import { randomId } from '../deps'
import { moveNoClobber } from './atomic-write'
import { syncDirectory } from './directory-sync'

/**
 * Moves a file without replacing anything at `to`, also between filesystems (copy, fsync, then unlink: there
 * is never a moment in which no complete copy exists).
 */
export async function moveFile(from: string, to: string): Promise<void> {
  try {
    await moveNoClobber(from, to)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
    await copyFile(from, to, constants.COPYFILE_EXCL)
    const handle = await open(to, 'r+')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
    await unlink(from)
  }
  await syncDirectory(dirname(to))
  await syncDirectory(dirname(from))
}

/** The random part of a trash folder's name `<fileId>-<suffix>`: 6 bytes, 8 base64url characters ('-' among them). */
const TRASH_SUFFIX_BYTES = 6
const TRASH_SUFFIX_CHARS = 8

/** The file id a trash folder was named after. */
export function fileIdOfTrashFolder(folder: string): string {
  return folder.slice(0, Math.max(0, folder.length - TRASH_SUFFIX_CHARS - 1))
}

export interface TrashBin {
  /**
   * DeleteFile never unlinks: the file moves to `<data>/trash/`. The entry is returned, not stored: the caller
   * records it (`record`) in the same transaction that retires the file id.
   */
  put(row: FileRow, path: string, size: number): Promise<Omit<TrashRow, 'id'>>
  record(entry: Omit<TrashRow, 'id'>): number
  /** Moves a trashed file back to `target` (which must not exist); the caller then calls `forget`. */
  take(entry: TrashRow, target: string): Promise<void>
  forget(trashId: number): void
  get(trashId: number): TrashRow | undefined
  list(): TrashRow[]
  /** Undoes `take` when the restore could not be recorded: the file at `from` goes back into the trash. */
  giveBack(entry: TrashRow, from: string): Promise<void>
  /** Undoes `put` when its record could not be written: the file goes back to `path`. */
  putBack(entry: Omit<TrashRow, 'id'>, path: string): Promise<void>
  /** Deletes a trashed file for good: the record first, so a failure in between leaves an orphan, never a dangling entry. */
  purge(entry: TrashRow): Promise<void>
  /** absolute path of a trashed file */
  pathOf(entry: Pick<TrashRow, 'storePath'>): string
  /** whether the trashed file is there */
  exists(entry: Pick<TrashRow, 'storePath'>): Promise<boolean>
  /** the folders under `<data>/trash/` (`<fileId>-<random>`), each with the names in it */
  storedFolders(): Promise<{ folder: string; names: string[] }[]>
  /** removes a folder of the trash with everything in it */
  removeFolder(folder: string): Promise<void>
}

export function createTrashBin(deps: { repo: TrashRepo; dataDir: string; clock: Clock; random: Random }): TrashBin {
  const { repo, dataDir } = deps
  const pathOf = (entry: Pick<TrashRow, 'storePath'>) => join(dataDir, ...entry.storePath.split('/'))
  return {
    async put(row, path, size) {
      const folderName = `${row.id}-${randomId(deps.random, TRASH_SUFFIX_BYTES)}`
      const folder = join(dataDir, 'trash', folderName)
      await mkdir(folder, { recursive: true })
      const name = basename(row.relPath)
      try {
        await moveFile(path, join(folder, name))
      } catch (error) {
        // The move may have happened and only a folder fsync after it failed: the delete is not recorded, so the
        // file goes back (start-up would put it back too, but until then its id would answer 404).
        const moved = (await lstat(join(folder, name)).catch(() => null)) !== null && (await lstat(path).catch(() => null)) === null
        if (moved) await moveFile(join(folder, name), path).catch(() => undefined)
        await rmdir(folder).catch(() => undefined)
        throw error
      }
      const entry: Omit<TrashRow, 'id'> = {
        fileId: row.id,
        relPath: row.relPath,
        storePath: ['trash', folderName, name].join('/'),
        size,
        deletedAt: deps.clock.now(),
      }
      return entry
    },
    record: (entry) => repo.insert(entry),
    async take(entry, target) {
      const stored = pathOf(entry)
      await moveFile(stored, target)
      await rmdir(dirname(stored)).catch(() => undefined)
    },
    forget: (trashId) => repo.delete(trashId),
    get: (trashId) => repo.byId(trashId),
    list: () => repo.list(),
    async giveBack(entry, from) {
      const stored = pathOf(entry)
      await mkdir(dirname(stored), { recursive: true })
      await moveFile(from, stored)
    },
    async putBack(entry, path) {
      const stored = pathOf(entry)
      await moveFile(stored, path)
      await rmdir(dirname(stored)).catch(() => undefined)
    },
    async purge(entry) {
      repo.delete(entry.id)
      await rm(dirname(pathOf(entry)), { recursive: true, force: true })
    },
    pathOf,
    exists: (entry) =>
      lstat(pathOf(entry)).then(
        () => true,
        () => false,
      ),
    async storedFolders() {
      const base = join(dataDir, 'trash')
      const out: { folder: string; names: string[] }[] = []
      for (const folder of await readdir(base).catch(() => [] as string[])) {
        out.push({ folder, names: await readdir(join(base, folder)).catch(() => [] as string[]) })
      }
      return out
    },
    removeFolder: (folder) => rm(join(dataDir, 'trash', folder), { recursive: true, force: true }),
  }
}
