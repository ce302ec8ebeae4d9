import type { DeskSettings } from './settings'

// Editors get their UI language in UI_LLCC. A language chosen for WOPI Desk's own pages is the user's language, so
// editors (the built-in one among them) get it too; a locale of that language (en-GB for English) is kept.
const FULL_TAG = { en: 'en-US', de: 'de-DE', 'zh-Hans': 'zh-CN' } as const

export function editorUiLocale(settings: Pick<DeskSettings, 'locale' | 'language'>): string {
  if (settings.language === 'system') return settings.locale
  const base = settings.language === 'zh-Hans' ? 'zh' : settings.language
  if (settings.locale.split('-')[0] === base && (base !== 'zh' || !/-(Hant|TW|HK|MO)\b/.test(settings.locale))) return settings.locale
  return FULL_TAG[settings.language]
}

/** The language of the host page: the one chosen in Settings, or null for the browser's. */
export function pageLanguage(settings: Pick<DeskSettings, 'language'>): string | null {
  return settings.language === 'system' ? null : settings.language
}
