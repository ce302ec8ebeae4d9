import { describe, expect, it } from 'vitest'
import { editorUiLocale, pageLanguage } from './ui-language'

describe('the UI language editors and pages get', () => {
  it('follows the locale while the language is the system one', () => {
    expect(editorUiLocale({ locale: 'fr-FR', language: 'system' })).toBe('fr-FR')
    expect(pageLanguage({ language: 'system' })).toBeNull()
  })

  it('takes the chosen language, keeping a locale of that same language', () => {
    expect(editorUiLocale({ locale: 'fr-FR', language: 'de' })).toBe('de-DE')
    expect(editorUiLocale({ locale: 'de-AT', language: 'de' })).toBe('de-AT')
    expect(editorUiLocale({ locale: 'en-GB', language: 'en' })).toBe('en-GB')
    expect(editorUiLocale({ locale: 'zh-TW', language: 'zh-Hans' })).toBe('zh-CN')
    expect(editorUiLocale({ locale: 'zh-SG', language: 'zh-Hans' })).toBe('zh-SG')
    expect(pageLanguage({ language: 'zh-Hans' })).toBe('zh-Hans')
  })
})
