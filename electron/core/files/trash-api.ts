import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { ApiImplementation } from '../../contract/channels'
import type { TrashEntryDto } from '../../contract/dto'
import { ApiError } from '../../contract/envelope'
import type { TrashRow } from '../db/trash-repo'
import type { EventBus } from '../event-bus'
import type { FileStore } from './file-store'
import type { Places } from '../places/places'
import { asApiErrors, fileEntryOf } from './files-api'
import { PathError, resolveInside } from './path-confinement'

type TrashChannels = 'trash:list' | 'trash:restore' | 'trash:delete' | 'trash:empty'

const DAY_MS = 24 * 3600 * 1000

export interface TrashApiDeps {
  files: FileStore
  /** days a deleted file stays restorable; 0 = until the trash is emptied */
  retentionDays: () => number
  events?: Pick<EventBus, 'emit'>
  /** the place each deleted file came from, which a restore puts it back into */
  places?: Pick<Places, 'placeOfFile'>
}

export function trashEntryDto(entry: TrashRow, retentionDays: number, place?: { id: string; name: string }): TrashEntryDto {
  return {
    id: entry.id,
    path: entry.relPath,
    size: entry.size,
    deletedAt: entry.deletedAt,
    expiresAt: retentionDays > 0 ? entry.deletedAt + retentionDays * DAY_MS : null,
    ...(place ? { place: place.id, placeName: place.name } : {}),
  }
}

/** The console's Trash view: deleted files, restorable or deleted for good. */
export function createTrashApi(deps: TrashApiDeps): Pick<ApiImplementation, TrashChannels> {
  const { files } = deps

  function entryOrFail(trashId: number): TrashRow {
    const entry = files.listTrash().find((row) => row.id === trashId)
    if (!entry) throw new ApiError('not-found', `There is no deleted file with id ${trashId} in the trash (any more). Refresh the list.`)
    return entry
  }

  return {
    'trash:list': async () =>
      files.listTrash().map((entry) => trashEntryDto(entry, deps.retentionDays(), deps.places?.placeOfFile(entry.fileId))),

    'trash:restore': (trashId) =>
      asApiErrors(async () => {
        entryOrFail(trashId)
        if (!files.root)
          throw new ApiError(
            'unavailable',
            'No folder is served yet. Choose one on the Settings page, or start wopi-desk serve with --root.',
          )
        const entry = entryOrFail(trashId)
        // The file store puts it back into its place's store; a place no longer served means the served folder.
        const place = deps.places?.placeOfFile(entry.fileId)
        await recreateFolderOf(place?.folder ?? files.root, entry.relPath)
        const row = await files.restoreFromTrash(trashId)
        deps.events?.emit('files:changed', { paths: [row.relPath] })
        return fileEntryOf(row)
      }),

    'trash:delete': (trashId) =>
      asApiErrors(async () => {
        entryOrFail(trashId)
        await files.purgeTrash(trashId)
      }),

    'trash:empty': () => asApiErrors(async () => ({ removed: await files.emptyTrash() })),
  }
}

/**
 * A file deleted with its folder goes back to that folder: the folders on its path that are gone are made again,
 * each inside the served folder (a folder swapped for a link that leads out is refused by resolveInside).
 */
async function recreateFolderOf(root: string, relPath: string): Promise<void> {
  const parts = relPath.split('/').slice(0, -1)
  let real = root
  for (const [index, part] of parts.entries()) {
    const rel = parts.slice(0, index + 1).join('/')
    try {
      real = await resolveInside(root, rel)
    } catch (error) {
      if (!(error instanceof PathError) || error.kind !== 'not-found') throw error
      await mkdir(join(real, part)).catch((mkdirError: unknown) => {
        if ((mkdirError as NodeJS.ErrnoException).code !== 'EEXIST') throw mkdirError
      })
      real = await resolveInside(root, rel)
    }
  }
}
