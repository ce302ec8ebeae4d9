import { close as closeCallback, createReadStream, open as openCallback, realpathSync, type BigIntStats } from 'node:fs'
import { lstat, stat, unlink } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Readable } from 'node:stream'
import type { DiskState, FileRepo, FileRow } from '../db/file-repo'
import { durably } from '../db/durable'
import type { Db } from '../db/open-db'
import type { TrashRow } from '../db/trash-repo'
import type { VersionReason, VersionRow } from '../db/version-repo'
import type { Clock, Log, Random } from '../deps'
import { randomId } from '../deps'
import {
  READ_DOCUMENT_FLAGS,
  createFolderCache,
  openConfinedFolder,
  verifyOpenedInside,
  withConfinedFolder,
  type ConfinedFolder,
} from './confined-folder'
import { FileGoneError } from './file-gone'
import { createNamespaceOps, NAMESPACE } from './file-store-namespace'
import { createReconciler } from './file-store-reconcile'
import { createWriter } from './file-store-writes'
import { dirEntries, errorCode, splitRel } from './folder-entries'
import { diskStateOf, nextLastModified, observed } from './change-detection'
import { isLockOwnerFileName } from './desktop-locks'
import { fitName, nameKey, numberedName, splitExtension } from './file-names'
import { withRowCache } from './file-row-cache'
import { createKeyedMutex, type KeyedMutex } from './keyed-mutex'
import { PathError, joinRel, normaliseRelPath, relPathOf, resolveInside } from './path-confinement'
import { createQuickFs, type QuickFs } from './quick-fs'
import { isWritableByUser } from './read-only'
import { createRenameIntents } from './rename-intents'
import { createFolderRenameIntents } from './folder-rename-intents'
import { isTempFileName } from './temp-files'
import type { TrashBin } from './trash'
import type { VersionKeeper } from './versions'

export { FileGoneError }

export interface LocatedFile {
  row: FileRow
  /** real absolute path, checked to be inside the served folder */
  path: string
  /** false when the file has no write permission for this user: a desktop program could not save it either */
  writable: boolean
  /** true for a file served on its own ("open just this file"): no copy next to it, no other name */
  alone?: boolean
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
  /**
   * Renames a folder within its parent; the files below keep their ids under their new paths. Returns the folder's
   * new relative path. Caller holds the mutex of every file below + the namespace.
   */
  renameFolder(relDir: string, newName: string): Promise<string>
  /** Moves the file to the trash and retires its id (404 from now on). Caller holds file mutex + namespace. */
  trash(fileId: string): Promise<TrashRow>
  restoreFromTrash(trashId: number): Promise<FileRow>
  listTrash(): TrashRow[]
  listVersions(fileId: string): VersionRow[]
  /**
   * Keeps an editor's refused save (the file changed on disk since it loaded) as a version of the file, without
   * touching the file: the user's edits stay restorable whatever the editor does next. Caller holds the file mutex.
   */
  keepRefusedSave(fileId: string, source: Readable, maxBytes: number): Promise<VersionRow | null>
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
  /**
   * one mutex for every store of a desk (places): the namespace lock and a file's lock must mean the same thing
   * whichever served folder a request reaches
   */
  mutex?: KeyedMutex
  /**
   * When it gives a set, only these names directly in the root are served ("open just this file" places); nothing else in the folder
   * can be listed, opened, created or renamed to. Read at every call, so a place added later counts at once.
   */
  onlyFiles?: () => ReadonlySet<string> | null
}

// GetFile reads through a plain descriptor: a read stream on it uses callback reads, which move large files
// markedly faster than a FileHandle stream on Node 20.
function openFd(path: string, flags: number): Promise<number> {
  return new Promise((resolve, reject) => openCallback(path, flags, (error, fd) => (error ? reject(error) : resolve(fd))))
}

export function closeFd(fd: number): void {
  closeCallback(fd, () => undefined)
}

