import i18next, { type i18n, type Resource } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { setFormatLocale } from '../components/format'
import type { UiLanguage } from './languages'

// One i18next instance per page, made synchronously from bundled resources: text is there at the first render,
// and numbers, sizes and dates (components/format.ts) follow the same language.
export function createI18n(resources: Resource, language: UiLanguage, options: { react?: boolean } = {}): i18n {
  const instance = i18next.createInstance()
  if (options.react !== false) instance.use(initReactI18next)
  void instance.init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: ['en', 'de', 'zh-Hans'],
    defaultNS: 'common',
    ns: Object.keys(resources['en'] ?? {}),
    // React escapes what it renders; the host page sets textContent only.
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  })
  const follow = (lng: string) => {
    setFormatLocale(lng)
    if (typeof document !== 'undefined') document.documentElement.lang = lng
  }
  follow(language)
  instance.on('languageChanged', follow)
  return instance
}
