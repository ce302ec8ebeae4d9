import { describe, expect, it } from 'vitest'
import { FRAME_SANDBOX, withoutPreviousSession, withWdParameters } from './frame'

describe('wd* parameters (spec 11.1 item 7)', () => {
  it('passes wd* parameters of the page on to the action URL, leaving its own text alone', () => {
    expect(
      withWdParameters('https://docs.test/hosting/wopi/word/edit?&ui=en-US&wopisrc=x&', '?wdPreviousSession=a&other=1&wdOrigin=b'),
    ).toBe('https://docs.test/hosting/wopi/word/edit?&ui=en-US&wopisrc=x&wdPreviousSession=a&wdOrigin=b')
    expect(withWdParameters('https://e.test/cool.html?WOPISrc=x', '?wdA=1')).toBe('https://e.test/cool.html?WOPISrc=x&wdA=1')
    expect(withWdParameters('https://e.test/edit', '?wdA=1')).toBe('https://e.test/edit?wdA=1')
    expect(withWdParameters('https://e.test/edit?a=1', '?x=1')).toBe('https://e.test/edit?a=1')
  })

  it('drops only wdPreviousSession and wdPreviousCorrelation from the address', () => {
    expect(withoutPreviousSession('/host/s', '?wdPreviousSession=a&wdOrigin=b&wdPreviousCorrelation=c', '')).toBe('/host/s?wdOrigin=b')
    expect(withoutPreviousSession('/host/s', '?wdPreviousSession=a', '#x')).toBe('/host/s#x')
    expect(withoutPreviousSession('/host/s', '?wdOrigin=b', '')).toBeNull()
  })

  it('sandboxes the frame the way Microsoft sample does, plus downloads and dialogs', () => {
    const tokens = FRAME_SANDBOX.split(' ')
    for (const token of [
      'allow-scripts',
      'allow-same-origin',
      'allow-forms',
      'allow-popups',
      'allow-top-navigation',
      'allow-popups-to-escape-sandbox',
    ]) {
      expect(tokens).toContain(token)
    }
    expect(tokens).not.toContain('allow-top-navigation-to-custom-protocols')
  })
})
