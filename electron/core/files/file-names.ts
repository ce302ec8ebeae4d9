import { extname } from 'node:path'

// One file name policy for every name the host creates (PutRelativeFile, RenameFile): it must be valid on
// Windows, macOS and Linux at once, because the served folder may be synced or copied between them.

export const MAX_NAME_BYTES = 255
/** FileNameMaxLength default (spec 2.7): characters, without the extension. */
export const MAX_STEM_CHARS = 250

const RESERVED = new Set([
  'CON',
  'PRN',
  'AUX',
  'NUL',
  ...Array.from({ length: 9 }, (_, i) => `COM${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `LPT${i + 1}`),
])
const ILLEGAL = /[<>:"/\\|?*\u0000-\u001f\u007f]/

export function splitExtension(name: string): { stem: string; ext: string } {
  const ext = extname(name)
  return { stem: ext ? name.slice(0, -ext.length) : name, ext }
}

export function utf8Length(value: string): number {
  return Buffer.byteLength(value, 'utf8')
}

/** Why `name` cannot be used as a file name, or null when it can. */
export function fileNameProblem(name: string): string | null {
  if (name === '' || name.trim() === '') return 'the name is empty'
  if (name === '.' || name === '..') return `"${name}" is not a file name`
  const illegal = ILLEGAL.exec(name)
  if (illegal) {
    const ch = illegal[0]
    const shown =
      ch.charCodeAt(0) < 0x20 || ch === '\u007f'
        ? `control character U+${ch.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`
        : `"${ch}"`
    return `the name contains ${shown}, which Windows, macOS or Linux do not allow`
  }
  if (/[. ]$/.test(name)) return 'the name ends with a dot or a space, which Windows does not allow'
  // A leading dot hides the file on macOS and Linux, and editors reject a BaseFileName that starts with one.
  if (name.startsWith('.')) return 'the name starts with a dot'
  if (name.startsWith('~$')) return 'names starting with "~$" are Microsoft Office lock files'
  const device = name.split('.')[0]!.trimEnd().toUpperCase()
  if (RESERVED.has(device)) return `"${device}" is a reserved device name on Windows`
  if (utf8Length(name) > MAX_NAME_BYTES) return `the name is longer than ${MAX_NAME_BYTES} bytes`
  if ([...splitExtension(name).stem].length > MAX_STEM_CHARS) return `the name is longer than ${MAX_STEM_CHARS} characters`
  return null
}

/** Cuts the stem (never the extension) so the whole name fits the byte and character limits. */
export function fitName(stem: string, ext: string, suffix = ''): string {
  let chars = [...stem]
  const budgetBytes = MAX_NAME_BYTES - utf8Length(ext) - utf8Length(suffix)
  const budgetChars = MAX_STEM_CHARS - [...suffix].length
  if (chars.length > budgetChars) chars = chars.slice(0, Math.max(budgetChars, 1))
  while (chars.length > 1 && utf8Length(chars.join('')) > budgetBytes) chars.pop()
  // Cutting may leave a trailing dot or space, which Windows refuses.
  let cut = chars.join('').replace(/[. ]+$/, '')
  if (cut === '') cut = '_'
  return cut + suffix + ext
}

/**
 * Makes any proposal legal (suggested mode of PutRelativeFile, spec 5.2): illegal characters become `_`,
 * leading dots and trailing dots/spaces go, reserved device names get a `_` prefix, and the stem is cut to fit.
 */
export function sanitiseFileName(proposal: string, fallbackStem: string): string {
  let name = proposal.replace(new RegExp(ILLEGAL.source, 'g'), '_').replace(/^[.\s]+/, '')
  if (name.startsWith('~$')) name = '_' + name.slice(1)
  name = name.replace(/[. ]+$/, '')
  let { stem, ext } = splitExtension(name)
  // An "extension" longer than any real one is part of the name.
  if (utf8Length(ext) > 32) {
    stem = name
    ext = ''
  }
  stem = stem.replace(/[. ]+$/, '')
  if (stem.trim() === '') stem = fallbackStem
  if (RESERVED.has(stem.split('.')[0]!.trimEnd().toUpperCase())) stem = '_' + stem
  const fitted = fitName(stem, ext)
  return fileNameProblem(fitted) === null ? fitted : fitName(fallbackStem || 'file', ext)
}

/** `Name (1).ext` ... : the numbered alternative for a taken name, still within the limits. */
export function numberedName(stem: string, ext: string, n: number): string {
  return fitName(stem, ext, ` (${n})`)
}

/** Case- and normalisation-insensitive key: Windows and macOS treat such names as the same file. */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase()
}

/** FileNameMaxLength for CheckFileInfo: what is left for the stem once the extension is counted. */
export function fileNameMaxLength(ext: string): number {
  return Math.max(1, Math.min(MAX_STEM_CHARS, MAX_NAME_BYTES - utf8Length(ext)))
}
