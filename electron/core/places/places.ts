import { createHash } from 'node:crypto'
import { realpathSync, statSync } from 'node:fs'
import { basename, dirname, isAbsolute } from 'node:path'
import type { PlaceDto } from '../../contract/dto'
import { ApiError } from '../../contract/envelope'
import type { FileRepo } from '../db/file-repo'
import type { Clock, Log } from '../deps'
import type { FileStore } from '../files/file-store'
import { isInside } from '../files/path-confinement'
import type { PlaceChoice, PlaceKind, PlaceSettings, StoredPlace } from './place-settings'
import { createRoutingFileStore } from './routing-file-store'

// Places: the folders (and single files) this desk serves. The configured root (settings / --root) is always
// first. Each served folder has one file store; the store's rows are keyed by the folder's real path, so a file
// keeps its id across restarts and whatever else is added. Places never nest: a file reachable through two roots
// would have two ids, hence two locks, and two editors could save over each other.

export const ROOT_PLACE_ID = 'root'

export interface Place extends PlaceDto {
  /** the store of the place's folder; null when the place is unavailable */
  store: FileStore | null
}

export interface PlacesDeps {
  settings: PlaceSettings
  /** raw rows, to find the place of a deleted file (a trash entry) */
  rows: Pick<FileRepo, 'byId'>
  /** makes the store of a folder; `onlyFiles` confines it to those names (single-file places) */
  makeStore(root: string, onlyFiles: () => ReadonlySet<string> | null): FileStore
  /** the root's store is made by the caller (its errors say what to do about a vanished served folder) */
  rootStore: FileStore
  clock: Clock
  log: Log
}

export interface Places {
  /** every place's files behind one FileStore: WOPI, sessions, versions, trash and reconcile use this */
  readonly files: FileStore
  list(): Place[]
  get(placeId: string): Place
  /** the place that serves this real path (a file of a folder place, or a single-file place's file), if any */
  placeServing(realPath: string): Place | undefined
  /** the served place a file (live or deleted) belongs to, if its place is still served */
  placeOfFile(fileId: string): Place | undefined
  add(request: { path: string; kind: PlaceKind }): Place
  /** Stops serving a place (its files stay on disk); `inUse` refuses while a file of it is open. */
  remove(placeId: string, inUse?: (owns: (fileId: string) => boolean) => string | null): Place
  /** the remembered answer to "open just this file or serve its folder?" for documents from `folder` */
  choiceFor(folder: string): PlaceChoice | undefined
  rememberChoice(folder: string, choice: PlaceChoice): void
}

/** A folder served by one store: the whole folder, or only the named files of single-file places. */
interface ServedFolder {
  store: FileStore
  /** null: the whole folder; else the names of its single-file places */
  onlyFiles: Set<string> | null
}

function placeIdOf(kind: PlaceKind, path: string): string {
  return `${kind}-${createHash('sha256').update(path).digest('hex').slice(0, 12)}`
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}

/** The real path of what a user or the system handed over, or one clear error saying what is wrong with it. */
export function realPathOf(path: string, expected: PlaceKind | 'document'): string {
  if (!isAbsolute(path))
    throw new ApiError('invalid-argument', `"${path}" is not an absolute path; give the full path, e.g. /home/me/Documents.`)
  let real: string
  try {
    real = realpathSync(path)
  } catch (error) {
    const code = errorCode(error)
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new ApiError('not-found', `${path} does not exist (it was moved, renamed or deleted). Check the path.`)
    if (code === 'EACCES' || code === 'EPERM') throw new ApiError('forbidden', `WOPI Desk may not read ${path} (permission denied).`)
    if (code === 'ELOOP') throw new ApiError('invalid-argument', `${path} is a symbolic link loop.`)
    throw error
  }
  const stats = statSync(real)
  if (expected === 'folder') {
    if (!stats.isDirectory())
      throw new ApiError('invalid-argument', `${path} is a file, not a folder; add it as "just this file", or add the folder it is in.`)
  } else if (stats.isDirectory()) {
    throw new ApiError('invalid-argument', `${path} is a folder, not a document; open a file, or add the folder as a place.`)
  } else if (!stats.isFile()) {
    throw new ApiError('invalid-argument', `${path} is not a regular file (a device, pipe or socket); only documents can be opened.`)
  }
  return real
}

