import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { browserLanguages, resolveLanguage } from '../i18n/languages'
import { rememberLanguage } from '../i18n/remembered-language'
import { useSettings } from './SettingsContext'

/** Follows the Settings choice: the console switches as soon as it is saved, and starts in it next time. */
export function LanguageSync() {
  const { i18n } = useTranslation()
  const { data: settings } = useSettings()
  const chosen = settings?.language
  useEffect(() => {
    if (!chosen) return
    rememberLanguage(chosen)
    const language = resolveLanguage(chosen, browserLanguages())
    if (i18n.language !== language) void i18n.changeLanguage(language)
  }, [chosen, i18n])
  return null
}
