import { mkdir, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import type { ApiImplementation } from '../../contract/channels'
import type { FileEntryDto } from '../../contract/dto'
import { ApiError } from '../../contract/envelope'
import type { EventBus } from '../event-bus'
import type { LockService } from '../wopi/locks'
import { findDesktopLock } from './desktop-locks'
import { FileGoneError, type FileStore } from './file-store'
import { fileNameProblem, nameKey, splitExtension } from './file-names'
import { normaliseRelPath, PathError, relPathOf, resolveInside } from './path-confinement'

// What the Files page does to the folder itself: rename (F2), delete to the trash (Delete), upload, new folder.
// Each goes through the same file store, mutexes and lock checks as the WOPI operations, so an editor that holds
// a document is never pulled from under it, nothing is overwritten, and a delete can be undone from the trash.

type FileActionChannels = 'files:rename' | 'files:trash' | 'files:upload' | 'files:new-folder'

export interface FileActionsDeps {
  files: FileStore
  locks: LockService
  maxFileSizeBytes: () => number
  events?: Pick<EventBus, 'emit'>
}

export function createFileActionsApi(deps: FileActionsDeps): Pick<ApiImplementation, FileActionChannels> {
  const { files, locks } = deps

  function rootOrFail(): string {
    if (!files.root) throw new ApiError('unavailable', 'No folder is served yet. Choose one on the Settings page.')
    return files.root
  }

  async function folderOf(relDir: string): Promise<string> {
    const root = rootOrFail()
    const rel = normaliseRelPath(relDir)
    const real = rel === '' ? root : await resolveInside(root, rel)
    if (!(await stat(real)).isDirectory()) throw new ApiError('invalid-argument', `"${relDir}" is a file, not a folder.`)
    return real
  }

  /** Refuses while an editor or a desktop program has the file open: they would save over the change. */
  async function requireUnlocked(fileId: string, path: string, doing: string): Promise<void> {
    const held = locks.current(fileId)
    if (held) throw new ApiError('conflict', `${basename(path)} is open in ${held.client ?? 'an editor'}; close it there, then ${doing}.`)
    const desktop = await findDesktopLock(dirname(path), basename(path), files.quickFs)
    if (desktop) throw new ApiError('conflict', `${basename(path)} is open in ${desktop.program}${desktop.user ? ` (${desktop.user})` : ''}; close it there, then ${doing}.`)
  }

  async function entryOf(realPath: string): Promise<FileEntryDto> {
    const root = rootOrFail()
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

  const changed = (...paths: string[]) => deps.events?.emit('files:changed', { paths })

  return {
    'files:rename': (path, newName) =>
      asApiErrors(async () => {
        rootOrFail()
        const name = newName.trim()
        const problem = fileNameProblem(name)
        if (problem) throw new ApiError('invalid-argument', `"${name}" cannot be a file name: ${problem}.`)
        const row = await files.ensureFile(path)
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
        return entryOf(join(rootOrFail(), renamed.relPath))
      }),

    'files:trash': (path) =>
      asApiErrors(async () => {
        rootOrFail()
        const row = await files.ensureFile(path)
        const entry = await files.withFile(row.id, async () => {
          const { path: real } = await files.observe(row.id)
          await requireUnlocked(row.id, real, 'delete it')
          return files.withNamespace(() => files.trash(row.id))
        })
        changed(path)
        return { trashId: entry.id }
      }),

    'files:upload': ({ dir, name, base64 }) =>
      asApiErrors(async () => {
        const folder = await folderOf(dir)
        const problem = fileNameProblem(name)
        if (problem) throw new ApiError('invalid-argument', `"${name}" cannot be a file name here: ${problem}. Rename it, then upload again.`)
        const bytes = Buffer.from(base64, 'base64')
        const limit = deps.maxFileSizeBytes()
        if (bytes.length > limit) throw new ApiError('invalid-argument', `"${name}" is larger than this host's limit (${limit} bytes); raise it in Settings.`)
        // Never over an existing file: the upload gets the first free name ("report (1).docx").
        const created = await files.withNamespace(async () => {
          const { stem, ext } = splitExtension(name)
          const free = (await files.findEntry(folder, name)) === null ? name : await files.freeName(folder, stem, ext)
          return files.createFile(folder, free, Readable.from([bytes]), limit)
        })
        changed(created.relPath)
        return entryOf(join(rootOrFail(), created.relPath))
      }),

    'files:new-folder': ({ dir, name }) =>
      asApiErrors(async () => {
        const folder = await folderOf(dir)
        const trimmed = name.trim()
        const problem = fileNameProblem(trimmed)
        if (problem) throw new ApiError('invalid-argument', `"${trimmed}" cannot be a folder name: ${problem}.`)
        const target = join(folder, trimmed)
        await files.withNamespace(async () => {
          const existing = await files.findEntry(folder, trimmed)
          if (existing !== null) throw new ApiError('conflict', `"${existing}" already exists in this folder. Choose another name.`)
          await mkdir(target)
        })
        const entry = await entryOf(target)
        changed(entry.path)
        return entry
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
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new ApiError('forbidden', 'The served folder is read-only here (permission denied); nothing was changed.')
    if (code === 'ENOENT') throw new ApiError('not-found', 'That file or folder no longer exists. Refresh the list.')
    throw error
  }
}
