import type { ConsoleLanguage } from './dto'

// The languages WOPI Desk's own text is written in, and how a setting plus the user's preferred languages pick
// one. Pure, so the console pages and the main process (menus, tray, dialogs) map a language the same way.

// English is the source; the others are translations of it.
export const UI_LANGUAGES = ['en', 'de', 'zh-Hans'] as const
export type UiLanguage = (typeof UI_LANGUAGES)[number]

/** One of the preferred languages we have, in their order; English when none is ours. */
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

/** The language to show: the one chosen in Settings, else the first preferred one we have. */
export function resolveLanguage(setting: ConsoleLanguage | string | null | undefined, preferred: readonly string[]): UiLanguage {
  if (setting && (UI_LANGUAGES as readonly string[]).includes(setting)) return setting as UiLanguage
  return pickLanguage(preferred)
}
