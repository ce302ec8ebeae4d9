import i18next from 'i18next'
import { resolveLanguage, UI_LANGUAGES, type UiLanguage } from '../contract/ui-language'
import type { ConsoleLanguage } from '../contract/dto'
import de from './locales/de.json'
import en from './locales/en.json'
import zhHans from './locales/zh-Hans.json'

// The desktop app's own text (menus, tray, native dialogs) in the language chosen in Settings. One i18next
// instance for the main process, made synchronously from bundled resources so the first menu is already
// translated; electron-vite bundles i18next into out/main (the packaged app has no devDependencies).

/** a key of locales/en.json (dotted) and its placeholders; `count` picks the plural form */
export type Translate = (key: string, values?: Record<string, string | number>) => string

export const MAIN_RESOURCES = { en: { main: en }, de: { main: de }, 'zh-Hans': { main: zhHans } } as const

export interface MainI18n {
  readonly language: UiLanguage
  readonly t: Translate
  /** switches to the language a setting names ('system': the system's preferred languages) */
  follow(setting: ConsoleLanguage | string | null | undefined): UiLanguage
}

/** `systemLanguages` is read at each follow('system'), so a changed system language counts at the next rebuild. */
export function createMainI18n(setting: ConsoleLanguage | string | null | undefined, systemLanguages: () => readonly string[]): MainI18n {
  const instance = i18next.createInstance()
  void instance.init({
    resources: MAIN_RESOURCES,
    lng: resolveLanguage(setting, systemLanguages()),
    fallbackLng: 'en',
    supportedLngs: [...UI_LANGUAGES],
    defaultNS: 'main',
    ns: ['main'],
    // Menus and dialogs show plain text; nothing here is HTML.
    interpolation: { escapeValue: false },
    initAsync: false,
  })
  const t: Translate = (key, values) => instance.t(key, values ?? {})
  return {
    get language() {
      return instance.language as UiLanguage
    },
    t,
    follow(next) {
      const language = resolveLanguage(next, systemLanguages())
      if (language !== instance.language) void instance.changeLanguage(language)
      return language
    },
  }
}

/** English text, for callers that pass no translator (the CLI-free tests, and code paths before settings are read). */
export const englishText: Translate = createMainI18n('en', () => []).t

/** The system's preferred languages as Electron reports them, the preferred list first. */
export function electronSystemLanguages(app: { getLocale(): string; getPreferredSystemLanguages?(): string[] }): readonly string[] {
  const preferred = app.getPreferredSystemLanguages?.() ?? []
  return [...preferred, app.getLocale()]
}
