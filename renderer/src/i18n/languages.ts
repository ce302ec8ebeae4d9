import type { ConsoleLanguage } from '../../../electron/contract/dto'

// The languages WOPI Desk's own pages are written in. English is the source; the others are translations of it.
export const UI_LANGUAGES = ['en', 'de', 'zh-Hans'] as const
export type UiLanguage = (typeof UI_LANGUAGES)[number]

/** Names shown in the language select, each in its own language so a reader finds theirs whatever is on screen. */
export const LANGUAGE_NAMES: Record<UiLanguage, string> = { en: 'English', de: 'Deutsch', 'zh-Hans': '简体中文' }

/** One of the browser's preferred languages we have, in its order; English when none is ours. */
export function pickLanguage(preferred: readonly string[]): UiLanguage {
  for (const tag of preferred) {
    const lower = tag.toLowerCase()
    const base = lower.split('-')[0]
    if (base === 'en') return 'en'
    if (base === 'de') return 'de'
    // Traditional Chinese readers are better served by Simplified than by English.
    if (base === 'zh') return 'zh-Hans'
  }
  return 'en'
}

/** The language a page shows: the one chosen in Settings, else the browser's. */
export function resolveLanguage(setting: ConsoleLanguage | string | null | undefined, preferred: readonly string[]): UiLanguage {
  if (setting && (UI_LANGUAGES as readonly string[]).includes(setting)) return setting as UiLanguage
  return pickLanguage(preferred)
}

/** navigator.languages where there is a navigator (tests run in Node). */
export function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return []
  return navigator.languages?.length ? navigator.languages : [navigator.language]
}
