import { lstat, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { FileRepo, FileRow } from '../db/file-repo'
import { durably } from '../db/durable'
import type { Db } from '../db/open-db'
import type { Clock, Log } from '../deps'
import { withConfinedFolder } from './confined-folder'
import { syncDirectory } from './directory-sync'
import { isLockOwnerFileName } from './desktop-locks'
import type { ReconcileReport } from './file-store'
import { dirEntries, errorCode, splitRel } from './folder-entries'
import { joinRel } from './path-confinement'
import type { QuickFs } from './quick-fs'
import type { FolderRenameIntents } from './folder-rename-intents'
import type { RenameIntents } from './rename-intents'
import { isTempFileName } from './temp-files'
import { fileIdOfTrashFolder, type TrashBin } from './trash'
import type { VersionKeeper } from './versions'

// Start-up after a crash, for one file store (one served folder): saves whose record was committed are finished,
// files half moved to or from the trash are put back or recorded, renamed files are found by their inode, and
// version files nothing refers to are removed. Split from file-store.ts (issue 11); behaviour unchanged.

export interface ReconcilerContext {
  db: Db
  /** the store's row repository (with its row cache) */
  files: FileRepo
  /** the store's real root ('' when none is served) */
  root: string
  quickFs: QuickFs
  trashBin: TrashBin
  versions: VersionKeeper
  renameIntents: RenameIntents
  folderRenameIntents: FolderRenameIntents
  clock: Clock
  log: Log
  /** marks a live row whose file vanished deleted, so a new file may take its path (except `keepId`) */
  retireStaleRow(relPath: string, keepId: string | null): void
}

export function createReconciler(ctx: ReconcilerContext): { reconcile(): Promise<ReconcileReport> } {
  const { db, files, root, quickFs, trashBin, versions, renameIntents, folderRenameIntents, clock, log, retireStaleRow } = ctx

  /** Saves and creates recorded before their rename: a temp file whose inode a live row records is that save. */
  async function finishRecordedSaves(): Promise<number> {
    const rowsByDir = new Map<string, FileRow[]>()
    for (const row of files.liveUnder(root, '')) {
      const { relDir } = splitRel(row.relPath)
      rowsByDir.set(relDir, [...(rowsByDir.get(relDir) ?? []), row])
    }
    let finished = 0
    for (const [relDir, rows] of rowsByDir) {
      const dir = joinRel(root, relDir)
      const temps = (await dirEntries(dir)).filter(isTempFileName)
      if (temps.length === 0) continue
      const byIno = new Map(rows.map((row) => [row.ino, row]))
      await withConfinedFolder(root, dir, async (folder) => {
        for (const temp of temps) {
          const stats = await lstat(folder.at(temp), { bigint: true }).catch(() => null)
          const row = stats?.isFile() ? byIno.get(stats.ino.toString()) : undefined
          if (!row || Number(stats!.size) !== row.size) continue
          const current = await lstat(folder.at(splitRel(row.relPath).name), { bigint: true }).catch(() => null)
          if (current?.ino === stats!.ino) continue
          await rename(folder.at(temp), folder.at(splitRel(row.relPath).name))
          await syncDirectory(folder.real)
          finished++
        }
      }).catch((error: unknown) => log.warn('could not finish a save interrupted by a crash', { code: errorCode(error) }))
    }
    return finished
  }

  /** Renames announced and killed before their record: finished when the new name is there, else dropped. */
  async function finishAnnouncedRenames(): Promise<number> {
    let finished = 0
    for (const intent of renameIntents.list()) {
      const row = files.byId(intent.fileId)
      const from = await quickFs.lstat(joinRel(root, intent.from))
      const to = await quickFs.lstat(joinRel(root, intent.to))
      if (row && row.deletedAt === null && to && (!from || from.ino === to.ino)) {
        // link(old, new) happened; unlink(old) maybe not: the old name goes, the new one is recorded.
        if (from) {
          const { relDir, name } = splitRel(intent.from)
          await withConfinedFolder(root, joinRel(root, relDir), (folder) => unlink(folder.at(name)))
        }
        db.transaction(() => {
          retireStaleRow(intent.to, intent.fileId)
          files.setPath(intent.fileId, intent.to)
          renameIntents.clear(intent.fileId)
        }).immediate()
        finished++
      } else {
        renameIntents.clear(intent.fileId)
      }
    }
    return finished
  }

  /**
   * Folder renames announced and killed before their record was cleared: when the folder (known by its inode)
   * carries the new name, the rows under the old name follow it (none left if the record was written); else the
   * rename never happened, or someone moved the folder since, and the intent goes.
   */
  async function finishAnnouncedFolderRenames(): Promise<number> {
    let finished = 0
    for (const intent of folderRenameIntents.list(root)) {
      if (await carriesNewName(intent)) {
        db.transaction(() => {
          for (const row of files.liveUnder(root, intent.from)) {
            const next = intent.to + row.relPath.slice(intent.from.length)
            retireStaleRow(next, row.id)
            files.setPath(row.id, next)
          }
          folderRenameIntents.clear(intent)
        }).immediate()
        finished++
      } else {
        folderRenameIntents.clear(intent)
      }
    }
    return finished
  }

  async function carriesNewName(intent: { from: string; to: string; ino: string }): Promise<boolean> {
    const to = await quickFs.lstat(joinRel(root, intent.to))
    if (!to?.isDirectory() || to.ino.toString() !== intent.ino) return false
    const from = await quickFs.lstat(joinRel(root, intent.from))
    if (!from || from.ino !== to.ino) return true
    // Both names reach the folder: a case-only rename on a case-insensitive disk; the listing has the real name.
    const { relDir, name } = splitRel(intent.to)
    return (await dirEntries(joinRel(root, relDir))).includes(name)
  }

  /** A file moved by a rename whose record was not written: found again in its folder by its inode. */
  async function findRenamedFiles(): Promise<number> {
    const missingByDir = new Map<string, FileRow[]>()
    for (const row of files.liveUnder(root, '')) {
      if (await quickFs.lstat(joinRel(root, row.relPath))) continue
      const { relDir } = splitRel(row.relPath)
      missingByDir.set(relDir, [...(missingByDir.get(relDir) ?? []), row])
    }
    let found = 0
    for (const [relDir, rows] of missingByDir) {
      const dir = joinRel(root, relDir)
      const byIno = new Map(rows.map((row) => [row.ino, row]))
      for (const name of await dirEntries(dir)) {
        if (isTempFileName(name) || isLockOwnerFileName(name)) continue
        const stats = await lstat(join(dir, name), { bigint: true }).catch(() => null)
        const row = stats?.isFile() ? byIno.get(stats.ino.toString()) : undefined
        if (!row) continue
        const relPath = relDir === '' ? name : `${relDir}/${name}`
        if (files.liveByPath(root, relPath)) continue
        files.setPath(row.id, relPath)
        byIno.delete(row.ino)
        found++
      }
    }
    return found
  }

  /** the name of the entry in a folder of the served tree whose inode is `ino`, or null */
  async function findByInode(relDir: string, ino: string): Promise<string | null> {
    const dir = joinRel(root, relDir)
    for (const name of await dirEntries(dir)) {
      if (isTempFileName(name) || isLockOwnerFileName(name)) continue
      const stats = await lstat(join(dir, name), { bigint: true }).catch(() => null)
      if (stats?.isFile() && stats.ino.toString() === ino) return name
    }
    return null
  }

  /** The trash and its records agree: half-done moves are put back or recorded, entries without a file go. */
  async function reconcileTrash(): Promise<number> {
    let fixed = 0
    const entries = trashBin.list()
    const recorded = new Set(entries.map((entry) => entry.storePath.split('/')[1]))
    for (const entry of entries) {
      // Another place's file: its own store puts it right.
      const owner = files.byId(entry.fileId)
      if (owner && owner.root !== root) continue
      const stored = await lstat(trashBin.pathOf(entry), { bigint: true }).catch(() => null)
      if (stored) {
        // A second link to the trashed file: a restore was killed between its link and its unlink. The name in
        // the folder is the restored file; the restore is finished.
        const row = files.byId(entry.fileId)
        const found =
          root && stored.nlink > 1n && row && row.deletedAt !== null
            ? await findByInode(splitRel(entry.relPath).relDir, stored.ino.toString())
            : null
        if (found === null) continue
        const relDir = splitRel(entry.relPath).relDir
        const relPath = relDir === '' ? found : `${relDir}/${found}`
        durably(db, () => {
          trashBin.forget(entry.id)
          retireStaleRow(relPath, entry.fileId)
          files.undelete(entry.fileId, relPath)
        })
        await trashBin.removeFolder(entry.storePath.split('/')[1]!)
        fixed++
        continue
      }
      // A restore moved the file back and was killed before its record: finish it if the file is found (the
      // move keeps the inode on one filesystem), else the entry has nothing left to restore.
      const row = files.byId(entry.fileId)
      const found = root && row && row.deletedAt !== null ? await findByInode(splitRel(entry.relPath).relDir, row.ino) : null
      if (row && found !== null) {
        const relDir = splitRel(entry.relPath).relDir
        const relPath = relDir === '' ? found : `${relDir}/${found}`
        durably(db, () => {
          trashBin.forget(entry.id)
          retireStaleRow(relPath, entry.fileId)
          files.undelete(entry.fileId, relPath)
        })
      } else {
        trashBin.forget(entry.id)
      }
      fixed++
    }
    for (const { folder, names } of await trashBin.storedFolders()) {
      if (recorded.has(folder)) continue
      const name = names[0]
      const fileId = fileIdOfTrashFolder(folder)
      const row = files.byId(fileId)
      if (!name || !row || row.root !== root) {
        // Nothing to give back to: an empty folder, or a file whose id this database never knew.
        if (!name) await trashBin.removeFolder(folder)
        continue
      }
      const storePath = ['trash', folder, name].join('/')
      const original = joinRel(root, row.relPath)
      const inFolder = await quickFs.lstat(original)
      const inTrash = await lstat(trashBin.pathOf({ storePath }), { bigint: true }).catch(() => null)
      if (row.deletedAt === null && inFolder && inTrash && inFolder.ino === inTrash.ino) {
        // A delete killed between its link into the trash and its unlink: the file never left; drop the copy.
        await trashBin.removeFolder(folder)
      } else if (row.deletedAt === null && !inFolder) {
        // The delete's record was never written: the file goes back, as if the delete had not happened.
        const { relDir, name: originalName } = splitRel(row.relPath)
        await withConfinedFolder(root, joinRel(root, relDir), (folder) =>
          trashBin.putBack({ fileId, relPath: row.relPath, storePath, size: row.size, deletedAt: 0 }, folder.at(originalName)),
        )
      } else {
        durably(db, () => {
          if (row.deletedAt === null) files.markDeleted(fileId, clock.now())
          trashBin.record({ fileId, relPath: row.relPath, storePath, size: row.size, deletedAt: clock.now() })
        })
      }
      fixed++
    }
    return fixed
  }

  async function reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = { savesFinished: 0, trashFixed: 0, renamesFound: 0, versionFilesRemoved: 0, versionRowsDropped: 0 }
    // Each part on its own: one that cannot finish (a folder gone, a disk still full) leaves the others to run.
    const part = async <T>(name: string, run: () => Promise<T>, fallback: T): Promise<T> => {
      try {
        return await run()
      } catch (error) {
        log.warn('start-up reconcile could not finish a part', { part: name, code: errorCode(error), error: (error as Error).message })
        return fallback
      }
    }
    if (root) {
      // Folder renames first: the saves and renames below look for files where their rows say they are.
      const foldersRenamed = await part('announced folder renames', finishAnnouncedFolderRenames, 0)
      report.savesFinished = await part('saves', finishRecordedSaves, 0)
      report.renamesFound =
        foldersRenamed + (await part('announced renames', finishAnnouncedRenames, 0)) + (await part('renames', findRenamedFiles, 0))
    }
    report.trashFixed = await part('trash', reconcileTrash, 0)
    const kept = await part('versions', () => versions.reconcile(), { orphanFiles: 0, missingFiles: 0 })
    report.versionFilesRemoved = kept.orphanFiles
    report.versionRowsDropped = kept.missingFiles
    const fixed = Object.values(report).reduce((sum, n) => sum + n, 0)
    if (fixed > 0) log.warn('start-up found work a crash interrupted and finished it', { ...report })
    return report
  }

  return { reconcile }
}
