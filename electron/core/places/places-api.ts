import { basename, dirname, join } from 'node:path'
import type { ApiImplementation } from '../../contract/channels'
import type { NewDocumentRequest, OpenRequest, OpenResult, PlaceDto } from '../../contract/dto'
import { ApiError } from '../../contract/envelope'
import type { Log } from '../deps'
import type { EventBus } from '../event-bus'
import { normaliseRelPath, PathError } from '../files/path-confinement'
import { ROOT_PLACE_ID, realPathOf, type Place, type Places } from './places'

type PlacesChannels = 'places:list' | 'places:add' | 'places:remove' | 'documents:open-from-system' | 'files:open' | 'files:new-document'

export interface PlacesApiDeps {
  places: Places
  /** the sessions' open: a relative path means the served folder, an absolute one any place's file */
  open(request: OpenRequest): Promise<OpenResult>
  /** the sessions' new document: `inFolder` is another place's real folder, which the request's dir is relative to */
  newDocument(request: NewDocumentRequest, inFolder?: string): Promise<OpenResult>
  /** files an editor holds a lock on, each with who: '"a.docx" is open in Collabora.' */
  lockedFiles(): { fileId: string; who: string }[]
  /** document sessions neither closed nor expired */
  openSessions(): { sessionId: string; fileId: string }[]
  /** closes a session and revokes its tokens */
  closeSession(sessionId: string): void
  /** the Files page lists places again when told its files changed */
  events?: Pick<EventBus, 'emit'>
  log: Log
}

export function toPlaceDto(place: Place): PlaceDto {
  const { store: _store, ...dto } = place
  return dto
}

/**
 * Places on the Settings and Files pages, and "open from anywhere": a document the system hands over (argv,
 * open-file, a second instance, drag and drop, File > Open...) opens wherever it lives, after one question per
 * folder whose answer is remembered.
 */
export function createPlacesApi(deps: PlacesApiDeps): Pick<ApiImplementation, PlacesChannels> {
  const { places, log } = deps

  /** the path sessions open: relative for the served folder, absolute (and confined by the place) otherwise */
  function pathInPlace(request: OpenRequest): string {
    if (request.place === undefined || request.place === ROOT_PLACE_ID) return request.path
    const place = places.get(request.place)
    if (!place.available)
      throw new ApiError('unavailable', `${place.path} is not available (moved, renamed, or on a disk that is not connected).`)
    let rel: string
    try {
      rel = normaliseRelPath(request.path)
    } catch (error) {
      if (error instanceof PathError)
        throw new ApiError('invalid-argument', `${error.message.replace('the served folder', () => place.path)}`)
      throw error
    }
    if (place.kind === 'file' && rel !== basename(place.path)) {
      throw new ApiError('not-found', `"${request.path}" is not served: the place ${place.path} serves that one file only.`)
    }
    return rel === '' ? place.folder : join(place.folder, ...rel.split('/'))
  }

  const placesChanged = () => deps.events?.emit('files:changed', { paths: [] })

  async function opened(realPath: string): Promise<{ kind: 'opened' } & OpenResult> {
    return { kind: 'opened', ...(await deps.open({ path: realPath })) }
  }

  return {
    'places:list': async () => places.list().map(toPlaceDto),

    'places:add': async (request) => {
      const added = toPlaceDto(places.add(request))
      placesChanged()
      return added
    },

    'places:remove': async ({ id }) => {
      // Refused while an editor holds a lock on a file of the place: it may have changes it has not saved yet, so
      // the user closes it there, knowingly. Sessions without a lock (a tab closed, an editor gone) are closed
      // first, so no token of them reaches the place's files if it is added again.
      places.remove(id, (owns) => {
        const locked = deps.lockedFiles().find((file) => owns(file.fileId))
        if (locked) return locked.who
        for (const session of deps.openSessions()) if (owns(session.fileId)) deps.closeSession(session.sessionId)
        return null
      })
      placesChanged()
    },

    'documents:open-from-system': async ({ path, choice }) => {
      const real = realPathOf(path, 'document')
      if (places.placeServing(real)) return opened(real)
      const folder = dirname(real)
      const decided = choice ?? places.choiceFor(folder)
      if (!decided) return { kind: 'choose', path: real, folder }
      if (decided === 'serve-folder') {
        try {
          places.add({ path: folder, kind: 'folder' })
        } catch (error) {
          // A folder around another place (the home folder around the served one) would give its files two ids:
          // the document is still opened, on its own.
          if (!(error instanceof ApiError) || error.code !== 'conflict') throw error
          log.info('serving the folder would nest places; serving just the file', {})
          places.add({ path: real, kind: 'file' })
        }
      } else {
        places.add({ path: real, kind: 'file' })
      }
      if (choice) places.rememberChoice(folder, choice)
      placesChanged()
      return opened(real)
    },

    'files:open': (request) => {
      const { place: _place, ...rest } = request
      return deps.open({ ...rest, path: pathInPlace(request) })
    },

    'files:new-document': async ({ place: placeId, ...request }) => {
      if (placeId === undefined || placeId === ROOT_PLACE_ID) return deps.newDocument(request)
      const place = places.get(placeId)
      if (!place.available)
        throw new ApiError('unavailable', `${place.path} is not available (moved, renamed, or on a disk that is not connected).`)
      if (place.kind === 'file')
        throw new ApiError(
          'invalid-argument',
          `${place.path} is served on its own: nothing can be added next to it. Add its folder as a place to create documents there.`,
        )
      return deps.newDocument(request, place.folder)
    },
  }
}
