import type { SettingsRepo } from '../db/settings-repo'

// Places and the remembered "open from anywhere" choices live in the settings table next to the typed settings,
// each under its own key: a settings table written before places existed simply has neither, which reads as
// "only the served folder" and "nothing remembered".

export type PlaceKind = 'folder' | 'file'
export type PlaceChoice = 'this-file' | 'serve-folder'

/** A place besides the configured root, as stored: `path` is the real path of the folder or of the one file. */
export interface StoredPlace {
  path: string
  kind: PlaceKind
  addedAt: number
}

export interface PlaceSettings {
  places(): StoredPlace[]
  savePlaces(places: readonly StoredPlace[]): void
  choiceFor(folder: string): PlaceChoice | undefined
  rememberChoice(folder: string, choice: PlaceChoice): void
  forgetChoice(folder: string): void
}

const PLACES_KEY = 'places'
const CHOICES_KEY = 'placeChoices'

function isStoredPlace(value: unknown): value is StoredPlace {
  const place = value as Partial<StoredPlace> | null
  return (
    typeof place === 'object' &&
    place !== null &&
    typeof place.path === 'string' &&
    place.path !== '' &&
    (place.kind === 'folder' || place.kind === 'file') &&
    typeof place.addedAt === 'number'
  )
}

export function createPlaceSettings(repo: SettingsRepo): PlaceSettings {
  const read = <T>(key: string): T | undefined => repo.all().get(key) as T | undefined

  function choices(): Record<string, PlaceChoice> {
    const stored = read<unknown>(CHOICES_KEY)
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return {}
    const out: Record<string, PlaceChoice> = {}
    // A hand-edited entry that is not one of the two choices is as good as none: the user is asked again.
    for (const [folder, choice] of Object.entries(stored)) if (choice === 'this-file' || choice === 'serve-folder') out[folder] = choice
    return out
  }

  return {
    places: () => {
      const stored = read<unknown>(PLACES_KEY)
      return Array.isArray(stored) ? stored.filter(isStoredPlace) : []
    },
    savePlaces: (places) =>
      repo.set(
        PLACES_KEY,
        places.map(({ path, kind, addedAt }) => ({ path, kind, addedAt })),
      ),
    choiceFor: (folder) => choices()[folder],
    rememberChoice: (folder, choice) => repo.set(CHOICES_KEY, { ...choices(), [folder]: choice }),
    forgetChoice: (folder) => {
      const { [folder]: _forgotten, ...rest } = choices()
      repo.set(CHOICES_KEY, rest)
    },
  }
}
