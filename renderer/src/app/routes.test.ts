import { describe, expect, it } from 'vitest'
import { parseHash, routeHref } from './routes'

describe('hash routes', () => {
  it('defaults to Editors', () => {
    expect(parseHash('')).toEqual({ page: 'editors', dir: '' })
    expect(parseHash('#/')).toEqual({ page: 'editors', dir: '' })
    expect(parseHash('#/nowhere')).toEqual({ page: 'editors', dir: '' })
  })

  it('reads each page', () => {
    for (const page of ['editors', 'files', 'activity', 'settings', 'doctor'] as const) {
      expect(parseHash(`#/${page}`).page).toBe(page)
    }
  })

  it('round-trips a folder with spaces and non-ASCII names', () => {
    const href = routeHref({ page: 'files', dir: 'Finance 2024/Résumé #2' })
    expect(href).toBe('#/files/Finance%202024/R%C3%A9sum%C3%A9%20%232')
    expect(parseHash(href)).toEqual({ page: 'files', dir: 'Finance 2024/Résumé #2' })
  })

  it('never climbs out with . or ..', () => {
    expect(parseHash('#/files/../..//a/./b').dir).toBe('a/b')
  })

  it('keeps the place of a folder outside the served one, and leaves the served folder out', () => {
    const href = routeHref({ page: 'files', dir: 'Q1/Notes', place: 'folder-0123456789ab' })
    expect(href).toBe('#/files/Q1/Notes?place=folder-0123456789ab')
    expect(parseHash(href)).toEqual({ page: 'files', dir: 'Q1/Notes', place: 'folder-0123456789ab' })
    expect(routeHref({ page: 'files', place: 'file-00aa' })).toBe('#/files?place=file-00aa')
    expect(routeHref({ page: 'files', dir: 'a', place: 'root' })).toBe('#/files/a')
    expect(parseHash('#/files/a?place=root')).toEqual({ page: 'files', dir: 'a' })
  })

  it('links to the root of Files without a trailing slash', () => {
    expect(routeHref({ page: 'files' })).toBe('#/files')
    expect(routeHref({ page: 'doctor', dir: 'ignored' })).toBe('#/doctor')
  })
})
