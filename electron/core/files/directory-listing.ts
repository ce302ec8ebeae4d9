import type { Dirent, Stats } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { FileListRequest } from '../../contract/dto'
import { findDesktopLock, describeDesktopLock, isLockOwnerFileName, isOfficeDocument } from './desktop-locks'
import { splitExtension } from './file-names'
import { isInside, normaliseRelPath, PathError, resolveInside } from './path-confinement'
import { isTempFileName } from './temp-files'

// The console's view of the served folder. Large folders (100,000 files) must show their first rows at once:
// sorted by name, only the requested window is stat'ed; other sort orders stat the whole folder once, in
// parallel, and keep it for a few seconds while the user scrolls.

export interface ListedEntry {
  path: string
  name: string
  kind: 'file' | 'folder'
  ext: string
  size: number
  modifiedAt: number
  desktopOwner?: string
}

export interface FolderWindow {
  dir: string
  entries: ListedEntry[]
  offset: number
  total: number
  truncated: boolean
}

const STAT_CONCURRENCY = 64
const LISTING_CACHE_MS = 10_000
const MAX_CACHED_LISTINGS = 8
const SEARCH_MAX_MATCHES = 5_000
const SEARCH_MAX_VISITED = 300_000
export const DEFAULT_PAGE = 1_000

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

interface Candidate {
  name: string
  /** the folder's path relative to the root ('' for the root) and its real path: shared by all its entries */
  rel: string
  dirReal: string
  folder: boolean
  /** natural-order sort key, computed once per listing */
  key?: string
  stats?: Stats
}

/** '/'-separated, relative to the root. Built only for the rows shown: a 100,000-entry folder needs 500. */
function pathOf(candidate: Candidate): string {
  return candidate.rel ? `${candidate.rel}/${candidate.name}` : candidate.name
}

function fullOf(candidate: Candidate): string {
  return join(candidate.dirReal, candidate.name)
}

export interface DirectoryLister {
  list(rootReal: string, request: FileListRequest): Promise<FolderWindow>
  /** Lists a folder ahead of the first visit (the served root when the console starts); errors are ignored. */
  prewarm(rootReal: string, dir?: string): Promise<void>
}

