import type { IconUpload } from '../../../../electron/contract/dto'

export const MAX_ICON_BYTES = 512 * 1024
export const ICON_ACCEPT = '.png,.svg,.ico'

const mimeByExtension: Record<string, string> = {
  png: 'image/png',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
}

/** Checks a chosen icon file before reading it; the host checks again. */
export function checkIconFile(file: {
  name: string
  size: number
  type: string
}): { ok: true; mimeType: string } | { ok: false; message: string } {
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? ''
  const mimeType = mimeByExtension[ext]
  if (!mimeType) return { ok: false, message: `"${file.name}" is not a PNG, SVG or ICO file. Choose an icon in one of these formats.` }
  if (file.size === 0) return { ok: false, message: `"${file.name}" is empty. Choose another icon.` }
  if (file.size > MAX_ICON_BYTES) {
    const kib = Math.ceil(file.size / 1024)
    return {
      ok: false,
      message: `"${file.name}" is ${kib.toLocaleString('en-US')} KB; icons can be at most 512 KB. Choose a smaller image.`,
    }
  }
  return { ok: true, mimeType }
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  const chunk = 0x8000 // String.fromCharCode takes a bounded argument list
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + chunk))
  }
  return btoa(binary)
}

export async function readIconUpload(file: File, mimeType: string): Promise<IconUpload> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  return { fileName: file.name, mimeType, base64: bytesToBase64(bytes) }
}
