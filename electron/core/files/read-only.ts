import type { BigIntStats } from 'node:fs'

// A document the user could not save in a desktop program is read-only here too. The permission bits decide,
// not access(2): the host may run as root (a container, a service), for which access() allows every write,
// while a desktop program run by the file's owner would refuse a file without write bits.

// Read once: the host never changes its user, and getuid(2) per CheckFileInfo was 1% of its time (issue 11).
const hostUid = process.getuid?.()

/** The file's permission bits leave the user who runs the host no way to write it. */
export function isWritableByUser(stats: Pick<BigIntStats, 'mode' | 'uid' | 'gid'>, uid = hostUid, gids?: number[]): boolean {
  const mode = Number(stats.mode & 0o777n)
  // Windows maps the read-only attribute to the write bits of all three classes.
  if (uid === undefined) return (mode & 0o200) !== 0
  if (uid === 0) return (mode & 0o222) !== 0
  if (BigInt(uid) === stats.uid) return (mode & 0o200) !== 0
  // The groups only when the owner's bits do not decide: getgroups(2) is a system call, and this runs for every
  // CheckFileInfo (issue 11).
  if ((gids ?? process.getgroups?.())?.some((gid) => BigInt(gid) === stats.gid)) return (mode & 0o020) !== 0
  return (mode & 0o002) !== 0
}

/** A write to a file without write permission: refused, the file stays as it is (409 for WOPI). */
export class ReadOnlyFileError extends Error {
  constructor() {
    super('the file is read-only on disk (it has no write permission)')
    this.name = 'ReadOnlyFileError'
  }
}
