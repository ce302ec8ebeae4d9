import { XMLValidator } from 'fast-xml-parser'

// Icons are identified by their bytes, never by a file name or a Content-Type header someone else chose.

export type ImageKind = 'png' | 'ico' | 'svg' | 'gif' | 'jpeg'

export const IMAGE_CONTENT_TYPE: Record<ImageKind, string> = {
  png: 'image/png',
  ico: 'image/x-icon',
  svg: 'image/svg+xml',
  gif: 'image/gif',
  jpeg: 'image/jpeg',
}

export const IMAGE_FILE_EXTENSION: Record<ImageKind, string> = { png: 'png', ico: 'ico', svg: 'svg', gif: 'gif', jpeg: 'jpg' }

export const MAX_ICON_BYTES = 512 * 1024

export function sniffImage(bytes: Buffer): ImageKind | null {
  if (bytes.length < 4) return null
  if (isPng(bytes)) return 'png'
  if (isIco(bytes)) return 'ico'
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.toString('latin1', 0, 6))) return 'gif'
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg'
  if (isSvg(bytes)) return 'svg'
  return null
}

function isPng(bytes: Buffer): boolean {
  return (
    bytes.length >= 24 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) &&
    bytes.toString('latin1', 12, 16) === 'IHDR'
  )
}

/** ICONDIR: reserved 0, type 1, a sane count, and a first image that lies inside the file. */
function isIco(bytes: Buffer): boolean {
  if (bytes.length < 22 || bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) return false
  const count = bytes.readUInt16LE(4)
  if (count === 0 || count > 256 || bytes.length < 6 + 16 * count) return false
  const size = bytes.readUInt32LE(6 + 8)
  const offset = bytes.readUInt32LE(6 + 12)
  return size > 0 && offset >= 6 + 16 * count && offset + size <= bytes.length
}

/**
 * Well-formed XML whose root is <svg>. A DTD with entity declarations is refused (it is how SVG files carry
 * entity bombs); a plain `<!DOCTYPE svg PUBLIC ...>` without an internal subset is common and harmless.
 * The SVG is only ever rendered as an image (no script runs there), which the console server enforces with
 * its Content-Security-Policy.
 */
function isSvg(bytes: Buffer): boolean {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '')
  } catch {
    return false
  }
  if (/<!ENTITY/i.test(text) || /<!DOCTYPE[^>]*\[/i.test(text)) return false
  const withoutDoctype = text.replace(/<!DOCTYPE[^>[]*>/i, '')
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<((?:[A-Za-z_][\w.-]*:)?svg)[\s>/]/.exec(withoutDoctype)
  if (!root) return false
  return XMLValidator.validate(withoutDoctype) === true
}
