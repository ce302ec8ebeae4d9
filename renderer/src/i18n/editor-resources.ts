import deCommon from './locales/de/common.json'
import deEditor from './locales/de/editor.json'
import enCommon from './locales/en/common.json'
import enEditor from './locales/en/editor.json'
import zhCommon from './locales/zh-Hans/common.json'
import zhEditor from './locales/zh-Hans/editor.json'

// The built-in editor's text: its own namespace and the common one, nothing of the console's.
export const editorResources = {
  en: { common: enCommon, editor: enEditor },
  de: { common: deCommon, editor: deEditor },
  'zh-Hans': { common: zhCommon, editor: zhEditor },
}
