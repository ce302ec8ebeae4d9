import { realpath } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import type { FileRepo, FileRow } from '../db/file-repo'
import { FileGoneError, type FileStore, type ReconcileReport } from '../files/file-store'
import { isInside, PathError, relPathOf } from '../files/path-confinement'

// One FileStore in front of every place's store, so WOPI operations, sessions, the Files page, versions, trash
// and start-up reconcile work unchanged for files of any place. A file id reaches the store of its row's root; an
// absolute path reaches the store whose folder holds it; a relative path means the configured root, as before.
// Trash and versions live in the data folder and are shared: any store can list, purge or empty them.

export interface RoutingDeps {
  rootStore: FileStore
  /** every served folder's store, the root's included */
  stores: () => FileStore[]
  rows: Pick<FileRepo, 'byId'>
}

export function createRoutingFileStore(deps: RoutingDeps): FileStore {
  const { rootStore } = deps
  // A row's root never changes (renames change its relPath only), so once known it is known for good.
  const rootOfId = new Map<string, string>()

  function storeOfRoot(root: string): FileStore | undefined {
    return deps.stores().find((store) => store.root === root)
  }

  /** The store for a file id; the root's store (whose answer is then "unknown or deleted") when none serves it. */
  function storeFor(fileId: string): FileStore {
    const stores = deps.stores()
    if (stores.length === 1) return rootStore
    let root = rootOfId.get(fileId)
    if (root === undefined) {
      const row = deps.rows.byId(fileId)
      if (!row) return rootStore
      root = row.root
      rootOfId.set(fileId, root)
    }
    return storeOfRoot(root) ?? rootStore
  }

  function storeOfRow(row: FileRow): FileStore {
    return storeOfRoot(row.root) ?? rootStore
  }

  /** the store whose folder holds `realPath`, or a clear refusal */
  function storeHolding(realPath: string, shown: string): FileStore {
    const store = deps.stores().find((candidate) => candidate.root !== '' && isInside(candidate.root, realPath))
    if (!store)
      throw new PathError('outside', `${shown} is outside every served place; add its folder (or just the file) as a place first.`)
    return store
  }

  /** The real folder and the name as given: whether a name is served is the store's to say, before the disk is asked. */
  async function realPathOf(input: string): Promise<string> {
    const absolute = resolve(input)
    try {
      return join(await realpath(dirname(absolute)), basename(absolute))
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new PathError('not-found', `${input} does not exist.`)
      throw error
    }
  }

  const sum = (reports: ReconcileReport[]): ReconcileReport =>
    reports.reduce(
      (total, report) => ({
        savesFinished: total.savesFinished + report.savesFinished,
        trashFixed: total.trashFixed + report.trashFixed,
        renamesFound: total.renamesFound + report.renamesFound,
        versionFilesRemoved: total.versionFilesRemoved + report.versionFilesRemoved,
        versionRowsDropped: total.versionRowsDropped + report.versionRowsDropped,
      }),
      { savesFinished: 0, trashFixed: 0, renamesFound: 0, versionFilesRemoved: 0, versionRowsDropped: 0 },
    )

  return {
    get root() {
      return rootStore.root
    },
    mutex: rootStore.mutex,
    quickFs: rootStore.quickFs,
    withFile: (fileId, task) => rootStore.withFile(fileId, task),
    withNamespace: (task) => rootStore.withNamespace(task),

    async ensureFile(input) {
      if (!isAbsolute(input)) return rootStore.ensureFile(input)
      const real = await realPathOf(input)
      const store = storeHolding(real, input)
      return store.ensureFile(relPathOf(store.root, real))
    },
    get: (fileId) => storeFor(fileId).get(fileId),
    liveRows: () => deps.stores().flatMap((store) => store.liveRows()),
    observe: (fileId, known) => storeFor(fileId).observe(fileId, known),
    openForRead: (fileId, known) => storeFor(fileId).openForRead(fileId, known),
    replaceContent: (fileId, source, options) => storeFor(fileId).replaceContent(fileId, source, options),
    createFile: (dir, name, source, maxBytes) => storeHolding(dir, 'The target folder').createFile(dir, name, source, maxBytes),
    findEntry: (dir, name) => rootStore.findEntry(dir, name),
    freeName: (dir, stem, ext) => rootStore.freeName(dir, stem, ext),
    rename: (fileId, newName) => storeFor(fileId).rename(fileId, newName),
    // A relative folder is the served folder's; another place's folder comes as its real path.
    renameFolder(dir, newName) {
      if (!isAbsolute(dir)) return rootStore.renameFolder(dir, newName)
      const store = storeHolding(dir, dir)
      return store.renameFolder(relPathOf(store.root, dir), newName)
    },
    trash: (fileId) => storeFor(fileId).trash(fileId),
    restoreFromTrash(trashId) {
      const entry = rootStore.listTrash().find((candidate) => candidate.id === trashId)
      const row = entry ? deps.rows.byId(entry.fileId) : undefined
      // A file deleted from a place that is no longer served goes back into the served folder, as before places.
      return (row ? storeOfRow(row) : rootStore).restoreFromTrash(trashId)
    },
    listTrash: () => rootStore.listTrash(),
    listVersions: (fileId) => storeFor(fileId).listVersions(fileId),
    keepRefusedSave: (fileId, source, maxBytes) => storeFor(fileId).keepRefusedSave(fileId, source, maxBytes),
    restoreVersion: (fileId, versionId) => storeFor(fileId).restoreVersion(fileId, versionId),
    async sweepTempFiles(olderThanMs) {
      let removed = 0
      for (const store of deps.stores()) removed += await store.sweepTempFiles(olderThanMs)
      return removed
    },
    locate: (row) => {
      const store = storeOfRoot(row.root)
      if (!store) return Promise.reject(new FileGoneError('the file is not available: its place is no longer served'))
      return store.locate(row)
    },
    purgeTrash: (trashId) => rootStore.purgeTrash(trashId),
    emptyTrash: (before) => rootStore.emptyTrash(before),
    async reconcile() {
      const reports: ReconcileReport[] = []
      for (const store of deps.stores()) reports.push(await store.reconcile())
      return sum(reports)
    },
  }
}
