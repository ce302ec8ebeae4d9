import type { DocumentKind } from '../../contract/editor-page'

// The plain-text types the built-in editor advertises in its discovery. Only formats whose bytes are the
// document: no HTML or SVG (active content a preview would have to sandbox), no source code (a code editor's
// job), nothing binary.

export interface TextFileType {
  ext: string
  kind: DocumentKind
  /** the action a plain "open" picks: discovery `default="true"` */
  defaultAction: 'view' | 'edit'
  /** offer `editnew` (an empty file is a valid blank document) */
  editnew: boolean
}

export const TEXT_FILE_TYPES: readonly TextFileType[] = [
  { ext: 'txt', kind: 'text', defaultAction: 'edit', editnew: true },
  { ext: 'text', kind: 'text', defaultAction: 'edit', editnew: true },
  { ext: 'md', kind: 'markdown', defaultAction: 'edit', editnew: true },
  { ext: 'markdown', kind: 'markdown', defaultAction: 'edit', editnew: true },
  { ext: 'csv', kind: 'csv', defaultAction: 'edit', editnew: true },
  { ext: 'tsv', kind: 'tsv', defaultAction: 'edit', editnew: true },
  { ext: 'json', kind: 'json', defaultAction: 'edit', editnew: true },
  { ext: 'xml', kind: 'xml', defaultAction: 'edit', editnew: true },
  { ext: 'yaml', kind: 'yaml', defaultAction: 'edit', editnew: true },
  { ext: 'yml', kind: 'yaml', defaultAction: 'edit', editnew: true },
  { ext: 'ini', kind: 'ini', defaultAction: 'edit', editnew: true },
  { ext: 'cfg', kind: 'ini', defaultAction: 'edit', editnew: true },
  { ext: 'conf', kind: 'ini', defaultAction: 'edit', editnew: true },
  { ext: 'toml', kind: 'ini', defaultAction: 'edit', editnew: true },
  { ext: 'properties', kind: 'ini', defaultAction: 'edit', editnew: true },
  // Logs are read far more often than written: a plain open views them.
  { ext: 'log', kind: 'log', defaultAction: 'view', editnew: false },
]

const byExt = new Map(TEXT_FILE_TYPES.map((type) => [type.ext, type]))

/** `.MD` or `md` -> the markdown type; unknown extensions are plain text (the host decided to open them here). */
export function documentKindFor(extension: string): DocumentKind {
  return byExt.get(extension.replace(/^\./, '').toLowerCase())?.kind ?? 'text'
}
