import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { baseKeys, flattenLocale, placeholders, PLURAL_SUFFIX, type LocaleTree } from '../contract/test-support/locale-tree'
import { UI_LANGUAGES } from '../contract/ui-language'
import { createMainI18n, electronSystemLanguages } from './main-i18n'

// English is the source of the desktop's own text. Every translation has exactly its keys (plural forms as its
// language needs them) and the same placeholders, and every key the main process asks for is in English.

const LOCALES = join(__dirname, 'locales')

const locale = (language: string) => flattenLocale(JSON.parse(readFileSync(join(LOCALES, `${language}.json`), 'utf8')) as LocaleTree)

const english = locale('en')

describe('the desktop’s translations', () => {
  it('has one file per language WOPI Desk speaks', () => {
    expect(readdirSync(LOCALES).sort()).toEqual(UI_LANGUAGES.map((language) => `${language}.json`).sort())
  })

  for (const language of UI_LANGUAGES.filter((lng) => lng !== 'en')) {
    it(`${language} has exactly the keys English has, with the same placeholders`, () => {
      const translated = locale(language)
      const source = baseKeys(english.keys())
      const target = baseKeys(translated.keys())
      const missing = [...source.keys()].filter((key) => !target.has(key))
      const extra = [...target.keys()].filter((key) => !source.has(key))
      expect({ missing, extra }).toEqual({ missing: [], extra: [] })
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories
      for (const [base, forms] of source) {
        if (forms.size === 0) continue
        expect([...(target.get(base) ?? [])].sort(), `${language} ${base}`).toEqual([...categories].sort())
      }
      for (const [key, text] of translated) {
        const sourceText = english.get(key) ?? english.get(key.replace(PLURAL_SUFFIX, '_other')) ?? ''
        expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(sourceText))
      }
    })
  }

  it('has in English every key the main process asks for', () => {
    const sources = readdirSync(__dirname).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    const asked = sources.flatMap((name) =>
      [...readFileSync(join(__dirname, name), 'utf8').matchAll(/\bt\(\s*'([\w.]+)'/g)].map((match) => match[1]!),
    )
    expect(asked.length).toBeGreaterThan(20)
    const known = baseKeys(english.keys())
    expect(asked.filter((key) => !known.has(key))).toEqual([])
  })
})

describe('the desktop’s language', () => {
  it('follows the setting, and for "system" the system’s preferred languages', () => {
    let system: readonly string[] = ['de-AT']
    const i18n = createMainI18n('system', () => system)
    expect(i18n.language).toBe('de')
    expect(i18n.t('menu.file')).toBe('&Datei')
    expect(i18n.follow('zh-Hans')).toBe('zh-Hans')
    expect(i18n.t('menu.file')).toBe('文件(&F)')
    system = ['fr-FR']
    expect(i18n.follow('system')).toBe('en')
    expect(i18n.t('menu.file')).toBe('&File')
  })

  it('reads Electron’s preferred system languages before its locale', () => {
    expect(electronSystemLanguages({ getLocale: () => 'en-US', getPreferredSystemLanguages: () => ['zh-Hant-TW', 'de-DE'] })).toEqual([
      'zh-Hant-TW',
      'de-DE',
      'en-US',
    ])
  })
})
