// How Collabora Online and its predecessor LibreOffice Online send CheckFileInfo's LastModifiedTime back as
// X-COOL-WOPI-Timestamp / X-LOOL-WOPI-Timestamp. Neither echoes the string: both parse it into a time point and
// print it again with exactly six fraction digits (microseconds, 'Z'). They differ in reading the fraction:
// - Collabora (common/Util.cpp iso8601ToTimestamp) scales it by its number of digits: ".534" is 534000 µs;
// - LibreOffice Online 2020 (loolwsd, observed against WOPI Desk) takes the digits as an integer count of
//   microseconds whatever their number: ".534" is 534 µs, echoed as ".000534".
// Only LastModifiedTime values with no fraction or exactly six digits come back as the same instant from both.

export type TimestampReader = 'collabora' | 'lool'

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/

/** Number of fraction digits of an ISO 8601 time; null when the value is not one. */
export function fractionDigits(value: string): number | null {
  const match = ISO.exec(value)
  return match ? (match[7]?.length ?? 0) : null
}

/** The timestamp the editor sends back for this LastModifiedTime; the value itself when it cannot read it. */
export function echoedTimestamp(lastModified: string, reader: TimestampReader): string {
  const match = ISO.exec(lastModified)
  if (!match) return lastModified
  const [, year, month, day, hour, minute, second, fraction = '', zone] = match
  const offsetMinutes = zone === 'Z' ? 0 : zoneMinutes(zone!)
  let seconds =
    Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)) / 1000 - offsetMinutes * 60
  let micros = reader === 'collabora' ? Number(fraction.padEnd(6, '0').slice(0, 6)) : Number(fraction || '0')
  seconds += Math.floor(micros / 1_000_000)
  micros %= 1_000_000
  const whole = new Date(seconds * 1000).toISOString().slice(0, 19)
  return `${whole}.${String(micros).padStart(6, '0')}Z`
}

function zoneMinutes(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)))
}

/** Whether both editors send back the instant the host gave (no fraction or six digits). */
export function roundTrips(lastModified: string): boolean {
  const digits = fractionDigits(lastModified)
  return digits === null || digits === 0 || digits === 6
}
