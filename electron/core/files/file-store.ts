import { close as closeCallback, createReadStream, open as openCallback, realpathSync, type BigIntStats } from 'node:fs'
import { lstat, readdir, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Readable } from 'node:stream'
import type { DiskState, FileRepo, FileRow } from '../db/file-repo'
import { durably } from '../db/durable'
import type { Db } from '../db/open-db'
import type { TrashRow } from '../db/trash-repo'
import type { VersionReason, VersionRow } from '../db/version-repo'
import type { Clock, Log, Random } from '../deps'
import { randomId } from '../deps'
import { moveNoClobber, writeAtomically } from './atomic-write'
import { READ_DOCUMENT_FLAGS, createFolderCache, openConfinedFolder, verifyOpenedInside, withConfinedFolder, type ConfinedFolder } from './confined-folder'
import { syncDirectory } from './directory-sync'
import { diskStateOf, nextLastModified, observed } from './change-detection'
import { isLockOwnerFileName } from './desktop-locks'
import { fitName, nameKey, numberedName, splitExtension } from './file-names'
import { withRowCache } from './file-row-cache'
import { createKeyedMutex, type KeyedMutex } from './keyed-mutex'
import { PathError, isInside, joinRel, normaliseRelPath, relPathOf, resolveInside } from './path-confinement'
import { createQuickFs, type QuickFs } from './quick-fs'
import { isWritableByUser, ReadOnlyFileError } from './read-only'
import { createRenameIntents } from './rename-intents'
import { isTempFileName } from './temp-files'
import { fileIdOfTrashFolder, type TrashBin } from './trash'
import type { CapturedVersion, VersionKeeper } from './versions'

/** The id is unknown, the file was deleted, or it is no longer on disk: 404 for WOPI. */
export class FileGoneError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FileGoneError'
  }
}

export interface LocatedFile {
  row: FileRow
  /** real absolute path, checked to be inside the served folder */
  path: string
  /** false when the file has no write permission for this user: a desktop program could not save it either */
  writable: boolean
}

export interface FileStore {
  /** real path of the served folder; '' when none is configured */
  readonly root: string
  /** per-file and namespace serialisation shared by every writer (WOPI operations and console actions) */
  readonly mutex: KeyedMutex
  /** small calls in the served folder (owner files, stats): synchronous where the folder's disk is local */
  readonly quickFs: QuickFs
  withFile<T>(fileId: string, task: () => Promise<T>): Promise<T>
  /** creating, renaming, deleting and restoring names: always taken after the file's own mutex, never before */
  withNamespace<T>(task: () => Promise<T>): Promise<T>
  /** The stable id for a path (created on first use); the path must be a regular file inside the root. */
  ensureFile(relPath: string): Promise<FileRow>
  /** live rows only */
  get(fileId: string): FileRow | undefined
  /** every live row of the served folder */
  liveRows(): FileRow[]
  /**
   * stat + change detection: Version and LastModifiedTime move when the file changed on disk. `known` is a row
   * the caller just read (saves a query on the hot path).
   */
  observe(fileId: string, known?: FileRow): Promise<LocatedFile>
  /**
   * Like observe, but on an open descriptor, so the bytes streamed are the bytes described. The caller owns `fd`
   * (a read stream with autoClose, or closeFd).
   */
  openForRead(fileId: string, known?: FileRow): Promise<LocatedFile & { fd: number; size: number }>
  /** Atomic save; the previous content is kept as a version. Caller holds the file mutex. */
  replaceContent(fileId: string, source: Readable, options: { maxBytes: number; reason: VersionReason }): Promise<FileRow>
  /** Creates `name` in `dir` (a real folder inside the root) without replacing anything. Caller holds the namespace. */
  createFile(dir: string, name: string, source: Readable, maxBytes: number): Promise<FileRow>
  /** the existing entry of `dir` that `name` collides with (case-insensitively), or null */
  findEntry(dir: string, name: string): Promise<string | null>
  /** `stem + ext`, else `stem (1) + ext`, ...: the first name that collides with nothing in `dir` */
  freeName(dir: string, stem: string, ext: string): Promise<string>
  /** Renames within the same folder; the id stays. Caller holds file mutex + namespace. */
  rename(fileId: string, newName: string): Promise<FileRow>
  /** Moves the file to the trash and retires its id (404 from now on). Caller holds file mutex + namespace. */
  trash(fileId: string): Promise<TrashRow>
  restoreFromTrash(trashId: number): Promise<FileRow>
  listTrash(): TrashRow[]
  listVersions(fileId: string): VersionRow[]
  /** Puts a kept version back (atomically; the current content becomes a version itself). */
  restoreVersion(fileId: string, versionId: number): Promise<FileRow>
  /** removes temp files left by a crash in the folders we serve files from */
  sweepTempFiles(olderThanMs?: number): Promise<number>
  /** the file's folder (real path) and name */
  locate(row: FileRow): Promise<string>
  /** Deletes a trashed file for good. */
  purgeTrash(trashId: number): Promise<void>
  /** Deletes every trashed file, or those deleted before `before` (ms since the epoch); returns how many. */
  emptyTrash(before?: number): Promise<number>
  /**
   * Start-up after a crash: finishes saves whose record was committed, puts back or records files half moved
   * to the trash, finds renamed files, and removes version and trash files nothing refers to.
   */
  reconcile(): Promise<ReconcileReport>
}

