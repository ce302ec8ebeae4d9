// What the translation checks of the console (renderer) and of the desktop shell (main) read from a locale file:
// its keys flattened to dotted paths, plural forms grouped by their key, and a text's placeholders.

export type LocaleTree = { [key: string]: string | LocaleTree }

export const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/

export function flattenLocale(tree: LocaleTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [inner, text] of flattenLocale(value, path)) out.set(inner, text)
  }
  return out
}

/** Keys without their plural suffix, and for each the suffixes present. */
export function baseKeys(keys: Iterable<string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const key of keys) {
    const match = PLURAL_SUFFIX.exec(key)
    const base = match ? key.slice(0, match.index) : key
    const forms = out.get(base) ?? new Set<string>()
    if (match) forms.add(match[1]!)
    out.set(base, forms)
  }
  return out
}

export const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort()
