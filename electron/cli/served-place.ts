import { relPathOf, isInside } from '../core/files/path-confinement'
import type { PlaceDto } from '../contract/dto'
import { CliError } from './cli-error'

// `token` and `open` take a document of any place WOPI Desk serves (issue 14), named by its absolute path.

/** The place that serves this real path: a file below a folder place, or a single-file place's own file. */
export function placeServingPath(places: readonly PlaceDto[], realPath: string): PlaceDto | undefined {
  return places.find((place) => {
    if (!place.available) return false
    return place.kind === 'folder' ? isInside(place.path, realPath) && realPath !== place.path : realPath === place.path
  })
}

/** The path inside its place, as `files:open` takes it with the place's id. */
export function pathInPlace(place: PlaceDto, realPath: string): string {
  return relPathOf(place.folder, realPath)
}

/** One line: where the file is not, and the way to serve it (a place added on the Settings page). */
export function outsideEveryPlace(command: string, shown: string, places: readonly PlaceDto[]): CliError {
  const served = places.filter((place) => place.available).map((place) => place.path)
  const where = served.length ? ` (${served.join(', ')})` : ''
  return new CliError(
    `${command}: ${shown} is outside every place WOPI Desk serves${where}. To serve it, add its folder (or just the file) under Places on the Settings page, then run this again.`,
  )
}
