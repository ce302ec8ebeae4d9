import type { ConsoleLanguage } from '../../../electron/contract/dto'

// The console reads the Settings choice over the API, after its first render. The last choice is kept in the
// page's storage so the first render is already in that language instead of flashing the browser's.
const KEY = 'wopi-desk.language'

export function rememberedLanguage(): string | null {
  try {
    return globalThis.localStorage?.getItem(KEY) ?? null
  } catch {
    return null // storage disabled: the browser's language until the settings arrive
  }
}

export function rememberLanguage(language: ConsoleLanguage): void {
  try {
    globalThis.localStorage?.setItem(KEY, language)
  } catch {
    // nothing to do: the settings still decide once loaded
  }
}