export interface ReconcileReport {
  savesFinished: number
  trashFixed: number
  renamesFound: number
  versionFilesRemoved: number
  versionRowsDropped: number
}

export interface FileStoreDeps {
  db: Db
  files: FileRepo
  versions: VersionKeeper
  trashBin: TrashBin
  /** the folder to serve, as configured ('' = none) */
  root: string
  ownerId: () => string
  clock: Clock
  random: Random
  log: Log
  /** how small file-system calls are made (tests choose; by default it depends on the root's filesystem) */
  quickFs?: QuickFs
}

// GetFile reads through a plain descriptor: a read stream on it uses callback reads, which move large files
// markedly faster than a FileHandle stream on Node 20.
function openFd(path: string, flags: number): Promise<number> {
  return new Promise((resolve, reject) => openCallback(path, flags, (error, fd) => (error ? reject(error) : resolve(fd))))
}

export function closeFd(fd: number): void {
  closeCallback(fd, () => undefined)
}

const NAMESPACE = 'namespace'

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}

export function createFileStore(deps: FileStoreDeps): FileStore {
  const { db, versions, trashBin, clock, random, log } = deps
  const files = withRowCache(deps.files)
  const mutex = createKeyedMutex()
  const root = deps.root ? realpathSync(deps.root) : ''
  const quickFs = deps.quickFs ?? createQuickFs({ root, log })
  // The folders of documents being stat'ed again and again (CheckFileInfo), kept open for a moment.
  const statFolders = createFolderCache()
  // A save between its rename and its database update: observers wait, or they would count it as a foreign change.
  const commits = new Map<string, Promise<void>>()
  const renameIntents = createRenameIntents(db)
  /** The first record of a file the store has not seen before: version 1, a new stable id. */
  const firstRow = (rootReal: string, relPath: string, disk: DiskState): FileRow => ({
    id: randomId(random, 16),
    root: rootReal,
    relPath,
    version: 1,
    ...disk,
    lastModified: nextLastModified(null, disk.mtimeNs),
    ownerId: deps.ownerId(),
    createdAt: clock.now(),
    deletedAt: null,
  })

  function requireRoot(): string {
    if (!root) throw new PathError('not-found', 'No folder is being served; choose one in the settings or start serve with --root.')
    return root
  }

  /** Records what is on disk now; a concurrent observer that won the race is respected, not double-counted. */
  function applyObserved(row: FileRow, disk: ReturnType<typeof diskStateOf>): FileRow {
    let current = row
    for (let attempt = 0; attempt < 3; attempt++) {
      const next = observed(current, disk)
      if (next === current) return current
      if (files.updateObserved(current.id, current, next)) return next
      const fresh = files.byId(current.id)
      if (!fresh) return next
      current = fresh
    }
    return current
  }

  async function locate(row: FileRow): Promise<string> {
    try {
      return await resolveInside(requireRoot(), row.relPath)
    } catch (error) {
      if (error instanceof PathError) throw new FileGoneError(`the file is not available: ${error.message}`)
      throw error
    }
  }

  function getLive(fileId: string): FileRow {
    const row = files.byId(fileId)
    if (!row || row.deletedAt !== null || row.root !== root || !root) throw new FileGoneError('unknown or deleted file id')
    return row
  }

  function splitRel(relPath: string): { relDir: string; name: string } {
    const slash = relPath.lastIndexOf('/')
    return { relDir: slash < 0 ? '' : relPath.slice(0, slash), name: relPath.slice(slash + 1) }
  }

  /**
   * Real path and stat of a row's file, confined to the root; FileGoneError when it is not a file there. The stat
   * goes through the folder's verified descriptor (confined-folder.ts): a check of the path before or after it
   * could be fooled by a folder swapped for a link and back in between.
   */
  async function statConfined(row: FileRow): Promise<{ path: string; stats: BigIntStats }> {
    const rootReal = requireRoot()
    const { relDir, name } = splitRel(row.relPath)
    let folder: ConfinedFolder
    try {
      folder = quickFs.mode() === 'sync' ? statFolders.openSync(rootReal, joinRel(rootReal, relDir)) : await openConfinedFolder(rootReal, joinRel(rootReal, relDir))
    } catch (error) {
      if (error instanceof PathError) throw new FileGoneError(`the file is not available: ${error.message}`)
      throw error
    }
    try {
      const stats = await quickFs.lstat(folder.at(name))
      if (!stats) throw new FileGoneError('the file is no longer on disk')
      if (stats.isSymbolicLink()) {
        const real = await locate(row)
        const target = await stat(real, { bigint: true })
        if (!target.isFile()) throw new FileGoneError('the path is not a file')
        return { path: real, stats: target }
      }
      if (!stats.isFile()) throw new FileGoneError('the path is not a file')
      return { path: join(folder.real, name), stats }
    } finally {
      folder.close()
    }
  }

  /** After waiting for a save in progress, a row read before it is stale. */
  async function currentRow(fileId: string, known: FileRow | undefined): Promise<FileRow> {
    const pending = commits.get(fileId)
    if (pending) {
      await pending
      return getLive(fileId)
    }
    return known ?? getLive(fileId)
  }

  async function observe(fileId: string, known?: FileRow): Promise<LocatedFile> {
    const row = await currentRow(fileId, known)
    let located: { path: string; stats: BigIntStats }
    try {
      located = await statConfined(row)
    } catch (error) {
      // A row read before a concurrent rename may name the old path: look again before saying 404.
      if (!(error instanceof FileGoneError) || !known) throw error
      return observe(fileId)
    }
    return { row: applyObserved(row, diskStateOf(located.stats)), path: located.path, writable: isWritableByUser(located.stats) }
  }

  async function openForRead(fileId: string, known?: FileRow): Promise<LocatedFile & { fd: number; size: number }> {
    const row = await currentRow(fileId, known)
    const rootReal = requireRoot()
    let path = joinRel(rootReal, row.relPath)
    // Only a regular file is ever opened: a FIFO would block a thread (or the process), a device could do anything.
    const seen = await quickFs.lstat(path)
    if (!seen) {
      if (known) return openForRead(fileId)
      throw new FileGoneError('the file is no longer on disk')
    }
    if (seen.isSymbolicLink()) {
      path = await locate(row)
      if (!(await stat(path, { bigint: true })).isFile()) throw new FileGoneError('the path is not a file')
    } else if (!seen.isFile()) {
      throw new FileGoneError('the path is not a file')
    }
    let fd: number
    try {
      fd = await openFd(path, READ_DOCUMENT_FLAGS)
    } catch (error) {
      const code = errorCode(error)
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        if (known) return openForRead(fileId)
        throw new FileGoneError('the file is no longer on disk')
      }
      // A link swapped in after the lstat: refused rather than followed.
      if (code === 'ELOOP' || code === 'EMLINK') throw new FileGoneError('the file was replaced by a link while it was opened')
      throw error
    }
    try {
      // Whatever the path said a moment ago: the descriptor itself must be a regular file inside the root.
      let stats: BigIntStats
      try {
        stats = await verifyOpenedInside(rootReal, fd, path, quickFs.mode() === 'sync')
      } catch (error) {
        if (error instanceof PathError) throw new FileGoneError(`the file is not available: ${error.message}`)
        throw error
      }
      if (!stats.isFile()) throw new FileGoneError('the path is not a file')
      return { row: applyObserved(row, diskStateOf(stats)), path, writable: isWritableByUser(stats), fd, size: Number(stats.size) }
    } catch (error) {
      closeFd(fd)
      throw error
    }
  }

  async function dirEntries(dir: string): Promise<string[]> {
    try {
      return await readdir(dir)
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return []
      throw error
    }
  }

  async function findEntry(dir: string, name: string): Promise<string | null> {
    const key = nameKey(name)
    for (const entry of await dirEntries(dir)) if (nameKey(entry) === key) return entry
    return null
  }

  async function freeName(dir: string, stem: string, ext: string): Promise<string> {
    const taken = new Set((await dirEntries(dir)).map(nameKey))
    const first = fitName(stem, ext)
    if (!taken.has(nameKey(first))) return first
    for (let n = 1; n <= taken.size + 1; n++) {
      const candidate = numberedName(stem, ext, n)
      if (!taken.has(nameKey(candidate))) return candidate
    }
    // Unreachable: n = taken.size + 1 numbered names cannot all be taken by taken.size entries.
    throw new Error('no free name found')
  }

  /** A live row whose file vanished from disk must not block the unique path index for a new file. */
  function retireStaleRow(relPath: string, keepId: string | null): void {
    const stale = files.liveByPath(root, relPath)
    if (stale && stale.id !== keepId) files.markDeleted(stale.id, clock.now())
  }

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
            const next: FileRow = { ...base, ...disk, version: base.version + 1, lastModified: nextLastModified(base.lastModified, disk.mtimeNs) }
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

  async function renameFile(fileId: string, newName: string): Promise<FileRow> {
    const { row, path } = await observe(fileId)
    const oldName = basename(path)
    if (newName === oldName) return row
    const rootReal = requireRoot()
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
        await trashBin.putBack(entry, folder.at(basename(path))).catch((undoError: unknown) =>
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
      const stored = await lstat(trashBin.pathOf(entry), { bigint: true }).catch(() => null)
      if (stored) {
        // A second link to the trashed file: a restore was killed between its link and its unlink. The name in
        // the folder is the restored file; the restore is finished.
        const row = files.byId(entry.fileId)
        const found = root && stored.nlink > 1n && row && row.deletedAt !== null ? await findByInode(splitRel(entry.relPath).relDir, stored.ino.toString()) : null
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
      report.savesFinished = await part('saves', finishRecordedSaves, 0)
      report.renamesFound = (await part('announced renames', finishAnnouncedRenames, 0)) + (await part('renames', findRenamedFiles, 0))
    }
    report.trashFixed = await part('trash', reconcileTrash, 0)
    const kept = await part('versions', () => versions.reconcile(), { orphanFiles: 0, missingFiles: 0 })
    report.versionFilesRemoved = kept.orphanFiles
    report.versionRowsDropped = kept.missingFiles
    const fixed = Object.values(report).reduce((sum, n) => sum + n, 0)
    if (fixed > 0) log.warn('start-up found work a crash interrupted and finished it', { ...report })
    return report
  }

  return {
    root,
    mutex,
    quickFs,
    withFile: (fileId, task) => mutex.run(`file:${fileId}`, task),
    withNamespace: (task) => mutex.run(NAMESPACE, task),
    locate,

    async ensureFile(input) {
      const rootReal = requireRoot()
      const rel = normaliseRelPath(input)
      if (rel === '') throw new PathError('not-a-file', 'Give the path of a file inside the served folder, not the folder itself.')
      const real = await resolveInside(rootReal, rel)
      const name = basename(real)
      if (isTempFileName(name) || isLockOwnerFileName(name)) {
        throw new PathError('not-a-file', `"${input}" is a lock or temporary file, not a document.`)
      }
      const stats = await stat(real, { bigint: true })
      if (!stats.isFile()) throw new PathError('not-a-file', `"${input}" is a folder, not a file.`)
      // Keyed by the real path: a symbolic link and its target share one id, hence one lock.
      const relPath = relPathOf(rootReal, real)
      const disk = diskStateOf(stats)
      return db
        .transaction((): FileRow => {
          const existing = files.liveByPath(rootReal, relPath)
          if (existing) return applyObserved(existing, disk)
          const row: FileRow = firstRow(rootReal, relPath, disk)
          files.insert(row)
          return row
        })
        .immediate()
    },

    get(fileId) {
      try {
        return getLive(fileId)
      } catch {
        return undefined
      }
    },

    liveRows: () => (root ? files.liveUnder(root, '') : []),

    observe,

    openForRead,

    replaceContent,
    createFile,
    findEntry,
    freeName,
    rename: renameFile,
    trash,
    purgeTrash,
    emptyTrash,
    reconcile,

    restoreFromTrash(trashId) {
      return mutex.run(NAMESPACE, async () => {
        const rootReal = requireRoot()
        const entry = trashBin.get(trashId)
        if (!entry) throw new FileGoneError(`there is no trash entry ${trashId}`)
        const relDir = entry.relPath.includes('/') ? entry.relPath.slice(0, entry.relPath.lastIndexOf('/')) : ''
        let dir: string
        try {
          dir = await resolveInside(rootReal, relDir)
        } catch (error) {
          if (error instanceof PathError) throw new PathError(error.kind, `The folder "${relDir}" the file was deleted from is gone or outside the served folder; create it again, then restore.`)
          throw error
        }
        return withConfinedFolder(rootReal, dir, async (folder) => {
          const { stem, ext } = splitExtension(basename(entry.relPath))
          const name = await freeName(folder.real, stem, ext)
          const target = folder.at(name)
          await folder.recheck()
          await trashBin.take(entry, target)
          const disk = diskStateOf(await lstat(target, { bigint: true }))
          const relPath = relPathOf(rootReal, join(folder.real, name))
          try {
            return durably(db, (): FileRow => {
              trashBin.forget(entry.id)
              retireStaleRow(relPath, entry.fileId)
              const previous = files.byId(entry.fileId)
              if (previous && previous.root === rootReal) {
                files.undelete(entry.fileId, relPath)
                const next: FileRow = {
                  ...previous,
                  ...disk,
                  relPath,
                  deletedAt: null,
                  version: previous.version + 1,
                  lastModified: nextLastModified(previous.lastModified, disk.mtimeNs),
                }
                files.setState(entry.fileId, next)
                return next
              }
              const row: FileRow = firstRow(rootReal, relPath, disk)
              files.insert(row)
              return row
            })
          } catch (error) {
            // Not recorded: back into the trash, where its entry still points.
            await trashBin.giveBack(entry, target).catch((undoError: unknown) =>
              log.warn('could not put a file back into the trash after a failed restore', { code: errorCode(undoError) }),
            )
            throw error
          }
        })
      })
    },

    listTrash: () => trashBin.list(),
    listVersions: (fileId) => versions.list(fileId),

    restoreVersion(fileId, versionId) {
      return mutex.run(`file:${fileId}`, async () => {
        const version = versions.get(versionId)
        if (!version || version.fileId !== fileId) throw new FileGoneError(`version ${versionId} does not belong to this file`)
        return replaceContent(fileId, createReadStream(versions.pathOf(version)), { maxBytes: Number.MAX_SAFE_INTEGER, reason: 'restore' })
      })
    },

    async sweepTempFiles(olderThanMs = 10 * 60 * 1000) {
      if (!root) return 0
      const dirs = new Set([''])
      for (const relPath of files.liveRelPaths(root)) dirs.add(relPath.includes('/') ? relPath.slice(0, relPath.lastIndexOf('/')) : '')
      let removed = 0
      for (const relDir of dirs) {
        const dir = joinRel(root, relDir)
        const stale = (await dirEntries(dir)).filter(isTempFileName)
        if (stale.length === 0) continue
        // Through the verified folder: a folder swapped for a link meanwhile must not lose files elsewhere.
        await withConfinedFolder(root, dir, async (folder) => {
          for (const name of stale) {
            const info = await lstat(folder.at(name)).catch(() => null)
            if (!info?.isFile() || clock.now() - info.mtimeMs < olderThanMs) continue
            await unlink(folder.at(name)).then(
              () => removed++,
              (error: unknown) => log.warn('could not remove a stale temp file', { code: errorCode(error) }),
            )
          }
        }).catch((error: unknown) => log.warn('could not sweep a folder for temp files', { code: errorCode(error) }))
      }
      return removed
    },
  }
}
