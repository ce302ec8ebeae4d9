import type { TFunction } from 'i18next'
import type { IconUpload } from '../../../../electron/contract/dto'
import { groupDigits } from '../../components/format'

export const MAX_ICON_BYTES = 512 * 1024
export const ICON_ACCEPT = '.png,.svg,.ico'

const mimeByExtension: Record<string, string> = {
  png: 'image/png',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
}

/** Checks a chosen icon file before reading it; the host checks again. */
export function checkIconFile(
  file: { name: string; size: number; type: string },
  t: TFunction,
): { ok: true; mimeType: string } | { ok: false; message: string } {
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? ''
  const mimeType = mimeByExtension[ext]
  if (!mimeType) return { ok: false, message: t('editors:iconFile.notImage', { name: file.name }) }
  if (file.size === 0) return { ok: false, message: t('editors:iconFile.empty', { name: file.name }) }
  if (file.size > MAX_ICON_BYTES) {
    const kib = Math.ceil(file.size / 1024)
    return { ok: false, message: t('editors:iconFile.tooLarge', { name: file.name, size: groupDigits(kib) }) }
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
