import { mkdir, readdir, rmdir, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import type { ApiImplementation } from '../../contract/channels'
import type { FileEntryDto } from '../../contract/dto'
import type { FileRow } from '../db/file-repo'
import { ApiError } from '../../contract/envelope'
import type { EventBus } from '../event-bus'
import type { LockService } from '../wopi/locks'
import { findDesktopLock } from './desktop-locks'
import { FileGoneError, type FileStore } from './file-store'
import { fileNameProblem, nameKey, splitExtension } from './file-names'
import { normaliseRelPath, PathError, relPathOf, resolveInside } from './path-confinement'
import { namingThePlace, rowInPlace } from './place-paths'
import { ROOT_PLACE_ID, type Places } from '../places/places'

// What the Files page does to the folder itself: rename (F2), delete to the trash (Delete), upload, new folder,
// and the same rename and delete for a whole folder, in the served folder or in any folder place (each confined
// to its place). A single-file place allows none of them: renaming or deleting its file would leave the place
// pointing at nothing, and nothing else in its folder is served.
// Each goes through the same file store, mutexes and lock checks as the WOPI operations, so an editor that holds
// a document is never pulled from under it, nothing is overwritten, and a delete can be undone from the trash.

type FileActionChannels =
  'files:rename' | 'files:trash' | 'files:upload' | 'files:new-folder' | 'files:rename-folder' | 'files:trash-folder'

/** A folder action holds every file's mutex at once; beyond this many files it is a job for the file manager. */
export const MAX_FILES_PER_FOLDER_ACTION = 1000

export interface FileActionsDeps {
  files: FileStore
  locks: LockService
  maxFileSizeBytes: () => number
  events?: Pick<EventBus, 'emit'>
  /** the places besides the served folder (an action with a place) */
  places?: Pick<Places, 'get'>
}

/** the folder an action works in: the served folder, or a folder place */
interface Scope {
  root: string
  /** the served folder, whose store takes paths relative to it; other places' stores are reached by real path */
  served: boolean
}

export function createFileActionsApi(deps: FileActionsDeps): Pick<ApiImplementation, FileActionChannels> {
  const { files, locks } = deps

  function rootOrFail(): string {
    if (!files.root) throw new ApiError('unavailable', 'No folder is served yet. Choose one on the Settings page.')
    return files.root
  }

  function scopeOf(placeId: string | undefined): Scope {
    if (placeId === undefined || placeId === ROOT_PLACE_ID || !deps.places) return { root: rootOrFail(), served: true }
    const place = deps.places.get(placeId)
    if (!place.available)
      throw new ApiError('unavailable', `${place.path} is not available (moved, renamed, or on a disk that is not connected).`)
    if (place.kind === 'file')
      throw new ApiError(
        'invalid-argument',
        `${place.path} is served on its own: it cannot be renamed or deleted here, and nothing can be added next to it. Do that on this computer, or add its folder as a place.`,
      )
    return { root: place.folder, served: false }
  }

  /** A path refused in another place names that place, not the served folder the confinement messages speak of. */
  function naming<T>(scope: Scope, task: () => Promise<T>): Promise<T> {
    return scope.served ? task() : namingThePlace(scope.root, task)
  }

  /** the store's row of a file of the scope; a path that leads into another place or out of every one is refused */
  function rowIn(scope: Scope, path: string): Promise<FileRow> {
    return scope.served ? files.ensureFile(path) : rowInPlace(files, scope.root, path)
  }

  function folderOf(scope: Scope, relDir: string): Promise<string> {
    return naming(scope, async () => {
      const root = scope.root
      const rel = normaliseRelPath(relDir)
      const real = rel === '' ? root : await resolveInside(root, rel)
      if (!(await stat(real)).isDirectory()) throw new ApiError('invalid-argument', `"${relDir}" is a file, not a folder.`)
      return real
    })
  }

  /** Refuses while an editor or a desktop program has the file open: they would save over the change. */
  async function requireUnlocked(fileId: string, path: string, doing: string): Promise<void> {
    const held = locks.current(fileId)
    if (held) throw new ApiError('conflict', `${basename(path)} is open in ${held.client ?? 'an editor'}; close it there, then ${doing}.`)
    const desktop = await findDesktopLock(dirname(path), basename(path), files.quickFs)
    if (desktop)
      throw new ApiError(
        'conflict',
        `${basename(path)} is open in ${desktop.program}${desktop.user ? ` (${desktop.user})` : ''}; close it there, then ${doing}.`,
      )
  }

  async function entryOf(scope: Scope, realPath: string): Promise<FileEntryDto> {
    const root = scope.root
    const info = await stat(realPath)
    const name = basename(realPath)
    const folder = info.isDirectory()
    const { ext } = splitExtension(name)
    return {
      path: relPathOf(root, realPath),
      name,
      kind: folder ? 'folder' : 'file',
      ext: folder ? '' : ext.replace(/^\./, '').toLowerCase(),
      size: folder ? 0 : info.size,
      modifiedAt: info.mtimeMs,
      lock: null,
    }
  }

  /** The regular files below a folder (real paths), refusing anything else: a link or a device is not ours to move. */
  async function filesBelow(root: string, realDir: string, relDir: string): Promise<{ files: string[]; folders: string[] }> {
    const found = { files: [] as string[], folders: [realDir] }
    const pending = [realDir]
    while (pending.length > 0) {
      const dir = pending.pop()!
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) {
          found.folders.push(path)
          pending.push(path)
        } else if (entry.isFile()) {
          found.files.push(path)
        } else {
          throw new ApiError(
            'invalid-argument',
            `"${relDir}" holds ${relPathOf(root, path)}, which is not a regular file; move or delete it on this computer, then try again.`,
          )
        }
        if (found.files.length > MAX_FILES_PER_FOLDER_ACTION) {
          throw new ApiError(
            'invalid-argument',
            `"${relDir}" holds more than ${MAX_FILES_PER_FOLDER_ACTION} files; rename or delete it on this computer instead.`,
          )
        }
      }
    }
    return found
  }

  /** Runs `task` holding the mutex of every file (in id order, so two folder actions never wait on each other). */
  function withEveryFile<T>(rows: FileRow[], task: () => Promise<T>): Promise<T> {
    const ids = [...new Set(rows.map((row) => row.id))].sort()
    const hold = (index: number): Promise<T> => (index === ids.length ? task() : files.withFile(ids[index]!, () => hold(index + 1)))
    return hold(0)
  }

  async function folderRows(scope: Scope, relDir: string): Promise<{ real: string; rows: FileRow[]; folders: string[] }> {
    const root = scope.root
    const rel = await naming(scope, async () => normaliseRelPath(relDir))
    if (rel === '')
      throw new ApiError(
        'invalid-argument',
        scope.served
          ? 'The served folder itself cannot be renamed or deleted here; choose another folder on the Settings page.'
          : `The place ${root} itself cannot be renamed or deleted here; remove the place on the Settings page instead.`,
      )
    const real = await naming(scope, () => resolveInside(root, rel))
    if (!(await stat(real)).isDirectory()) throw new ApiError('invalid-argument', `"${relDir}" is a file, not a folder.`)
    const below = await filesBelow(root, real, rel)
    const rows: FileRow[] = []
    for (const path of below.files) rows.push(await files.ensureFile(scope.served ? relPathOf(root, path) : path))
    return { real, rows, folders: below.folders }
  }

  const changed = (...paths: string[]) => deps.events?.emit('files:changed', { paths })

  return {
    'files:rename': (path, newName, where) =>
      asApiErrors(async () => {
        const scope = scopeOf(where?.place)
        const name = newName.trim()
        const problem = fileNameProblem(name)
        if (problem) throw new ApiError('invalid-argument', `"${name}" cannot be a file name: ${problem}.`)
        const row = await rowIn(scope, path)
        const renamed = await files.withFile(row.id, async () => {
          const { path: real } = await files.observe(row.id)
          await requireUnlocked(row.id, real, 'rename it')
          return files.withNamespace(async () => {
            const existing = await files.findEntry(dirname(real), name)
            if (existing !== null && nameKey(existing) !== nameKey(basename(real))) {
              throw new ApiError('conflict', `"${existing}" already exists in this folder. Choose another name.`)
            }
            return files.rename(row.id, name)
          })
        })
        changed(path, renamed.relPath)
        return entryOf(scope, join(scope.root, renamed.relPath))
      }),

    'files:trash': (path, where) =>
      asApiErrors(async () => {
        const row = await rowIn(scopeOf(where?.place), path)
        const entry = await files.withFile(row.id, async () => {
          const { path: real } = await files.observe(row.id)
          await requireUnlocked(row.id, real, 'delete it')
          return files.withNamespace(() => files.trash(row.id))
        })
        changed(path)
        return { trashId: entry.id }
      }),

    'files:upload': ({ dir, name, base64, place }) =>
      asApiErrors(async () => {
        const scope = scopeOf(place)
        const folder = await folderOf(scope, dir)
        const problem = fileNameProblem(name)
        if (problem)
          throw new ApiError('invalid-argument', `"${name}" cannot be a file name here: ${problem}. Rename it, then upload again.`)
        const bytes = Buffer.from(base64, 'base64')
        const limit = deps.maxFileSizeBytes()
        if (bytes.length > limit)
          throw new ApiError('invalid-argument', `"${name}" is larger than this host's limit (${limit} bytes); raise it in Settings.`)
        // Never over an existing file: the upload gets the first free name ("report (1).docx").
        const created = await files.withNamespace(async () => {
          const { stem, ext } = splitExtension(name)
          const free = (await files.findEntry(folder, name)) === null ? name : await files.freeName(folder, stem, ext)
          return files.createFile(folder, free, Readable.from([bytes]), limit)
        })
        changed(created.relPath)
        return entryOf(scope, join(scope.root, created.relPath))
      }),

    'files:new-folder': ({ dir, name, place }) =>
      asApiErrors(async () => {
        const scope = scopeOf(place)
        const folder = await folderOf(scope, dir)
        const trimmed = name.trim()
        const problem = fileNameProblem(trimmed)
        if (problem) throw new ApiError('invalid-argument', `"${trimmed}" cannot be a folder name: ${problem}.`)
        const target = join(folder, trimmed)
        await files.withNamespace(async () => {
          const existing = await files.findEntry(folder, trimmed)
          if (existing !== null) throw new ApiError('conflict', `"${existing}" already exists in this folder. Choose another name.`)
          await mkdir(target)
        })
        const entry = await entryOf(scope, target)
        changed(entry.path)
        return entry
      }),

    'files:rename-folder': (path, newName, where) =>
      asApiErrors(async () => {
        const scope = scopeOf(where?.place)
        const name = newName.trim()
        const problem = fileNameProblem(name)
        if (problem) throw new ApiError('invalid-argument', `"${name}" cannot be a folder name: ${problem}.`)
        const { real, rows } = await folderRows(scope, path)
        const renamed = await withEveryFile(rows, async () => {
          for (const row of rows) await requireUnlocked(row.id, (await files.observe(row.id)).path, 'rename the folder')
          return files.withNamespace(async () => {
            const existing = await files.findEntry(dirname(real), name)
            if (existing !== null && nameKey(existing) !== nameKey(basename(real))) {
              throw new ApiError('conflict', `"${existing}" already exists in this folder. Choose another name.`)
            }
            // Another place's store is reached by the folder's real path (the routing store finds it).
            return files.renameFolder(scope.served ? relPathOf(scope.root, real) : real, name)
          })
        })
        changed(path, renamed)
        return entryOf(scope, join(scope.root, renamed))
      }),

    'files:trash-folder': (path, where) =>
      asApiErrors(async () => {
        const { rows, folders } = await folderRows(scopeOf(where?.place), path)
        const trashIds = await withEveryFile(rows, async () => {
          // Every file is checked before the first one moves: a folder is not left half deleted because of a lock.
          for (const row of rows) await requireUnlocked(row.id, (await files.observe(row.id)).path, 'delete the folder')
          const ids: number[] = []
          for (const row of rows) ids.push((await files.withNamespace(() => files.trash(row.id))).id)
          return ids
        })
        // Deepest first; rmdir never removes anything that appeared meanwhile, it leaves that folder in place.
        for (const folder of folders.sort((a, b) => b.length - a.length)) await rmdir(folder).catch(() => undefined)
        changed(path)
        return { trashIds }
      }),
  }
}

async function asApiErrors<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task()
  } catch (error) {
    if (error instanceof ApiError) throw error
    if (error instanceof PathError) throw new ApiError(error.kind === 'not-found' ? 'not-found' : 'invalid-argument', error.message)
    if (error instanceof FileGoneError) throw new ApiError('not-found', `${error.message}. Refresh the list.`)
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') throw new ApiError('conflict', 'Something with that name already exists in this folder. Choose another name.')
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      throw new ApiError('forbidden', 'The served folder is read-only here (permission denied); nothing was changed.')
    if (code === 'ENOENT') throw new ApiError('not-found', 'That file or folder no longer exists. Refresh the list.')
    throw error
  }
}
