/**
 * LastModifiedTime on the wire, and the X-COOL/X-LOOL-WOPI-Timestamp an editor echoes back.
 *
 * Clients read the fraction differently: LibreOffice Online (2020) takes the fraction's digits as a count of
 * microseconds whatever their number (`.534Z` became 534 µs and came back as `.000534Z`: every save from the
 * real editor was refused as "changed in storage"); today's Collabora scales by the number of digits; both
 * write six digits back. Office Online and .NET read any number of digits. Six digits is the one form every
 * one of them reads back as the same instant, so the host always emits exactly six.
 */

export interface WopiInstant {
  /** microseconds since the epoch (digits beyond the sixth are dropped) */
  micros: number
  /** how many fraction digits the text carried: the precision the sender spoke in */
  digits: number
}

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/

/** Parses an ISO 8601 date-time with a zone (`Z` or an offset) and any number of fraction digits; null otherwise. */
export function parseWopiTime(text: string): WopiInstant | null {
  const match = ISO_8601.exec(text.trim())
  if (!match) return null
  const [, year, month, day, hour, minute, second, fraction = '', zulu, sign, offsetHours, offsetMinutes] = match
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second))
  if (!Number.isFinite(ms) || Number(month) > 12 || Number(day) > 31 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) {
    return null
  }
  const offsetMs = zulu ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000
  const micros = (ms - offsetMs) * 1000 + Number(fraction.slice(0, 6).padEnd(6, '0'))
  return { micros, digits: fraction.length }
}

/** The six-digit UTC form, e.g. `2026-12-07T14:39:05.534000Z`. */
export function formatWopiMicros(micros: number): string {
  const ms = Math.floor(micros / 1000)
  const sub = micros - ms * 1000
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, millis: string) => `.${millis}${String(sub).padStart(3, '0')}Z`)
}

// Editors ask for the same file's CheckFileInfo over and over; parsing and formatting its unchanged time each
// time was about 3% of the host's CPU per CheckFileInfo (issue 11). A pure function, so the last answer is reused.
let lastStored: string | null = null
let lastSent = ''

/** A stored LastModifiedTime (any ISO form, older rows have three digits) as sent to editors. */
export function wopiTime(stored: string): string {
  if (stored === lastStored) return lastSent
  const parsed = parseWopiTime(stored)
  lastSent = parsed ? formatWopiMicros(parsed.micros) : stored
  lastStored = stored
  return lastSent
}

/** The LastModifiedTime for a disk mtime in nanoseconds (kept to the microsecond). */
export function microsOfMtimeNs(mtimeNs: string | bigint): number {
  return Number(BigInt(mtimeNs) / 1000n)
}

/**
 * Whether an editor's echoed timestamp names the instant the host last reported. Compared at the precision the
 * editor wrote: a client that rounds to milliseconds or seconds re-formats our instant, it does not report a
 * different one (our value is truncated to the same digits). A real change on disk moves LastModifiedTime to the
 * new mtime, at least one microsecond later, and so still differs. Text that is no time at all only matches
 * itself.
 */
export function sameWopiInstant(sent: string, ours: string): boolean {
  if (sent === ours) return true
  const theirs = parseWopiTime(sent)
  const mine = parseWopiTime(ours)
  if (!theirs || !mine) return false
  if (theirs.digits >= 6) return theirs.micros === mine.micros
  const unit = 10 ** (6 - theirs.digits)
  return Math.floor(mine.micros / unit) === Math.floor(theirs.micros / unit)
}
