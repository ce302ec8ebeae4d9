import type { BigIntStats } from 'node:fs'
import type { DiskState, FileRow } from '../db/file-repo'
import { formatWopiMicros, microsOfMtimeNs, parseWopiTime } from '../wopi/wopi-time'

// Version and LastModifiedTime must change whenever the bytes may have changed, also when another program
// wrote the file: size, mtime (ns) and inode together catch in-place writes and rename-over saves alike.

export function diskStateOf(stats: BigIntStats): DiskState {
  return { size: Number(stats.size), mtimeNs: stats.mtimeNs.toString(), ino: stats.ino.toString() }
}

export function sameDiskState(a: DiskState, b: DiskState): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ino === b.ino
}

/**
 * The LastModifiedTime for a new version: the disk mtime to the microsecond (the six-digit form every editor
 * reads back unchanged, see wopi-time.ts), but always later than the previous value, so that Collabora's
 * X-COOL-WOPI-Timestamp comparison sees every change (an old backup restored with its old mtime is still a
 * change).
 */
export function nextLastModified(previousIso: string | null, mtimeNs: string): string {
  const mtime = microsOfMtimeNs(mtimeNs)
  const previous = (previousIso ? parseWopiTime(previousIso)?.micros : undefined) ?? Number.NEGATIVE_INFINITY
  return formatWopiMicros(mtime > previous ? mtime : previous + 1)
}

/** The row after seeing `disk`: unchanged, or the next version with a later LastModifiedTime. */
export function observed(row: FileRow, disk: DiskState): FileRow {
  if (sameDiskState(row, disk)) return row
  return { ...row, ...disk, version: row.version + 1, lastModified: nextLastModified(row.lastModified, disk.mtimeNs) }
}
