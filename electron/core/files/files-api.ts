import type { ApiImplementation } from '../../contract/channels'
import { stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { FileEntryDto, FileListing, LockDto, VersionDto } from '../../contract/dto'
import { ApiError } from '../../contract/envelope'
import type { FileRow } from '../db/file-repo'
import type { LockRow } from '../db/lock-repo'
import type { Clock } from '../deps'
import type { EventBus } from '../event-bus'
import type { LockService } from '../wopi/locks'
import { createDirectoryLister, type ListedEntry } from './directory-listing'
import { FileGoneError, type FileStore } from './file-store'
import { normaliseRelPath, PathError } from './path-confinement'
import { namingThePlace, rowInPlace } from './place-paths'
import { splitExtension } from './file-names'
import { ROOT_PLACE_ID, type Places } from '../places/places'
import { ReadOnlyFileError } from './read-only'

type FilesChannels = 'files:list' | 'files:versions' | 'files:restore-version' | 'files:locks'

export interface FilesApiDeps {
  files: FileStore
  locks: LockService
  clock: Clock
  events?: Pick<EventBus, 'emit'>
  /** the places besides the served folder ('files:list' with a place) */
  places?: Pick<Places, 'get'>
  /**
   * Hands over a job that lists the served folder in the background, so the console's first visit to Files is
   * instant; the caller runs it when the console can be visited (a desk that only answers a command never does).
   */
  prewarm?: (job: () => void) => void
}

/** The console's Files page: the served folder with lock holders, versions and restore. */
export function createFilesApi(deps: FilesApiDeps): Pick<ApiImplementation, FilesChannels> {
  const { files, locks } = deps
  const lister = createDirectoryLister(() => deps.clock.now())
  // After the current turn: whoever is starting the console should not wait for a 100,000-entry folder.
  deps.prewarm?.(() => {
    if (files.root) setImmediate(() => void lister.prewarm(files.root))
  })

  function rootOrFail(): string {
    if (!files.root)
      throw new ApiError('unavailable', 'No folder is served yet. Choose one on the Settings page, or start wopi-desk serve with --root.')
    return files.root
  }

  /** Active WOPI locks by path in the folder `root`: there are few, so a map beats a query per row. */
  function locksByPath(root: string): Map<string, LockRow> {
    const byPath = new Map<string, LockRow>()
    for (const lock of locks.active()) {
      const row = files.get(lock.fileId)
      if (row && row.root === root) byPath.set(row.relPath, lock)
    }
    return byPath
  }

  /** the folder to list for a place, and the one file of a single-file place */
  function placeFolder(placeId: string | undefined): { root: string; onlyFile: string | null } {
    if (placeId === undefined || placeId === ROOT_PLACE_ID || !deps.places) return { root: rootOrFail(), onlyFile: null }
    const place = deps.places.get(placeId)
    if (!place.available)
      throw new ApiError('unavailable', `${place.path} is not available (moved, renamed, or on a disk that is not connected).`)
    return { root: place.folder, onlyFile: place.kind === 'file' ? basename(place.path) : null }
  }

  function toDto(entry: ListedEntry, lock: LockRow | undefined): FileEntryDto {
    const { desktopOwner, ...rest } = entry
    let lockDto: LockDto | null = null
    if (lock) lockDto = { lockId: lock.lockId, client: lock.client, expiresAt: lock.expiresAt, ...(desktopOwner ? { desktopOwner } : {}) }
    else if (desktopOwner) lockDto = { lockId: '', client: null, expiresAt: 0, desktopOwner }
    return { ...rest, lock: lockDto }
  }

  /**
   * The id of a file of a place. Without a place (or the served folder's), the path is relative to the served
   * folder or the full path of a file in any place, as before places could be named. With another place it is
   * relative to that place, confined to it like the Files page's actions: `..`, an absolute path, or a link into
   * another place or out of every one is refused, naming the place.
   */
  async function fileIdIn(placeId: string | undefined, path: string): Promise<string> {
    if (placeId === undefined || placeId === ROOT_PLACE_ID || !deps.places) {
      rootOrFail()
      return (await files.ensureFile(path)).id
    }
    const { root, onlyFile } = placeFolder(placeId)
    if (onlyFile !== null && (await namingThePlace(root, async () => normaliseRelPath(path))) !== onlyFile)
      throw new ApiError('not-found', `"${path}" is not served: the place ${join(root, onlyFile)} serves that one file only.`)
    return (await rowInPlace(files, root, path)).id
  }

  return {
    'files:list': ({ place, ...request }) =>
      asApiErrors(async () => {
        const { root, onlyFile } = placeFolder(place)
        const held = locksByPath(root)
        const placed = place === undefined ? {} : { place }
        if (onlyFile !== null) return { root, ...placed, ...(await singleFileWindow(root, onlyFile, request, (path) => held.get(path))) }
        const window = await lister.list(root, request)
        return {
          root,
          ...placed,
          dir: window.dir,
          entries: window.entries.map((entry) => toDto(entry, held.get(entry.path))),
          offset: window.offset,
          total: window.total,
          truncated: window.truncated,
        }
      }),

    'files:versions': (path, where) =>
      asApiErrors(async () => {
        const fileId = await fileIdIn(where?.place, path)
        return files.listVersions(fileId).map((version): VersionDto => ({
          id: version.id,
          version: version.version,
          name: version.relPath.split('/').pop() ?? version.relPath,
          size: version.size,
          createdAt: version.createdAt,
          reason: version.reason,
        }))
      }),

    'files:restore-version': (path, versionId, where) =>
      asApiErrors(async () => {
        const fileId = await fileIdIn(where?.place, path)
        const lock = locks.current(fileId)
        if (lock) {
          throw new ApiError(
            'conflict',
            `${path} is open in ${lock.client ?? 'an editor'} right now. Close it there first, then restore, so the editor does not save over the restored content.`,
          )
        }
        const row = await files.restoreVersion(fileId, versionId)
        deps.events?.emit('files:changed', { paths: [row.relPath] })
        return fileEntryOf(row)
      }),

    'files:locks': async () =>
      locks.active().flatMap((lock) => {
        const row = files.get(lock.fileId)
        return row ? [{ path: row.relPath, lockId: lock.lockId, client: lock.client, expiresAt: lock.expiresAt }] : []
      }),
  }
}

/** A single-file place lists its one file, and nothing else of its folder (not even when searched for). */
async function singleFileWindow(
  folder: string,
  name: string,
  request: { dir: string; query?: string },
  lockOf: (path: string) => LockRow | undefined,
): Promise<Omit<FileListing, 'root' | 'place'>> {
  const matches = normaliseRelPath(request.dir) === '' && (!request.query || name.toLowerCase().includes(request.query.toLowerCase()))
  const info = matches ? await stat(join(folder, name)).catch(() => null) : null
  const entries: FileEntryDto[] = []
  if (info?.isFile()) {
    const lock = lockOf(name)
    const ext = splitExtension(name).ext.replace(/^\./, '').toLowerCase()
    entries.push({
      path: name,
      name,
      kind: 'file',
      ext,
      size: info.size,
      modifiedAt: info.mtimeMs,
      lock: lock ? { lockId: lock.lockId, client: lock.client, expiresAt: lock.expiresAt } : null,
    })
  }
  return { dir: '', entries, offset: 0, total: entries.length, truncated: false }
}

/** A file the store just wrote back (a restored version or trash entry), as the Files page lists it. */
export function fileEntryOf(row: FileRow): FileEntryDto {
  const name = row.relPath.split('/').pop() ?? row.relPath
  const dot = name.lastIndexOf('.')
  return {
    path: row.relPath,
    name,
    kind: 'file',
    ext: dot > 0 ? name.slice(dot + 1).toLowerCase() : '',
    size: row.size,
    modifiedAt: Date.parse(row.lastModified),
    lock: null,
  }
}

/** Path and file problems are the user's to fix: say so plainly instead of "internal error". */
export async function asApiErrors<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task()
  } catch (error) {
    if (error instanceof ApiError) throw error
    if (error instanceof PathError) throw new ApiError(error.kind === 'not-found' ? 'not-found' : 'invalid-argument', error.message)
    if (error instanceof FileGoneError) throw new ApiError('not-found', `${error.message}. Refresh the list.`)
    if (error instanceof ReadOnlyFileError)
      throw new ApiError('conflict', 'The file is read-only on disk; give it write permission first, then try again.')
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM') throw new ApiError('forbidden', 'WOPI Desk may not read that folder (permission denied).')
    if (code === 'ENOENT') throw new ApiError('not-found', 'That file or folder no longer exists. Refresh the list.')
    throw error
  }
}
