import { statfs } from 'node:fs/promises'
import { relative, isAbsolute, resolve } from 'node:path'

// What an editor shows its user when a save fails on a disk (issue 13 item 12): which folder's disk, and what to
// do about it. WOPI Desk writes to two places: the served folder (the document, its temp file) and its own
// data folder (database, versions, trash). "internal error (EROFS)" said neither. No full path goes to the
// editor: it names the folder by its role. Every "full" answer contains "disk is full": the doctor's traffic
// check recognises a full disk by those words.

export interface StoragePlaces {
  /** the served folder, null when none is served */
  root: string | null
  dataDir: string
  /** free bytes for this process on the disk holding `path`; statfs by default */
  freeBytes?: (path: string) => Promise<number>
}

type Place = 'served' | 'data'
type Problem = 'full' | 'read-only' | 'denied'

/** Below this much free space a disk counts as the full one when the error does not say which. */
const NEARLY_FULL_BYTES = 16 * 1024 * 1024

const PROBLEMS: Record<string, Problem> = {
  ENOSPC: 'full',
  EDQUOT: 'full',
  SQLITE_FULL: 'full',
  EROFS: 'read-only',
  SQLITE_READONLY: 'read-only',
  EACCES: 'denied',
  EPERM: 'denied',
}

function inside(folder: string | null, path: string | undefined): boolean {
  if (!folder || !path) return false
  const rel = relative(resolve(folder), resolve(path))
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

async function defaultFreeBytes(path: string): Promise<number> {
  const info = await statfs(path)
  return Number(info.bavail) * Number(info.bsize)
}

const WHAT: Record<Place, Record<Problem, string>> = {
  served: {
    full: "the served folder's disk is full: free some space on it, then save again",
    'read-only': 'the served folder is on a read-only file system: make it writable (remount it), or serve another folder',
    denied: 'WOPI Desk may not write in the served folder (permission denied): give the account running it write access there',
  },
  data: {
    full: "WOPI Desk's data folder's disk is full (it holds the database, versions and trash): free some space on it, then save again",
    'read-only':
      "WOPI Desk's data folder (database, versions, trash) is on a read-only file system: make it writable, or start WOPI Desk with another --data folder",
    denied:
      'WOPI Desk may not write in its data folder (permission denied): give the account running it write access there, or start it with another --data folder',
  },
}

/** A sentence for a storage failure, or null when the error is not one (the caller keeps its own answer). */
export async function describeStorageError(error: unknown, places: StoragePlaces): Promise<string | null> {
  const code = (error as { code?: unknown } | null)?.code
  // better-sqlite3 reports extended codes (SQLITE_READONLY_DBMOVED, ...): the family decides.
  const family = typeof code === 'string' ? (code.startsWith('SQLITE_') ? code.split('_').slice(0, 2).join('_') : code) : ''
  const problem = PROBLEMS[family]
  if (!problem) return null
  const fsError = error as { path?: string; dest?: string }
  let place: Place | null = family.startsWith('SQLITE_') ? 'data' : null
  for (const path of [fsError.dest, fsError.path]) {
    if (place) break
    // The data folder may sit inside the served one (or the other way round): the closer match wins.
    if (inside(places.dataDir, path) && (!inside(places.root, path) || inside(places.root, places.dataDir))) place = 'data'
    else if (inside(places.root, path)) place = 'served'
  }
  if (!place && problem === 'full') place = await fullestPlace(places)
  if (place) return WHAT[place][problem]
  switch (problem) {
    case 'full':
      return "a disk is full (the served folder's or WOPI Desk's data folder's): free some space, then save again"
    case 'read-only':
      return "the served folder or WOPI Desk's data folder is on a read-only file system: make it writable"
    case 'denied':
      return 'WOPI Desk may not write in the served folder or in its data folder (permission denied): give the account running it write access'
  }
}

async function fullestPlace(places: StoragePlaces): Promise<Place | null> {
  const freeBytes = places.freeBytes ?? defaultFreeBytes
  const free = async (path: string | null) => (path ? freeBytes(path).catch(() => Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY)
  const [served, data] = await Promise.all([free(places.root), free(places.dataDir)])
  const servedFull = served < NEARLY_FULL_BYTES
  const dataFull = data < NEARLY_FULL_BYTES
  if (servedFull === dataFull) return null
  return servedFull ? 'served' : 'data'
}
