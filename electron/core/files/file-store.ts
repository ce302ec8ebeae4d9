import {
  close as closeCallback,
  constants,
  createReadStream,
  fstat as fstatCallback,
  open as openCallback,
  realpathSync,
  type BigIntStats,
} from 'node:fs'
import { lstat, readdir, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Readable } from 'node:stream'
import type { FileRepo, FileRow } from '../db/file-repo'
import { durably } from '../db/durable'
import type { Db } from '../db/open-db'
import type { TrashRow } from '../db/trash-repo'
import type { VersionReason, VersionRow } from '../db/version-repo'
import type { Clock, Log, Random } from '../deps'
import { randomId } from '../deps'
import { moveNoClobber, writeAtomically } from './atomic-write'
import { syncDirectory } from './directory-sync'
import { diskStateOf, nextLastModified, observed } from './change-detection'
import { isLockOwnerFileName } from './desktop-locks'
import { fitName, nameKey, numberedName, splitExtension } from './file-names'
import { withRowCache } from './file-row-cache'
import { createKeyedMutex, type KeyedMutex } from './keyed-mutex'
import { PathError, isInside, joinRel, normaliseRelPath, relPathOf, resolveInside } from './path-confinement'
import { createQuickFs, type QuickFs } from './quick-fs'
import { isTempFileName } from './temp-files'
import type { TrashBin } from './trash'
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

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0

// GetFile reads through a plain descriptor: a read stream on it uses callback reads, which move large files
// markedly faster than a FileHandle stream on Node 20.
function openFd(path: string, flags: number): Promise<number> {
  return new Promise((resolve, reject) => openCallback(path, flags, (error, fd) => (error ? reject(error) : resolve(fd))))
}

