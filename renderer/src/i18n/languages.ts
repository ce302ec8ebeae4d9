import type { UiLanguage } from '../../../electron/contract/ui-language'

// The mapping is shared with the main process (its menus and dialogs follow the same setting).
export { pickLanguage, resolveLanguage, UI_LANGUAGES, type UiLanguage } from '../../../electron/contract/ui-language'

/** Names shown in the language select, each in its own language so a reader finds theirs whatever is on screen. */
export const LANGUAGE_NAMES: Record<UiLanguage, string> = { en: 'English', de: 'Deutsch', 'zh-Hans': '简体中文' }

/** navigator.languages where there is a navigator (tests run in Node). */
export function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return []
  return navigator.languages?.length ? navigator.languages : [navigator.language]
}
