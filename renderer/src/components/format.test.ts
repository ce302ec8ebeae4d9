import { describe, expect, it } from 'vitest'
import { mapWithConcurrency } from './concurrency'
import { formatBytes, formatClockTime, formatDuration, formatRelative, groupDigits, parseWholeNumber, pluralize } from './format'
import { fileTypeOf } from './file-type'

describe('formatBytes', () => {
  it('uses binary multiples with one decimal below 100', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1024)).toBe('1 KB')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(182_004)).toBe('178 KB')
    expect(formatBytes(4_812_330)).toBe('4.6 MB')
    expect(formatBytes(5 * 1024 ** 4)).toBe('5 TB')
  })

  it('shows a dash for impossible sizes', () => {
    expect(formatBytes(-1)).toBe('—')
    expect(formatBytes(Number.NaN)).toBe('—')
  })
})

describe('formatDuration', () => {
  it('picks ms, s or min', () => {
    expect(formatDuration(0)).toBe('0 ms')
    expect(formatDuration(12.4)).toBe('12 ms')
    expect(formatDuration(1234)).toBe('1.23 s')
    expect(formatDuration(2000)).toBe('2 s')
    expect(formatDuration(15_500)).toBe('15.5 s')
    expect(formatDuration(125_000)).toBe('2 min 5 s')
    expect(formatDuration(120_000)).toBe('2 min')
  })
})

describe('formatRelative', () => {
  const now = Date.UTC(2025, 0, 15, 12, 0, 0)
  it('says just now, minutes, hours and days', () => {
    expect(formatRelative(now - 10_000, now, 'en-US')).toBe('just now')
    expect(formatRelative(now - 5 * 60_000, now, 'en-US')).toBe('5 minutes ago')
    expect(formatRelative(now + 27 * 60_000, now, 'en-US')).toBe('in 27 minutes')
    expect(formatRelative(now - 3 * 3_600_000, now, 'en-US')).toBe('3 hours ago')
    expect(formatRelative(now - 26 * 3_600_000, now, 'en-US')).toBe('yesterday')
  })

  it('says never for a missing time', () => {
    expect(formatRelative(0, now, 'en-US')).toBe('never')
  })
})

describe('formatClockTime', () => {
  it('shows local wall-clock time with milliseconds', () => {
    expect(formatClockTime(new Date(2025, 0, 2, 14, 3, 22, 123).getTime(), 'en-US')).toBe('14:03:22.123')
  })
})

describe('small helpers', () => {
  it('parses whole numbers only', () => {
    expect(parseWholeNumber(' 42 ')).toBe(42)
    expect(parseWholeNumber('4.2')).toBeNull()
    expect(parseWholeNumber('-1')).toBeNull()
    expect(parseWholeNumber('')).toBeNull()
  })

  it('groups digits the way en-US does, for whole numbers of any size and sign', () => {
    for (const value of [0, 7, 999, 1000, 12345, 100000, 1234567, 9007199254740991, -1, -1000, -1234567]) {
      expect(groupDigits(value)).toBe(value.toLocaleString('en-US'))
    }
    expect(groupDigits(1234.5)).toBe('1,234.5')
  })

  it('pluralizes', () => {
    expect(pluralize(1, 'app')).toBe('1 app')
    expect(pluralize(100000, 'item')).toBe('100,000 items')
    expect(pluralize(2, 'MIME-type app')).toBe('2 MIME-type apps')
  })

  it('classifies file types by extension', () => {
    expect(fileTypeOf('folder', 'docx')).toBe('folder')
    expect(fileTypeOf('file', 'DOCX')).toBe('document')
    expect(fileTypeOf('file', 'xlsx')).toBe('spreadsheet')
    expect(fileTypeOf('file', 'odp')).toBe('presentation')
    expect(fileTypeOf('file', 'pdf')).toBe('pdf')
    expect(fileTypeOf('file', 'zip')).toBe('other')
  })
})

describe('mapWithConcurrency', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let running = 0
    let peak = 0
    const result = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 2, async (value) => {
      running++
      peak = Math.max(peak, running)
      await new Promise((resolve) => setTimeout(resolve, value))
      running--
      return value * 10
    })
    expect(result).toEqual([50, 10, 40, 20, 30, 0])
    expect(peak).toBe(2)
  })

  it('handles an empty list', async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([])
  })
})
