import { describe, expect, it } from 'vitest'
import { nextLastModified } from '../files/change-detection'
import { formatWopiMicros, parseWopiTime, sameWopiInstant, wopiTime } from './wopi-time'

// What the host reports, and the forms editors write back for that same instant.
const ours = '2026-12-07T14:39:05.534127Z'

/** LibreOffice Online 2020 (and Collabora): the fraction's digits read as an integer of microseconds, written back with six digits. */
function loolEcho(lastModifiedTime: string): string {
  const match = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(lastModifiedTime)!
  return `${match[1]}.${String(Number(match[2] ?? '0')).padStart(6, '0')}Z`
}

describe('LastModifiedTime on the wire', () => {
  it('is always six fraction digits, whatever the stored form', () => {
    expect(wopiTime('2026-12-07T14:39:05.534Z')).toBe('2026-12-07T14:39:05.534000Z')
    expect(wopiTime('2026-12-07T14:39:05Z')).toBe('2026-12-07T14:39:05.000000Z')
    expect(wopiTime(ours)).toBe(ours)
    expect(wopiTime('2026-12-07T16:39:05.5341279+02:00')).toBe(ours)
  })

  it('survives the real editor: what LibreOffice Online echoes is the instant the host sent', () => {
    // The bug a real loolwsd showed: three digits came back as `.000534Z`.
    expect(loolEcho('2026-12-07T14:39:05.534Z')).toBe('2026-12-07T14:39:05.000534Z')
    expect(sameWopiInstant(loolEcho('2026-12-07T14:39:05.534Z'), '2026-12-07T14:39:05.534Z')).toBe(false)
    // Six digits round-trip exactly.
    expect(loolEcho(wopiTime('2026-12-07T14:39:05.534Z'))).toBe('2026-12-07T14:39:05.534000Z')
    expect(sameWopiInstant(loolEcho(wopiTime(ours)), ours)).toBe(true)
  })

  it('takes every re-formatting of the same instant as the same', () => {
    const forms = [
      ours,
      '2026-12-07T14:39:05.5341270Z', // seven digits (.NET, the spec's examples)
      '2026-12-07T14:39:05.534Z', // three digits (JavaScript's toISOString)
      '2026-12-07T14:39:05Z', // whole seconds
      '2026-12-07T16:39:05.534127+02:00', // an offset
      '2026-12-07T09:39:05.534127-0500', // an offset without a colon
      '2026-12-07t14:39:05.534127z', // lower case
    ]
    for (const form of forms) expect(sameWopiInstant(form, ours), form).toBe(true)
  })

  it('still sees a real change: another instant in any form differs', () => {
    const later = nextLastModified(ours, (BigInt(Date.parse('2026-12-07T14:39:05.534Z')) * 1_000_000n).toString())
    expect(later).toBe('2026-12-07T14:39:05.534128Z') // an mtime at or before ours moves one microsecond on
    expect(sameWopiInstant(ours, later)).toBe(false)
    expect(sameWopiInstant('2026-12-07T14:39:05.5341270Z', later)).toBe(false)
    expect(sameWopiInstant('2026-12-07T14:39:06Z', ours)).toBe(false)
    expect(sameWopiInstant('2026-12-07T14:39:05.535Z', ours)).toBe(false)
    expect(sameWopiInstant('2026-12-07T15:39:05.534127+02:00', ours)).toBe(false)
    expect(sameWopiInstant('yesterday', ours)).toBe(false)
    expect(sameWopiInstant('', ours)).toBe(false)
  })

  it('keeps the disk mtime to the microsecond', () => {
    expect(nextLastModified(null, '1796654345534127999')).toBe(formatWopiMicros(1796654345534127))
    expect(nextLastModified(null, '1796654345534127999')).toMatch(/\.534127Z$/)
  })

  it('parses only real ISO 8601 times with a zone', () => {
    expect(parseWopiTime('2026-12-07T14:39:05')).toBeNull() // no zone: ambiguous
    expect(parseWopiTime('2026-13-07T14:39:05Z')).toBeNull()
    expect(parseWopiTime('Mon, 07 Dec 2026 14:39:05 GMT')).toBeNull()
    expect(parseWopiTime('2026-12-07T14:39:05.1Z')).toEqual({ micros: Date.parse('2026-12-07T14:39:05.100Z') * 1000, digits: 1 })
  })
})