export function createDirectoryLister(now: () => number = Date.now): DirectoryLister {
  // One listing per folder, reused while the folder is unchanged (its mtime moves when entries are added,
  // removed or renamed): every window of a 100,000-entry folder then costs only the stat of its own rows, which
  // are stat'ed on every request. A listing older than a few seconds is still answered from (a folder whose
  // mtime did not move has the same names) but rebuilt in the background, in case the filesystem's folder
  // times are coarse; sizes and dates gathered for the other sort orders expire with it.
  interface FolderListing {
    at: number
    dirMtime: number
    candidates: Candidate[]
    /** every name in the folder, hidden ones included: desktop owner files are hidden but tell who has a file open */
    allNames: Set<string>
    statted: boolean
    sorted: Map<string, Candidate[]>
  }
  const listings = new Map<string, FolderListing>()
  const building = new Map<string, Promise<FolderListing>>()

  async function buildListing(rootReal: string, rel: string, dirReal: string, dirMtime: number): Promise<FolderListing> {
    const dirents = await readdir(dirReal, { withFileTypes: true })
    // Plain files and folders need no further I/O; only links are resolved (in parallel) to check where they lead.
    const candidates: Candidate[] = []
    const links: Dirent[] = []
    for (const dirent of dirents) {
      if (dirent.isSymbolicLink()) links.push(dirent)
      else {
        const candidate = plainCandidate(rel, dirReal, dirent)
        if (candidate) candidates.push(candidate)
      }
    }
    const resolved = await mapLimited(links, STAT_CONCURRENCY, (dirent) => candidateOf(rootReal, rel, dirReal, dirent))
    for (const candidate of resolved) if (candidate) candidates.push(candidate)
    // Keys and the name order are computed here, once, so a request that finds the listing ready pays for neither.
    const listing: FolderListing = {
      at: now(),
      dirMtime,
      candidates,
      allNames: new Set(dirents.map((d) => d.name)),
      statted: false,
      sorted: new Map(),
    }
    listing.sorted.set('name:asc', sortCandidates(candidates, 'name', false))
    listings.delete(dirReal)
    listings.set(dirReal, listing)
    if (listings.size > MAX_CACHED_LISTINGS) listings.delete(listings.keys().next().value!)
    return listing
  }

  /** One build per folder at a time: a request arriving during the prewarm (or another request) waits for it. */
  function rebuild(rootReal: string, rel: string, dirReal: string, dirMtime: number): Promise<FolderListing> {
    const pending = building.get(dirReal)
    if (pending) return pending
    const build = buildListing(rootReal, rel, dirReal, dirMtime).finally(() => building.delete(dirReal))
    building.set(dirReal, build)
    return build
  }

  async function listingOf(rootReal: string, rel: string, dirReal: string): Promise<FolderListing> {
    const dirMtime = (await stat(dirReal)).mtimeMs
    const cached = listings.get(dirReal)
    if (!cached || cached.dirMtime !== dirMtime) return rebuild(rootReal, rel, dirReal, dirMtime)
    if (now() - cached.at >= LISTING_CACHE_MS) void rebuild(rootReal, rel, dirReal, dirMtime).catch(() => undefined)
    return cached
  }

  return {
    async list(rootReal, request) {
      const rel = normaliseRelPath(request.dir)
      const dirReal = await resolveInside(rootReal, rel)
      if (!(await stat(dirReal)).isDirectory()) throw new PathError('not-a-file', `"${rel}" is a file, not a folder.`)
      const offset = request.offset ?? 0
      const limit = request.limit ?? DEFAULT_PAGE
      const sort = request.sort ?? 'name'
      const descending = request.direction === 'desc'
      const query = request.query?.trim() ?? ''

      let sorted: Candidate[]
      let siblings: Set<string> | null
      let truncated = false
      if (query) {
        const found = await search(rootReal, rel, dirReal, query)
        if (sort !== 'name') await statAll(found.matches)
        sorted = sortCandidates(found.matches, sort, descending)
        siblings = null
        truncated = found.truncated
      } else {
        const listing = await listingOf(rootReal, rel, dirReal)
        if (sort !== 'name' && !listing.statted) {
          await statAll(listing.candidates)
          listing.statted = true
        }
        const key = `${sort}:${descending ? 'desc' : 'asc'}`
        sorted = listing.sorted.get(key) ?? sortCandidates(listing.candidates, sort, descending)
        listing.sorted.set(key, sorted)
        siblings = listing.allNames
      }

      const page = sorted.slice(offset, offset + limit)
      // The rows shown are stat'ed now, so a window never shows a size or date older than the request.
      const fresh = page.map((candidate) => ({ ...candidate, stats: undefined }) as Candidate)
      await statAll(fresh)
      const entries = await mapLimited(fresh, STAT_CONCURRENCY, (candidate) => toEntry(candidate, siblings))
      return { dir: rel, entries: entries.filter((e): e is ListedEntry => e !== null), offset, total: sorted.length, truncated }
    },

    async prewarm(rootReal, dir = '') {
      try {
        const rel = normaliseRelPath(dir)
        await listingOf(rootReal, rel, await resolveInside(rootReal, rel))
      } catch {
        // the visit itself will report what is wrong with the folder
      }
    },
  }
}

/**
 * Natural, case- and accent-insensitive order ("report 3" before "report 10", "École" with "ecole") as a plain
 * string, so sorting 100,000 names is string comparison rather than 1.7 million collator calls.
 */
export function naturalSortKey(name: string): string {
  let text = name.toLowerCase()
  // ASCII names (the common case) skip Unicode normalisation
  if (/[^\u0000-\u007f]/.test(text)) text = text.normalize('NFKD').replace(/\p{M}/gu, '')
  if (!/[0-9]/.test(text)) return text
  // Digit runs padded to a fixed width compare as numbers; a hand loop is several times faster than a regex here.
  let out = ''
  let i = 0
  while (i < text.length) {
    let j = i
    if (isDigit(text.charCodeAt(i))) {
      while (j < text.length && isDigit(text.charCodeAt(j))) j++
      let start = i
      while (start < j - 1 && text.charCodeAt(start) === 48) start++
      const run = text.slice(start, j)
      out += run.length < NUMBER_WIDTH ? '0'.repeat(NUMBER_WIDTH - run.length) + run : run
    } else {
      while (j < text.length && !isDigit(text.charCodeAt(j))) j++
      out += text.slice(i, j)
    }
    i = j
  }
  return out
}

const NUMBER_WIDTH = 20

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
}

function byName(a: Candidate, b: Candidate): number {
  const ka = a.key!
  const kb = b.key!
  if (ka !== kb) return ka < kb ? -1 : 1
  return collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
}

