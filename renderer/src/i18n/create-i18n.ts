import i18next, { type i18n, type Module, type Resource } from 'i18next'
import { setFormatLocale } from '../components/format'
import type { UiLanguage } from './languages'

// One i18next instance per page, made synchronously from bundled resources: text is there at the first render,
// and numbers, sizes and dates (components/format.ts) follow the same language. React pages pass react-i18next's
// plugin; the host page has no React and passes none, so its bundle stays small.
export function createI18n(resources: Resource, language: UiLanguage, plugins: readonly Module[] = []): i18n {
  const instance = i18next.createInstance()
  for (const plugin of plugins) instance.use(plugin)
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