export function createFileStore(deps: FileStoreDeps): FileStore {
  const { db, versions, trashBin, clock, random, log } = deps
  const files = withRowCache(deps.files)
  const mutex = deps.mutex ?? createKeyedMutex()
  const root = deps.root ? realpathSync(deps.root) : ''
  const onlyFiles = deps.onlyFiles
  /** false for a file of the folder this store does not serve (a sibling of an "open just this file" place) */
  const serves = (relPath: string): boolean => {
    const only = onlyFiles?.()
    return !only || only.has(relPath)
  }
  function requireServed(relPath: string, shown: string): void {
    if (serves(relPath)) return
    throw new PathError(
      'outside',
      `"${shown}" is not served: only the file opened from ${root} is. Serve its folder as a place to open the others.`,
    )
  }
  const quickFs = deps.quickFs ?? createQuickFs({ root, log })
  // The folders of documents being stat'ed again and again (CheckFileInfo), kept open for a moment.
  const statFolders = createFolderCache()
  // A save between its rename and its database update: observers wait, or they would count it as a foreign change.
  const commits = new Map<string, Promise<void>>()
  const renameIntents = createRenameIntents(db)
  const folderRenameIntents = createFolderRenameIntents(db)
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
    if (!row || row.deletedAt !== null || row.root !== root || !root || !serves(row.relPath))
      throw new FileGoneError('unknown or deleted file id')
    return row
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
      folder =
        quickFs.mode() === 'sync'
          ? statFolders.openSync(rootReal, joinRel(rootReal, relDir))
          : await openConfinedFolder(rootReal, joinRel(rootReal, relDir))
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
    const alone = onlyFiles?.() ? { alone: true } : {}
    return { row: applyObserved(row, diskStateOf(located.stats)), path: located.path, writable: isWritableByUser(located.stats), ...alone }
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

  const { replaceContent, createFile } = createWriter({
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
  })
  const { renameFile, renameFolder, trash, purgeTrash, emptyTrash } = createNamespaceOps({
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
  })
  const { reconcile } = createReconciler({
    db,
    files,
    root,
    quickFs,
    trashBin,
    versions,
    renameIntents,
    folderRenameIntents,
    clock,
    log,
    retireStaleRow,
  })

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
      // Before the disk is asked: a sibling of a single served file is refused, whether it exists or not.
      requireServed(rel, input)
      const real = await resolveInside(rootReal, rel)
      const name = basename(real)
      if (isTempFileName(name) || isLockOwnerFileName(name)) {
        throw new PathError('not-a-file', `"${input}" is a lock or temporary file, not a document.`)
      }
      const stats = await stat(real, { bigint: true })
      if (!stats.isFile()) throw new PathError('not-a-file', `"${input}" is a folder, not a file.`)
      // Keyed by the real path: a symbolic link and its target share one id, hence one lock.
      const relPath = relPathOf(rootReal, real)
      requireServed(relPath, input)
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

    liveRows: () => (root ? files.liveUnder(root, '').filter((row) => serves(row.relPath)) : []),

    observe,

    openForRead,

    replaceContent,
    createFile,
    findEntry,
    freeName,
    rename: renameFile,
    renameFolder,
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
          if (error instanceof PathError)
            throw new PathError(
              error.kind,
              `The folder "${relDir}" the file was deleted from is gone or outside the served folder; create it again, then restore.`,
            )
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
            await trashBin
              .giveBack(entry, target)
              .catch((undoError: unknown) =>
                log.warn('could not put a file back into the trash after a failed restore', { code: errorCode(undoError) }),
              )
            throw error
          }
        })
      })
    },

    listTrash: () => trashBin.list(),
    listVersions: (fileId) => versions.list(fileId),
    keepRefusedSave: (fileId, source, maxBytes) => versions.keepUpload(getLive(fileId), source, maxBytes, 'conflict'),

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