function fstatFd(fd: number): Promise<BigIntStats> {
  return new Promise((resolve, reject) => fstatCallback(fd, { bigint: true }, (error, stats) => (error ? reject(error) : resolve(stats))))
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
  // A save between its rename and its database update: observers wait, or they would count it as a foreign change.
  const commits = new Map<string, Promise<void>>()

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

  // Real paths of parent folders, re-checked at most once a second: CheckFileInfo then costs one lstat
  // instead of a realpath plus a stat. A folder swapped for a link that leads outside is caught within a second;
  // the file itself is checked on every call (a link in its place is resolved and confined in full).
  const folderCache = new Map<string, { real: string; at: number }>()
  const FOLDER_CACHE_MS = 1000

  async function realFolder(relDir: string): Promise<string> {
    if (relDir === '') return requireRoot()
    const now = performance.now()
    const cached = folderCache.get(relDir)
    if (cached && now - cached.at < FOLDER_CACHE_MS) return cached.real
    const real = await resolveInside(requireRoot(), relDir)
    folderCache.set(relDir, { real, at: now })
    if (folderCache.size > 1024) folderCache.delete(folderCache.keys().next().value!)
    return real
  }

  /** Real path and stat of a row's file, confined to the root; FileGoneError when it is not a file there. */
  async function statConfined(row: FileRow): Promise<{ path: string; stats: BigIntStats }> {
    const slash = row.relPath.lastIndexOf('/')
    let folder: string
    try {
      folder = await realFolder(slash < 0 ? '' : row.relPath.slice(0, slash))
    } catch (error) {
      if (error instanceof PathError) throw new FileGoneError(`the file is not available: ${error.message}`)
      throw error
    }
    const path = join(folder, row.relPath.slice(slash + 1))
    const stats = await quickFs.lstat(path)
    if (!stats) throw new FileGoneError('the file is no longer on disk')
    if (stats.isSymbolicLink()) {
      const real = await locate(row)
      const target = await stat(real, { bigint: true })
      if (!target.isFile()) throw new FileGoneError('the path is not a file')
      return { path: real, stats: target }
    }
    if (!stats.isFile()) throw new FileGoneError('the path is not a file')
    return { path, stats }
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
    return { row: applyObserved(row, diskStateOf(located.stats)), path: located.path }
  }

  async function openForRead(fileId: string, known?: FileRow): Promise<LocatedFile & { fd: number; size: number }> {
    const row = await currentRow(fileId, known)
    const slash = row.relPath.lastIndexOf('/')
    let path: string
    try {
      path = join(await realFolder(slash < 0 ? '' : row.relPath.slice(0, slash)), row.relPath.slice(slash + 1))
    } catch (error) {
      if (error instanceof PathError) throw new FileGoneError(`the file is not available: ${error.message}`)
      throw error
    }
    // Without O_NOFOLLOW (Windows) a link in the file's place would be followed unchecked: resolve it first.
    if (!O_NOFOLLOW) path = await locate(row)
    let fd: number
    try {
      // O_NOFOLLOW: a link in the file's place fails here and is resolved and confined in full below.
      fd = await openFd(path, constants.O_RDONLY | O_NOFOLLOW)
    } catch (error) {
      const code = errorCode(error)
      if ((code === 'ELOOP' || code === 'EMLINK') && O_NOFOLLOW) {
        path = await locate(row)
        fd = await openFd(path, constants.O_RDONLY)
      } else if (code === 'ENOENT' || code === 'ENOTDIR') {
        if (known) return openForRead(fileId)
        throw new FileGoneError('the file is no longer on disk')
      } else {
        throw error
      }
    }
    try {
      const stats = await fstatFd(fd)
      if (!stats.isFile()) throw new FileGoneError('the path is not a file')
      return { row: applyObserved(row, diskStateOf(stats)), path, fd, size: Number(stats.size) }
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

  // One transaction for a save's new state and the version it replaced (built once, not per save).
  const recordSave = db.transaction((fileId: string, next: FileRow, kept: CapturedVersion | null) => {
    files.setState(fileId, next)
    return kept ? versions.record(kept).pruned : []
  })

  async function replaceContent(fileId: string, source: Readable, options: { maxBytes: number; reason: VersionReason }): Promise<FileRow> {
    const row = getLive(fileId)
    // statConfined, not locate: the same confinement, without a realpath through the thread pool on every save.
    const { path, stats: before } = await statConfined(row)
    let base = row
    let captured: CapturedVersion | null = null
    let saved = false
    let release!: () => void
    const commit = new Promise<void>((resolve) => (release = resolve))
    try {
      await writeAtomically({
        target: path,
        source,
        maxBytes: options.maxBytes,
        random,
        mode: Number(before.mode & 0o7777n),
        beforeCommit: async () => {
          commits.set(fileId, commit)
          // What is on disk right now becomes a version, including a change another program made meanwhile.
          const current = await quickFs.lstat(path)
          base = files.byId(fileId) ?? row
          if (current && current.isFile()) {
            base = applyObserved(base, diskStateOf(current))
            captured = await versions.capture(base, path, Number(current.size), options.reason)
          }
        },
      })
      saved = true
      const written = await quickFs.lstat(path)
      if (!written) throw new FileGoneError('the file disappeared right after it was saved')
      const disk = diskStateOf(written)
      const next: FileRow = { ...base, ...disk, version: base.version + 1, lastModified: nextLastModified(base.lastModified, disk.mtimeNs) }
      const keptVersion = captured as CapturedVersion | null
      const pruned = recordSave.immediate(fileId, next, keptVersion)
      await versions.removeFiles(pruned)
      return next
    } finally {
      // A capture whose save did not happen is only a second name for the bytes still in place.
      const orphan = captured as CapturedVersion | null
      if (!saved && orphan) await versions.removeFiles([orphan])
      if (commits.get(fileId) === commit) commits.delete(fileId)
      release()
    }
  }

  async function createFile(dir: string, name: string, source: Readable, maxBytes: number): Promise<FileRow> {
    const rootReal = requireRoot()
    if (!isInside(rootReal, dir)) throw new PathError('outside', 'the target folder is outside the served folder')
    const target = join(dir, name)
    await writeAtomically({ target, source, maxBytes, random, noClobber: true })
    const disk = diskStateOf(await stat(target, { bigint: true }))
    const relPath = relPathOf(rootReal, target)
    const row: FileRow = {
      id: randomId(random, 16),
      root: rootReal,
      relPath,
      version: 1,
      ...disk,
      lastModified: nextLastModified(null, disk.mtimeNs),
      ownerId: deps.ownerId(),
      createdAt: clock.now(),
      deletedAt: null,
    }
    db.transaction(() => {
      retireStaleRow(relPath, null)
      files.insert(row)
    }).immediate()
    return row
  }

  async function renameFile(fileId: string, newName: string): Promise<FileRow> {
    const { row, path } = await observe(fileId)
    const dir = dirname(path)
    const oldName = basename(path)
    if (newName === oldName) return row
    const target = join(dir, newName)
    if (nameKey(newName) === nameKey(oldName)) {
      // Only the case changes: on Windows/macOS both names are this very file, so link() would fail.
      const existing = await lstat(target, { bigint: true }).catch(() => null)
      const own = await lstat(path, { bigint: true })
      if (existing && existing.ino !== own.ino) throw Object.assign(new Error(`${newName} already exists`), { code: 'EEXIST' })
      await rename(path, target)
    } else {
      await moveNoClobber(path, target)
    }
    await syncDirectory(dir)
    const relPath = relPathOf(root, target)
    db.transaction(() => {
      retireStaleRow(relPath, fileId)
      files.setPath(fileId, relPath)
    }).immediate()
    return { ...row, relPath }
  }

  async function trash(fileId: string): Promise<TrashRow> {
    const { row, path } = await observe(fileId)
    const entry = await trashBin.put(row, path, row.size)
    const id = durably(db, () => {
      files.markDeleted(fileId, clock.now())
      return trashBin.record(entry)
    })
    return { id, ...entry }
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
          const row: FileRow = {
            id: randomId(random, 16),
            root: rootReal,
            relPath,
            version: 1,
            ...disk,
            lastModified: nextLastModified(null, disk.mtimeNs),
            ownerId: deps.ownerId(),
            createdAt: clock.now(),
            deletedAt: null,
          }
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

    observe,

    openForRead,

    replaceContent,
    createFile,
    findEntry,
    freeName,
    rename: renameFile,
    trash,

    restoreFromTrash(trashId) {
      return mutex.run(NAMESPACE, async () => {
        const rootReal = requireRoot()
        const entry = trashBin.get(trashId)
        if (!entry) throw new FileGoneError(`there is no trash entry ${trashId}`)
        const relDir = entry.relPath.includes('/') ? entry.relPath.slice(0, entry.relPath.lastIndexOf('/')) : ''
        const dir = await resolveInside(rootReal, relDir)
        const { stem, ext } = splitExtension(basename(entry.relPath))
        const name = await freeName(dir, stem, ext)
        const target = join(dir, name)
        await trashBin.take(entry, target)
        const disk = diskStateOf(await stat(target, { bigint: true }))
        const relPath = relPathOf(rootReal, target)
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
          const row: FileRow = {
            id: randomId(random, 16),
            root: rootReal,
            relPath,
            version: 1,
            ...disk,
            lastModified: nextLastModified(null, disk.mtimeNs),
            ownerId: deps.ownerId(),
            createdAt: clock.now(),
            deletedAt: null,
          }
          files.insert(row)
          return row
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
        for (const name of await dirEntries(dir)) {
          if (!isTempFileName(name)) continue
          const info = await lstat(join(dir, name)).catch(() => null)
          if (!info || clock.now() - info.mtimeMs < olderThanMs) continue
          await unlink(join(dir, name)).then(
            () => removed++,
            (error: unknown) => log.warn('could not remove a stale temp file', { code: errorCode(error) }),
          )
        }
      }
      return removed
    },
  }
}
