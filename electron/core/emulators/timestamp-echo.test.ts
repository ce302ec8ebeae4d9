import { describe, expect, it } from 'vitest'
import { echoedTimestamp, fractionDigits, roundTrips } from './timestamp-echo'

describe('the timestamp Collabora and LibreOffice Online send back', () => {
  it.each([
    // LastModifiedTime                     Collabora                      LibreOffice Online 2020
    ['2026-12-07T14:39:05.534Z', '2026-12-07T14:39:05.534000Z', '2026-12-07T14:39:05.000534Z'],
    ['2026-12-07T14:39:05Z', '2026-12-07T14:39:05.000000Z', '2026-12-07T14:39:05.000000Z'],
    ['2026-12-07T14:39:05.534123Z', '2026-12-07T14:39:05.534123Z', '2026-12-07T14:39:05.534123Z'],
    ['2026-12-07T14:39:05.5341239Z', '2026-12-07T14:39:05.534123Z', '2026-12-07T14:39:10.341239Z'],
    ['2026-12-07T15:39:05.5+01:00', '2026-12-07T14:39:05.500000Z', '2026-12-07T14:39:05.000005Z'],
    ['2026-12-07T09:39:05.534000-0500', '2026-12-07T14:39:05.534000Z', '2026-12-07T14:39:05.534000Z'],
  ])('%s → Collabora %s, LibreOffice Online %s', (lastModified, collabora, lool) => {
    expect(echoedTimestamp(lastModified, 'collabora')).toBe(collabora)
    expect(echoedTimestamp(lastModified, 'lool')).toBe(lool)
  })

  it('leaves a value it cannot read as it is', () => {
    expect(echoedTimestamp('yesterday', 'collabora')).toBe('yesterday')
    expect(fractionDigits('yesterday')).toBeNull()
  })

  it('only no fraction or six digits round-trip through both', () => {
    expect(['2026-12-07T14:39:05Z', '2026-12-07T14:39:05.534000Z'].every(roundTrips)).toBe(true)
    expect(['2026-12-07T14:39:05.5Z', '2026-12-07T14:39:05.534Z', '2026-12-07T14:39:05.5340000Z'].some(roundTrips)).toBe(false)
  })
})