/** Folders first, always by name; files by the requested key, ties by name. */
function sortCandidates(candidates: readonly Candidate[], sort: 'name' | 'modified' | 'size', descending: boolean): Candidate[] {
  const direction = descending ? -1 : 1
  for (const candidate of candidates) candidate.key ??= naturalSortKey(candidate.name)
  return [...candidates].sort((a, b) => {
    if (a.folder !== b.folder) return a.folder ? -1 : 1
    if (a.folder) return (sort === 'name' ? direction : 1) * byName(a, b)
    let order = 0
    if (sort === 'modified') order = (a.stats?.mtimeMs ?? 0) - (b.stats?.mtimeMs ?? 0)
    else if (sort === 'size') order = (a.stats?.size ?? 0) - (b.stats?.size ?? 0)
    if (order === 0) order = byName(a, b)
    return direction * order
  })
}

/** Hidden entries (dotfiles, .git, our own working folders), temp files and desktop owner files stay hidden. */
function isListed(name: string): boolean {
  return !name.startsWith('.') && !isTempFileName(name) && !isLockOwnerFileName(name)
}

function plainCandidate(rel: string, dirReal: string, dirent: Dirent): Candidate | null {
  const name = dirent.name
  if (!isListed(name) || (!dirent.isFile() && !dirent.isDirectory())) return null
  return { name, rel, dirReal, folder: dirent.isDirectory() }
}

async function candidateOf(rootReal: string, rel: string, dirReal: string, dirent: Dirent): Promise<Candidate | null> {
  const name = dirent.name
  if (!isListed(name)) return null
  const full = join(dirReal, name)
  let folder = dirent.isDirectory()
  if (dirent.isSymbolicLink()) {
    // A link is part of the served folder only when it leads to something inside it.
    const real = await realpath(full).catch(() => null)
    if (!real || !isInside(rootReal, real)) return null
    const target = await stat(real).catch(() => null)
    if (!target || (!target.isFile() && !target.isDirectory())) return null
    folder = target.isDirectory()
  } else if (!dirent.isFile() && !folder) {
    return null
  }
  return { name, rel, dirReal, folder }
}

async function statAll(candidates: Candidate[]): Promise<void> {
  await mapLimited(candidates, STAT_CONCURRENCY, async (candidate) => {
    if (!candidate.stats) candidate.stats = (await stat(fullOf(candidate)).catch(() => undefined)) ?? undefined
  })
}

/** `siblings`: every name in the candidate's folder when known; null looks on disk (search results span folders). */
async function toEntry(candidate: Candidate, siblings: Set<string> | null): Promise<ListedEntry | null> {
  const stats = candidate.stats
  if (!stats) return null // vanished while listing
  const entry: ListedEntry = {
    path: pathOf(candidate),
    name: candidate.name,
    kind: candidate.folder ? 'folder' : 'file',
    ext: candidate.folder ? '' : splitExtension(candidate.name).ext.slice(1).toLowerCase(),
    size: candidate.folder ? 0 : stats.size,
    modifiedAt: Math.trunc(stats.mtimeMs),
  }
  if (!candidate.folder && (siblings ? mayHaveDesktopOwner(candidate.name, siblings) : isOfficeDocument(candidate.name))) {
    const dir = candidate.dirReal
    const owner = await findDesktopLock(dir, candidate.name)
    if (owner) entry.desktopOwner = describeDesktopLock(owner)
  }
  return entry
}

function mayHaveDesktopOwner(name: string, siblings: Set<string>): boolean {
  if (siblings.has(`.~lock.${name}#`)) return true
  // Microsoft Office owner files are hidden from the listing, so look for the raw names.
  return siblings.has(`~$${name}`) || siblings.has(`~$${name.slice(1)}`) || siblings.has(`~$${name.slice(2)}`)
}

async function search(
  rootReal: string,
  rel: string,
  dirReal: string,
  query: string,
): Promise<{ matches: Candidate[]; truncated: boolean }> {
  const needle = query.normalize('NFC').toLocaleLowerCase()
  const matches: Candidate[] = []
  const queue: { rel: string; real: string }[] = [{ rel, real: dirReal }]
  let visited = 0
  while (queue.length > 0) {
    const folder = queue.shift()!
    const dirents = await readdir(folder.real, { withFileTypes: true }).catch(() => [] as Dirent[])
    for (const dirent of dirents) {
      if (++visited > SEARCH_MAX_VISITED || matches.length >= SEARCH_MAX_MATCHES) return { matches, truncated: true }
      const candidate = await candidateOf(rootReal, folder.rel, folder.real, dirent)
      if (!candidate) continue
      if (candidate.name.normalize('NFC').toLocaleLowerCase().includes(needle)) matches.push(candidate)
      if (candidate.folder && !dirent.isSymbolicLink()) queue.push({ rel: pathOf(candidate), real: fullOf(candidate) })
    }
  }
  return { matches, truncated: false }
}

async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index]!)
    }
  })
  await Promise.all(workers)
  return results
}
