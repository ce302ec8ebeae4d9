import type { Dirent, Stats } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { FileListRequest } from '../../contract/dto'
import { findDesktopLock, describeDesktopLock, isLockOwnerFileName } from './desktop-locks'
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
const STATS_CACHE_MS = 10_000
const SEARCH_MAX_MATCHES = 5_000
const SEARCH_MAX_VISITED = 300_000
export const DEFAULT_PAGE = 1_000

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

interface Candidate {
  name: string
  /** '/'-separated, relative to the root */
  path: string
  folder: boolean
  full: string
  stats?: Stats
}

export interface DirectoryLister {
  list(rootReal: string, request: FileListRequest): Promise<FolderWindow>
}

export function createDirectoryLister(now: () => number = Date.now): DirectoryLister {
  const statsCache = new Map<string, { at: number; dirMtime: number; candidates: Candidate[] }>()

  async function folderCandidates(rootReal: string, rel: string, dirReal: string): Promise<Candidate[]> {
    const dirents = await readdir(dirReal, { withFileTypes: true })
    const kept = await mapLimited(dirents, STAT_CONCURRENCY, async (dirent) => candidateOf(rootReal, rel, dirReal, dirent))
    return kept.filter((c): c is Candidate => c !== null)
  }

  async function withStats(dirReal: string, candidates: () => Promise<Candidate[]>): Promise<Candidate[]> {
    const dirMtime = (await stat(dirReal)).mtimeMs
    const cached = statsCache.get(dirReal)
    if (cached && cached.dirMtime === dirMtime && now() - cached.at < STATS_CACHE_MS) return cached.candidates
    const all = await candidates()
    await statAll(all)
    statsCache.set(dirReal, { at: now(), dirMtime, candidates: all })
    if (statsCache.size > 8) statsCache.delete(statsCache.keys().next().value!)
    return all
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

      let candidates: Candidate[]
      let truncated = false
      if (query) {
        const found = await search(rootReal, rel, dirReal, query)
        candidates = found.matches
        truncated = found.truncated
        if (sort !== 'name') await statAll(candidates)
      } else if (sort === 'name') {
        candidates = await folderCandidates(rootReal, rel, dirReal)
      } else {
        candidates = await withStats(dirReal, () => folderCandidates(rootReal, rel, dirReal))
      }

      const sorted = [...candidates].sort((a, b) => {
        if (a.folder !== b.folder) return a.folder ? -1 : 1
        let order = 0
        if (sort === 'modified') order = (a.stats?.mtimeMs ?? 0) - (b.stats?.mtimeMs ?? 0)
        else if (sort === 'size') order = (a.stats?.size ?? 0) - (b.stats?.size ?? 0)
        if (order === 0) order = collator.compare(a.name, b.name)
        return descending ? -order : order
      })
      const page = sorted.slice(offset, offset + limit)
      await statAll(page)
      const names = new Set(candidates.map((c) => c.name))
      const entries = await mapLimited(page, STAT_CONCURRENCY, (candidate) => toEntry(candidate, names))
      return { dir: rel, entries: entries.filter((e): e is ListedEntry => e !== null), offset, total: sorted.length, truncated }
    },
  }
}

async function candidateOf(rootReal: string, rel: string, dirReal: string, dirent: Dirent): Promise<Candidate | null> {
  const name = dirent.name
  // Hidden entries (dotfiles, .git, our own working folders) stay hidden, as in every file manager.
  if (name.startsWith('.') || isTempFileName(name) || isLockOwnerFileName(name)) return null
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
  return { name, path: rel ? `${rel}/${name}` : name, folder, full }
}

async function statAll(candidates: Candidate[]): Promise<void> {
  await mapLimited(candidates, STAT_CONCURRENCY, async (candidate) => {
    if (!candidate.stats) candidate.stats = (await stat(candidate.full).catch(() => undefined)) ?? undefined
  })
}

async function toEntry(candidate: Candidate, siblings: Set<string>): Promise<ListedEntry | null> {
  const stats = candidate.stats
  if (!stats) return null // vanished while listing
  const entry: ListedEntry = {
    path: candidate.path,
    name: candidate.name,
    kind: candidate.folder ? 'folder' : 'file',
    ext: candidate.folder ? '' : splitExtension(candidate.name).ext.slice(1).toLowerCase(),
    size: candidate.folder ? 0 : stats.size,
    modifiedAt: Math.trunc(stats.mtimeMs),
  }
  if (!candidate.folder && mayHaveDesktopOwner(candidate.name, siblings)) {
    const dir = candidate.full.slice(0, candidate.full.length - candidate.name.length - 1)
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

async function search(rootReal: string, rel: string, dirReal: string, query: string): Promise<{ matches: Candidate[]; truncated: boolean }> {
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
      if (candidate.folder && !dirent.isSymbolicLink()) queue.push({ rel: candidate.path, real: candidate.full })
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
