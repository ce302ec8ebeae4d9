// Small readers for CheckFileInfo JSON and document bytes, shared by both editor scenarios. They only describe;
// each scenario decides what a finding means for its editor.

export type FileInfo = Record<string, unknown>

export function typeName(value: unknown): string {
  if (value === undefined) return 'missing'
  if (value === null) return 'null'
  if (value === '') return 'empty'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/** Short printable form of a JSON value for findings. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** A property present under another casing ("userFriendlyName"): both editors match names exactly. */
export function caseMismatch(info: FileInfo, key: string): string | null {
  if (key in info) return null
  const lower = key.toLowerCase()
  return Object.keys(info).find((name) => name.toLowerCase() === lower) ?? null
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/

/** The WOPI form of LastModifiedTime: ISO 8601 with a zone, e.g. 2009-06-15T13:45:30.0000000Z. */
export function isIsoTimestamp(value: unknown): value is string {
  return typeof value === 'string' && ISO_8601.test(value) && !Number.isNaN(Date.parse(value.replace(/(\.\d{3})\d+/, '$1')))
}

export function splitName(name: string): { stem: string; ext: string } {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? { stem: name.slice(0, dot), ext: name.slice(dot) } : { stem: name, ext: '' }
}

/** Formats stored as zip packages (OOXML, ODF): a body that does not start with `PK` is not that file. */
const ZIP_PACKAGES = new Set([
  'docx',
  'docm',
  'dotx',
  'dotm',
  'xlsx',
  'xlsm',
  'xltx',
  'xltm',
  'pptx',
  'pptm',
  'potx',
  'potm',
  'ppsx',
  'odt',
  'ott',
  'ods',
  'ots',
  'odp',
  'otp',
  'odg',
  'otg',
  'odm',
  'vsdx',
  'oform',
  'docxf',
])

export function isZipPackage(extension: string): boolean {
  return ZIP_PACKAGES.has(extension.replace(/^\./, '').toLowerCase())
}

export function startsWithPk(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x50 && bytes[1] === 0x4b
}

/** Origin check for PostMessageOrigin: scheme://host[:port] with nothing after it. */
export function isOrigin(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value.replace(/\/$/, '')
  } catch {
    return false
  }
}
