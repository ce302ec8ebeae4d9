import type { TFunction } from 'i18next'
import type { DocumentKind } from '../../../electron/contract/editor-page'

// Small pure helpers of the editor page (kept free of React so they are tested in Node).

/** 1-based line and column of a caret offset in LF text. */
export function caretPosition(text: string, offset: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(offset, text.length))
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: end - lineStart + 1 }
}

/** The document kind in words: format names as they are, the rest (`words`) in the page's language. */
export function kindLabel(kind: DocumentKind, words: { settings: string; log: string; text: string }): string {
  switch (kind) {
    case 'markdown':
      return 'Markdown'
    case 'csv':
      return 'CSV'
    case 'tsv':
      return 'TSV'
    case 'json':
      return 'JSON'
    case 'xml':
      return 'XML'
    case 'yaml':
      return 'YAML'
    case 'ini':
      return words.settings
    case 'log':
      return words.log
    default:
      return words.text
  }
}

/** "plan.md" + "my version" -> "plan (my version).md" */
export function decoratedName(fileName: string, extension: string, label: string): string {
  const stem = extension && fileName.toLowerCase().endsWith(extension) ? fileName.slice(0, fileName.length - extension.length) : fileName
  return `${stem} (${label})${extension}`
}

export function stemOf(fileName: string, extension: string): string {
  return extension && fileName.toLowerCase().endsWith(extension) ? fileName.slice(0, fileName.length - extension.length) : fileName
}

/** Where a JSON document stops parsing, in words; null when valid or not worth checking. */
export function jsonProblem(text: string, t: TFunction): string | null {
  if (!text.trim() || text.length > 2_000_000) return null
  try {
    JSON.parse(text)
    return null
  } catch (error) {
    const message = (error as Error).message
    const position = /position (\d+)/.exec(message)
    if (position) {
      const { line, column } = caretPosition(text, Number(position[1]))
      return t('editor:json.errorAt', { line, column })
    }
    return t('editor:json.error')
  }
}

export function timeLabel(at: number, locale: string | null): string {
  try {
    return new Intl.DateTimeFormat(locale ?? undefined, { hour: '2-digit', minute: '2-digit' }).format(at)
  } catch {
    return new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(at)
  }
}
