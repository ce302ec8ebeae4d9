import type { FileEntryDto, FileListing } from '../../../../electron/contract/dto'

// The Files page shows folders of 100,000 entries as one continuous list. The host sorts and answers windows of
// the folder ('files:list' with offset/limit); this cache decides which windows to ask for as the user scrolls,
// keeps the ones it has (per folder, search and sort order), and keeps at most a couple of requests in flight so
// a fast scroll through the whole folder never queues hundreds of them. No React here: the page subscribes.

export type SortKey = 'name' | 'modified' | 'size'
export type SortDirection = 'asc' | 'desc'

export interface ListingKey {
  /** the place listed; the served folder when left out */
  place?: string
  dir: string
  query: string
  sort: SortKey
  direction: SortDirection
}

/** Rows [start, end], both included, as the virtual table reports them. */
export interface RowRange {
  start: number
  end: number
}

export type FetchWindow = (key: ListingKey, offset: number, limit: number) => Promise<FileListing>

export const WINDOW_SIZE = 500
export const MAX_IN_FLIGHT = 2

export function listingKeyId(key: ListingKey): string {
  return JSON.stringify([key.place ?? '', key.dir, key.query, key.sort, key.direction])
}

/** Folder and search alone: two sort orders of one folder have the same number of rows. */
function contentId(key: ListingKey): string {
  return JSON.stringify([key.place ?? '', key.dir, key.query])
}

/** The first sort direction for a column: names A to Z, newest and largest first (as file managers do). */
export function defaultDirection(sort: SortKey): SortDirection {
  return sort === 'name' ? 'asc' : 'desc'
}

/** Clicking a column header: the same column flips its direction, another column starts at its default. */
export function nextSort(
  current: { sort: SortKey; direction: SortDirection },
  clicked: SortKey,
): { sort: SortKey; direction: SortDirection } {
  if (current.sort === clicked) return { sort: clicked, direction: current.direction === 'asc' ? 'desc' : 'asc' }
  return { sort: clicked, direction: defaultDirection(clicked) }
}

/**
 * Window numbers that hold rows [start, end] (clamped to the folder), nearest to the middle first so the rows the
 * user looks at arrive before the ones kept ready around them.
 */
export function windowsCovering(range: RowRange, total: number, windowSize = WINDOW_SIZE): number[] {
  if (total <= 0) return []
  const start = Math.max(0, Math.min(range.start, range.end))
  const end = Math.min(total - 1, Math.max(range.start, range.end))
  if (end < start) return []
  const first = Math.floor(start / windowSize)
  const last = Math.floor(end / windowSize)
  const middle = (start + end) / 2 / windowSize
  const windows: number[] = []
  for (let window = first; window <= last; window++) windows.push(window)
  return windows.sort((a, b) => Math.abs(a + 0.5 - middle) - Math.abs(b + 0.5 - middle) || a - b)
}

/** The visible rows plus a quarter window on each side, so the next window is asked for before it is reached. */
export function wantedRange(visible: RowRange, windowSize = WINDOW_SIZE): RowRange {
  const margin = Math.floor(windowSize / 4)
  return { start: Math.max(0, visible.start - margin), end: visible.end + margin }
}

interface LoadedWindow {
  entries: FileEntryDto[]
  /** fetched before the folder last changed: shown, and fetched again when in view */
  generation: number
}

interface Listing {
  key: ListingKey
  windows: Map<number, LoadedWindow>
  inFlight: Set<number>
  /** null until the first answer (or a hint from the same folder in another sort order) */
  total: number | null
  totalIsHint: boolean
  root: string
  truncated: boolean
  error: unknown
  visible: RowRange
  usedAt: number
}

export interface ListingSnapshot {
  key: ListingKey
  /** rows in the whole folder or search; null before the first answer */
  total: number | null
  /** the first window is on its way and nothing is known yet */
  loading: boolean
  /** some rows are being fetched (first load, scrolling, or a refresh after a change) */
  fetching: boolean
  root: string
  truncated: boolean
  error: unknown
}

export interface FolderWindowsOptions {
  fetchWindow: FetchWindow
  windowSize?: number
  maxInFlight?: number
  /** windows kept per listing: the ones farthest from view go first */
  maxWindowsPerListing?: number
  /** listings (folder × search × sort) kept */
  maxListings?: number
  /**
   * After a jump (the scrollbar dragged, End pressed), wait this long for the view to settle before asking:
   * windows flown past would only hold the request slots the destination needs. Default 100 ms.
   */
  settleMs?: number
  timers?: { set: (run: () => void, ms: number) => unknown; clear: (handle: unknown) => void }
}

export interface FolderWindows {
  /** Shows this listing with these rows in view: fetches what is missing, nearest first. */
  show(key: ListingKey, visible: RowRange): void
  /** The entry at a row of a listing, or undefined while its window loads. */
  rowAt(key: ListingKey, index: number): FileEntryDto | undefined
  snapshot(key: ListingKey): ListingSnapshot
  /** The folder changed on disk: rows stay on screen and are fetched again; other listings are forgotten. */
  invalidate(): void
  /** After an error: ask again for what is in view. */
  retry(): void
  /** Increases on every change; for useSyncExternalStore. */
  version(): number
  subscribe(listener: () => void): () => void
  /** Requests currently waiting for the host (for tests and diagnostics). */
  inFlight(): number
  /** The page is gone: nothing more is asked. */
  dispose(): void
}

