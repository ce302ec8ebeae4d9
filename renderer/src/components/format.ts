import { formatWords } from '../i18n/format-words'

// Formatting for people. Every function takes `now`/`locale` as parameters so tests are deterministic; without a
// locale they use the language the page shows (set by the i18n setup), English until then.

let pageLocale = 'en'

/** Called when the page's language changes: numbers, sizes and dates follow it. */
export function setFormatLocale(locale: string): void {
  pageLocale = locale
}

export function formatLocale(): string {
  return pageLocale
}

const isEnglish = (locale: string) => locale === 'en' || locale.startsWith('en-')

// Building an Intl formatter costs far more than using one, and grids format thousands of cells: keep them.
const formatterCache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>()
function cached<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let formatter = formatterCache.get(key) as T | undefined
  if (!formatter) formatterCache.set(key, (formatter = make()))
  return formatter
}

const sizeUnits = ['KB', 'MB', 'GB', 'TB'] as const

/** A decimal with at most `digits` fraction digits, in the locale's notation ('1.5', '1,5'). */
function decimal(value: number, digits: number, locale: string): string {
  if (isEnglish(locale)) return value.toFixed(digits).replace(/\.?0+$/, '') || '0'
  return cached(
    `num:${digits}:${locale}`,
    () => new Intl.NumberFormat(locale, { maximumFractionDigits: digits, useGrouping: false }),
  ).format(value)
}

/** 1536 -> '1.5 KB' ('1,5 KB' in German); binary multiples with the short names people know from file managers. */
export function formatBytes(bytes: number, locale = pageLocale): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—'
  if (bytes < 1024) return `${bytes} ${formatWords(locale).bytes}`
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < sizeUnits.length - 1) {
    value /= 1024
    unit++
  }
  const rounded = value >= 100 ? String(Math.round(value)) : decimal(value, 1, locale)
  return `${rounded} ${sizeUnits[unit]}`
}

/** 12 -> '12 ms', 1234 -> '1.23 s', 125000 -> '2 min 5 s' */
export function formatDuration(ms: number, locale = pageLocale): string {
  if (!Number.isFinite(ms) || ms < 0) return '—'
  const words = formatWords(locale)
  if (ms < 1000) return `${Math.round(ms)} ${words.ms}`
  if (ms < 60_000) return `${decimal(ms / 1000, ms < 10_000 ? 2 : 1, locale)} ${words.s}`
  const minutes = Math.floor(ms / 60_000)
  const seconds = Math.round((ms % 60_000) / 1000)
  return seconds === 0 ? `${minutes} ${words.min}` : `${minutes} ${words.min} ${seconds} ${words.s}`
}

export function formatDateTime(ms: number, locale: string = pageLocale): string {
  if (!Number.isFinite(ms) || ms <= 0) return '—'
  return cached(`dt:${locale ?? ''}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(ms)
}

/** Wall-clock time with milliseconds, for request logs: '14:03:22.123'. */
export function formatClockTime(ms: number, locale: string = pageLocale): string {
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
export function formatRelative(ms: number, now: number, locale: string = pageLocale): string {
  if (!Number.isFinite(ms) || ms <= 0) return formatWords(locale).never
  const diff = ms - now
  const abs = Math.abs(diff)
  if (abs < 45_000) return formatWords(locale).justNow
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

/**
 * 100000 -> '100,000' ('100.000' in German). English whole numbers skip Intl: the first number format loads ICU
 * data (~35 ms of first render).
 */
export function groupDigits(count: number, locale = pageLocale): string {
  if (!isEnglish(locale)) return cached(`group:${locale}`, () => new Intl.NumberFormat(locale)).format(count)
  if (!Number.isSafeInteger(count)) return count.toLocaleString('en-US')
  const digits = String(Math.abs(count)).replace(/\B(?=(\d{3})+$)/g, ',')
  return count < 0 ? `-${digits}` : digits
}

/** English only: pages count through i18next plurals (a key with { count }); kept for English-only outputs. */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${groupDigits(count, 'en')} ${count === 1 ? singular : plural}`
}
