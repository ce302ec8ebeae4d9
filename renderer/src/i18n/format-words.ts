import de from './locales/de/common.json'
import en from './locales/en/common.json'
import zhHans from './locales/zh-Hans/common.json'
import { pickLanguage } from './languages'

// The few words the formatting helpers put around numbers ('just now', units). They live in the common namespace
// with every other text, and are read from it directly so formatting stays a plain synchronous function.
const byLanguage = { en: en.format, de: de.format, 'zh-Hans': zhHans.format }

export type FormatWords = (typeof byLanguage)['en']

export function formatWords(locale: string | undefined): FormatWords {
  return byLanguage[pickLanguage(locale ? [locale] : [])]
}
