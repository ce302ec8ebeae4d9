import deCommon from './locales/de/common.json'
import deHost from './locales/de/host.json'
import enCommon from './locales/en/common.json'
import enHost from './locales/en/host.json'
import zhCommon from './locales/zh-Hans/common.json'
import zhHost from './locales/zh-Hans/host.json'

// The host page's text: its own namespace and the common one (formats, shared words), nothing of the console's.
export const hostResources = {
  en: { common: enCommon, host: enHost },
  de: { common: deCommon, host: deHost },
  'zh-Hans': { common: zhCommon, host: zhHost },
}