export function createPlaces(deps: PlacesDeps): Places {
  const { settings, log } = deps
  const folders = new Map<string, ServedFolder>()
  // Read on every WOPI request (which store has this file?): rebuilt when a folder is served or dropped, not per call.
  let storeList: FileStore[] = []
  const foldersChanged = () => {
    storeList = [...folders.values()].map((served) => served.store)
  }
  const rootPath = deps.rootStore.root
  // Always there, even with no root configured: trash and versions are reconciled through it.
  folders.set(rootPath, { store: deps.rootStore, onlyFiles: null })
  foldersChanged()
  let stored: StoredPlace[] = settings.places()

  function folderOf(place: StoredPlace): string {
    return place.kind === 'folder' ? place.path : dirname(place.path)
  }

  /** Serves a stored place's folder; false when it is gone (it stays listed as unavailable). */
  function serve(place: StoredPlace): boolean {
    const folder = folderOf(place)
    let served = folders.get(folder)
    if (!served) {
      const onlyFiles = place.kind === 'file' ? new Set<string>() : null
      let store: FileStore
      try {
        store = deps.makeStore(folder, () => served?.onlyFiles ?? null)
      } catch (error) {
        log.warn('a place is not available', { kind: place.kind, code: errorCode(error) })
        return false
      }
      served = { store, onlyFiles }
      folders.set(folder, served)
      foldersChanged()
    }
    if (place.kind === 'file' && served.onlyFiles) served.onlyFiles.add(basename(place.path))
    return place.kind === 'folder' || existsAsFile(place.path)
  }

  const available = new Set<string>()
  for (const place of stored) {
    // A root changed to a folder around or inside a place: that place would give its files a second id.
    const nested = rootPath !== '' && (isInside(rootPath, folderOf(place)) || isInside(folderOf(place), rootPath))
    if (!nested && serve(place)) available.add(place.path)
  }

  function toPlace(place: StoredPlace): Place {
    const folder = folderOf(place)
    const up = available.has(place.path)
    return {
      id: placeIdOf(place.kind, place.path),
      kind: place.kind,
      path: place.path,
      folder,
      name: basename(place.path) || place.path,
      isRoot: false,
      available: up,
      store: up ? (folders.get(folder)?.store ?? null) : null,
    }
  }

  function list(): Place[] {
    const root: Place = {
      id: ROOT_PLACE_ID,
      kind: 'folder',
      path: rootPath,
      folder: rootPath,
      name: basename(rootPath) || rootPath,
      isRoot: true,
      available: rootPath !== '',
      store: deps.rootStore,
    }
    return [root, ...stored.filter((place) => place.path !== rootPath).map(toPlace)]
  }

  function get(placeId: string): Place {
    const place = list().find((candidate) => candidate.id === placeId)
    if (!place) throw new ApiError('not-found', `There is no place "${placeId}"; reload the list of places.`)
    return place
  }

  function placeServing(realPath: string): Place | undefined {
    return list().find((place) => {
      if (!place.available) return false
      return place.kind === 'folder' ? isInside(place.path, realPath) && realPath !== place.path : realPath === place.path
    })
  }

  function placeOfFile(fileId: string): Place | undefined {
    const row = deps.rows.byId(fileId)
    if (!row) return undefined
    // A folder place and single-file places never share a folder (adding the folder absorbs them).
    return list().find((place) => place.available && place.folder === row.root)
  }

  function save(next: StoredPlace[]): void {
    settings.savePlaces(next)
    stored = next
  }

  function add(request: { path: string; kind: PlaceKind }): Place {
    const real = realPathOf(request.path, request.kind)
    // A file already served (inside a folder place, or a single-file place itself) needs no place of its own.
    const serving = request.kind === 'file' ? placeServing(real) : undefined
    if (serving) return serving
    const folder = request.kind === 'folder' ? real : dirname(real)
    const existing = list().find((place) => place.available && place.kind === 'folder' && place.path === real)
    if (existing) return existing
    for (const place of list()) {
      if (!place.available || place.path === '') continue
      if (place.kind === 'folder' && isInside(place.path, folder)) {
        throw new ApiError('conflict', `${real} is inside the place ${place.path}, whose files are served already; open it from there.`)
      }
      if (request.kind === 'folder' && isInside(real, place.folder) && place.folder !== real) {
        throw new ApiError('conflict', `${real} contains the place ${place.path}; remove that place first, then add the folder.`)
      }
    }
    const now = deps.clock.now()
    const entry: StoredPlace = { path: real, kind: request.kind, addedAt: now }
    // An unavailable place of the same path (its folder was gone at start-up) is replaced, not listed twice.
    let next = [...stored.filter((place) => place.path !== real), entry]
    if (request.kind === 'folder') {
      // The folder's single-file places become part of it: the same root, hence the same file ids.
      const absorbed = next.filter((place) => place.kind === 'file' && dirname(place.path) === real)
      next = next.filter((place) => !absorbed.includes(place))
      for (const place of absorbed) available.delete(place.path)
      const served = folders.get(real)
      if (served) served.onlyFiles = null
    }
    if (!serve(entry)) throw new ApiError('unavailable', `${real} could not be served; check that WOPI Desk may read it.`)
    available.add(real)
    save(next)
    log.info('place added', { kind: request.kind })
    return toPlace(entry)
  }

  function remove(placeId: string, inUse?: (owns: (fileId: string) => boolean) => string | null): Place {
    if (placeId === ROOT_PLACE_ID) {
      throw new ApiError(
        'invalid-argument',
        'The served folder is always the first place; choose another one in Settings (or with --root) instead of removing it.',
      )
    }
    const place = get(placeId)
    const served = folders.get(place.folder)
    if (served && place.available && inUse) {
      const owns = (fileId: string): boolean => {
        const row = served.store.get(fileId)
        return row !== undefined && (place.kind === 'folder' || row.relPath === basename(place.path))
      }
      const busy = inUse(owns)
      if (busy) throw new ApiError('conflict', `${busy} Close it there first, then remove the place (its files stay on disk).`)
    }
    save(stored.filter((candidate) => candidate.path !== place.path))
    available.delete(place.path)
    settings.forgetChoice(place.folder)
    if (served) {
      if (place.kind === 'folder' || !served.onlyFiles) folders.delete(place.folder)
      else {
        served.onlyFiles.delete(basename(place.path))
        if (served.onlyFiles.size === 0) folders.delete(place.folder)
      }
      foldersChanged()
    }
    log.info('place removed', { kind: place.kind })
    return place
  }

  const files = createRoutingFileStore({
    rootStore: deps.rootStore,
    stores: () => storeList,
    rows: deps.rows,
  })

  return {
    files,
    list,
    get,
    placeServing,
    placeOfFile,
    add,
    remove,
    choiceFor: (folder) => settings.choiceFor(folder),
    rememberChoice: (folder, choice) => settings.rememberChoice(folder, choice),
  }
}

function existsAsFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}
