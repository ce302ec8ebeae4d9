import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { baseKeys, flattenLocale, placeholders, PLURAL_SUFFIX, type LocaleTree } from '../../../electron/contract/test-support/locale-tree'
import { UI_LANGUAGES } from './languages'

// English is the source. Every translation has exactly its keys (plural forms as its language needs them), and
// every key the code asks for with t('namespace:key') is in English.

const LOCALES = join(__dirname, 'locales')
const SRC = join(__dirname, '..')

function namespaces(language: string): Map<string, Map<string, string>> {
  const dir = join(LOCALES, language)
  return new Map(
    readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => [name.replace(/\.json$/, ''), flattenLocale(JSON.parse(readFileSync(join(dir, name), 'utf8')) as LocaleTree)]),
  )
}

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...sourceFiles(path))
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

const english = namespaces('en')

describe('translations', () => {
  for (const language of UI_LANGUAGES.filter((lng) => lng !== 'en')) {
    it(`${language} has exactly the keys English has, with the same placeholders`, () => {
      const translated = namespaces(language)
      expect([...translated.keys()].sort()).toEqual([...english.keys()].sort())
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories
      for (const [ns, source] of english) {
        const target = translated.get(ns) ?? new Map<string, string>()
        const sourceBases = baseKeys(source.keys())
        const targetBases = baseKeys(target.keys())
        const missing = [...sourceBases.keys()].filter((key) => !targetBases.has(key)).map((key) => `${ns}:${key}`)
        const extra = [...targetBases.keys()].filter((key) => !sourceBases.has(key)).map((key) => `${ns}:${key}`)
        expect({ missing, extra }).toEqual({ missing: [], extra: [] })
        for (const [base, forms] of sourceBases) {
          if (forms.size === 0) continue
          // A plural key has the forms its language uses (German: one, other; Chinese: other).
          expect([...(targetBases.get(base) ?? [])].sort(), `${language} ${ns}:${base}`).toEqual([...categories].sort())
        }
        for (const [key, text] of target) {
          const sourceText = source.get(key) ?? source.get(key.replace(PLURAL_SUFFIX, '_other')) ?? ''
          const needed = placeholders(sourceText).filter((name) => name !== 'count')
          expect(
            placeholders(text).filter((name) => name !== 'count'),
            `${language} ${ns}:${key}`,
          ).toEqual(needed)
        }
      }
    })
  }

  it('English plural keys have one and other', () => {
    for (const [ns, source] of english) {
      for (const [base, forms] of baseKeys(source.keys())) {
        if (forms.size > 0) expect([...forms].sort(), `${ns}:${base}`).toEqual(['one', 'other'])
      }
    }
  })

  it("every key the code uses with t('namespace:key') is in English", () => {
    const missing: string[] = []
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/\bt\(\s*(['"])([\w-]+):([\w.-]+)\1/g)) {
        const [, , ns, key] = match as unknown as [string, string, string, string]
        const keys = english.get(ns)
        const found = keys && (keys.has(key) || keys.has(`${key}_one`) || [...keys.keys()].some((k) => k.startsWith(`${key}.`)))
        if (!found) missing.push(`${file.slice(SRC.length + 1)}: ${ns}:${key}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('the key check itself notices a key that is not there', () => {
    expect(english.get('common')?.has('nav.files')).toBe(true)
    expect(english.get('common')?.has('nav.nothing-here')).toBe(false)
  })
})
