import deActivity from './locales/de/activity.json'
import deCommon from './locales/de/common.json'
import deDoctor from './locales/de/doctor.json'
import deEditors from './locales/de/editors.json'
import deFiles from './locales/de/files.json'
import deSettings from './locales/de/settings.json'
import enActivity from './locales/en/activity.json'
import enCommon from './locales/en/common.json'
import enDoctor from './locales/en/doctor.json'
import enEditors from './locales/en/editors.json'
import enFiles from './locales/en/files.json'
import enSettings from './locales/en/settings.json'
import zhActivity from './locales/zh-Hans/activity.json'
import zhCommon from './locales/zh-Hans/common.json'
import zhDoctor from './locales/zh-Hans/doctor.json'
import zhEditors from './locales/zh-Hans/editors.json'
import zhFiles from './locales/zh-Hans/files.json'
import zhSettings from './locales/zh-Hans/settings.json'

// The console's namespaces, one per page (common: the shell, dialogs, formats). The host page and the built-in
// editor bundle only their own.
export const consoleResources = {
  en: { common: enCommon, files: enFiles, settings: enSettings, doctor: enDoctor, editors: enEditors, activity: enActivity },
  de: { common: deCommon, files: deFiles, settings: deSettings, doctor: deDoctor, editors: deEditors, activity: deActivity },
  'zh-Hans': { common: zhCommon, files: zhFiles, settings: zhSettings, doctor: zhDoctor, editors: zhEditors, activity: zhActivity },
}