export function createFolderWindows(options: FolderWindowsOptions): FolderWindows {
  const windowSize = options.windowSize ?? WINDOW_SIZE
  const maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT
  const maxWindows = options.maxWindowsPerListing ?? 120
  const maxListings = options.maxListings ?? 8
  const settleMs = options.settleMs ?? 100
  const timers = options.timers ?? {
    set: (run: () => void, ms: number) => setTimeout(run, ms),
    clear: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  }
  let settling: unknown = null
  const listings = new Map<string, Listing>()
  const listeners = new Set<() => void>()
  let active: string | null = null
  let generation = 0
  let running = 0
  let changes = 0
  let clock = 0

  function changed(): void {
    changes++
    for (const listener of [...listeners]) listener()
  }

  function listingFor(key: ListingKey): Listing {
    const id = listingKeyId(key)
    let listing = listings.get(id)
    if (!listing) {
      // Another sort order of the same folder knows how many rows there are: placeholders get the right count.
      const sibling = [...listings.values()].find((other) => contentId(other.key) === contentId(key) && other.total !== null)
      listing = {
        key,
        windows: new Map(),
        inFlight: new Set(),
        total: sibling?.total ?? null,
        totalIsHint: sibling !== undefined,
        root: sibling?.root ?? '',
        truncated: sibling?.truncated ?? false,
        error: null,
        visible: { start: 0, end: 0 },
        usedAt: ++clock,
      }
      listings.set(id, listing)
      forgetOldListings()
    }
    return listing
  }

  function forgetOldListings(): void {
    if (listings.size <= maxListings) return
    const byAge = [...listings.entries()].filter(([id]) => id !== active).sort((a, b) => a[1].usedAt - b[1].usedAt)
    for (const [id] of byAge.slice(0, listings.size - maxListings)) listings.delete(id)
  }

  /** Windows the listing needs now, nearest to the visible rows first; before the first answer, window 0. */
  function wanted(listing: Listing): number[] {
    if (listing.total === null) return [0]
    return windowsCovering(wantedRange(listing.visible, windowSize), listing.total, windowSize)
  }

  function needsFetch(listing: Listing, window: number): boolean {
    if (listing.inFlight.has(window)) return false
    const loaded = listing.windows.get(window)
    return !loaded || loaded.generation !== generation
  }

  function pump(): void {
    if (active === null) return
    const listing = listings.get(active)
    if (!listing || listing.error) return
    for (const window of wanted(listing)) {
      if (running >= maxInFlight) return
      if (needsFetch(listing, window)) void load(listing, window)
    }
  }

  async function load(listing: Listing, window: number): Promise<void> {
    const asked = generation
    running++
    listing.inFlight.add(window)
    if (listing.windows.size === 0 || listing.inFlight.size === 1) changed()
    try {
      const answer = await options.fetchWindow(listing.key, window * windowSize, windowSize)
      listing.windows.set(window, { entries: answer.entries, generation: asked })
      if (listing.total !== answer.total) {
        // The folder grew or shrank: rows past its end are gone, and counts from other windows may be off.
        for (const number of listing.windows.keys()) if (number * windowSize >= answer.total) listing.windows.delete(number)
      }
      listing.total = answer.total
      listing.totalIsHint = false
      listing.root = answer.root
      listing.truncated = answer.truncated
      listing.error = null
      trimWindows(listing)
    } catch (error) {
      listing.error = error
    } finally {
      running--
      listing.inFlight.delete(window)
    }
    changed()
    pump()
  }

  function trimWindows(listing: Listing): void {
    if (listing.windows.size <= maxWindows) return
    const centre = (listing.visible.start + listing.visible.end) / 2 / windowSize
    const farthest = [...listing.windows.keys()].sort((a, b) => Math.abs(b + 0.5 - centre) - Math.abs(a + 0.5 - centre))
    for (const window of farthest.slice(0, listing.windows.size - maxWindows)) listing.windows.delete(window)
  }

  return {
    show(key, visible) {
      const listing = listingFor(key)
      const previous = listing.visible
      listing.visible = { start: Math.max(0, Math.min(visible.start, visible.end)), end: Math.max(0, visible.start, visible.end) }
      listing.usedAt = ++clock
      const id = listingKeyId(key)
      const switched = active !== id
      if (switched) {
        active = id
        changed()
      }
      if (settling !== null) {
        timers.clear(settling)
        settling = null
      }
      // Scrolling moves a few rows at a time: ask at once. A jump of half a window or more: ask once it settles.
      const jumped = !switched && listing.total !== null && Math.abs(listing.visible.start - previous.start) >= windowSize / 2
      if (jumped && settleMs > 0) {
        settling = timers.set(() => {
          settling = null
          pump()
        }, settleMs)
        return
      }
      pump()
    },

    rowAt(key, index) {
      const listing = listings.get(listingKeyId(key))
      if (!listing || index < 0) return undefined
      return listing.windows.get(Math.floor(index / windowSize))?.entries[index % windowSize]
    },

    snapshot(key) {
      const listing = listings.get(listingKeyId(key))
      if (!listing) return { key, total: null, loading: true, fetching: true, root: '', truncated: false, error: null }
      return {
        key,
        total: listing.total,
        loading: listing.windows.size === 0 && (listing.total === null || listing.totalIsHint) && !listing.error,
        fetching: listing.inFlight.size > 0,
        root: listing.root,
        truncated: listing.truncated,
        error: listing.error,
      }
    },

    invalidate() {
      generation++
      for (const id of [...listings.keys()]) if (id !== active) listings.delete(id)
      changed()
      pump()
    },

    retry() {
      for (const listing of listings.values()) listing.error = null
      changed()
      pump()
    },

    version: () => changes,

    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },

    inFlight: () => running,

    dispose() {
      if (settling !== null) timers.clear(settling)
      settling = null
      active = null
    },
  }
}
