// Formatting for people. Every function takes `now`/`locale` as parameters so tests are deterministic.

// Building an Intl formatter costs far more than using one, and grids format thousands of cells: keep them.
const formatterCache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>()
function cached<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let formatter = formatterCache.get(key) as T | undefined
  if (!formatter) formatterCache.set(key, (formatter = make()))
  return formatter
}

const sizeUnits = ['KB', 'MB', 'GB', 'TB'] as const

/** 1536 -> '1.5 KB'; binary multiples with the short names people know from file managers. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—'
  if (bytes < 1024) return `${bytes} B`
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < sizeUnits.length - 1) {
    value /= 1024
    unit++
  }
  const rounded = value >= 100 ? Math.round(value).toString() : value.toFixed(1)
  return `${rounded.replace(/\.0$/, '')} ${sizeUnits[unit]}`
}

/** 12 -> '12 ms', 1234 -> '1.23 s', 125000 -> '2 min 5 s' */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1).replace(/\.?0+$/, '')} s`
  const minutes = Math.floor(ms / 60_000)
  const seconds = Math.round((ms % 60_000) / 1000)
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`
}

export function formatDateTime(ms: number, locale?: string): string {
  if (!Number.isFinite(ms) || ms <= 0) return '—'
  return cached(`dt:${locale ?? ''}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(ms)
}

/** Wall-clock time with milliseconds, for request logs: '14:03:22.123'. */
export function formatClockTime(ms: number, locale?: string): string {
  if (!Number.isFinite(ms)) return '—'
  return cached(
    `clock:${locale ?? ''}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        fractionalSecondDigits: 3,
        hourCycle: 'h23',
      }),
  ).format(ms)
}

/** '5 minutes ago', 'in 3 hours', 'just now' */
export function formatRelative(ms: number, now: number, locale?: string): string {
  if (!Number.isFinite(ms) || ms <= 0) return 'never'
  const diff = ms - now
  const abs = Math.abs(diff)
  if (abs < 45_000) return 'just now'
  const rtf = cached(`rel:${locale ?? ''}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }))
  const steps: [number, Intl.RelativeTimeFormatUnit][] = [
    [60_000, 'minute'],
    [3_600_000, 'hour'],
    [86_400_000, 'day'],
  ]
  if (abs < 3_600_000) return rtf.format(Math.round(diff / steps[0]![0]), steps[0]![1])
  if (abs < 86_400_000) return rtf.format(Math.round(diff / steps[1]![0]), steps[1]![1])
  if (abs < 30 * 86_400_000) return rtf.format(Math.round(diff / steps[2]![0]), steps[2]![1])
  return formatDateTime(ms, locale)
}

/** Parses a positive whole number typed by a person; null when it is not one. */
export function parseWholeNumber(text: string): number | null {
  const trimmed = text.trim()
  if (!/^\d+$/.test(trimmed)) return null
  const value = Number(trimmed)
  return Number.isSafeInteger(value) ? value : null
}

/** 100000 -> '100,000'. Whole numbers skip Intl: the first number format loads ICU data (~35 ms of first render). */
export function groupDigits(count: number): string {
  if (!Number.isSafeInteger(count)) return count.toLocaleString('en-US')
  const digits = String(Math.abs(count)).replace(/\B(?=(\d{3})+$)/g, ',')
  return count < 0 ? `-${digits}` : digits
}

export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${groupDigits(count)} ${count === 1 ? singular : plural}`
}
