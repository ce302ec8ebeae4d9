import { describe, expect, it } from 'vitest'
import { pickLanguage, resolveLanguage } from './languages'

describe('the language a page shows', () => {
  it('takes the first preferred language we have', () => {
    expect(pickLanguage(['fr-FR', 'de-AT', 'en-US'])).toBe('de')
    expect(pickLanguage(['zh-CN'])).toBe('zh-Hans')
    expect(pickLanguage(['zh-TW'])).toBe('zh-Hans')
    expect(pickLanguage(['fr', 'it'])).toBe('en')
    expect(pickLanguage([])).toBe('en')
  })

  it('prefers the Settings choice over the browser', () => {
    expect(resolveLanguage('de', ['en-US'])).toBe('de')
    expect(resolveLanguage('system', ['zh-CN', 'en'])).toBe('zh-Hans')
    expect(resolveLanguage(null, ['de-DE'])).toBe('de')
    expect(resolveLanguage('xx', ['de-DE'])).toBe('de')
  })
})
