import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { IMAGE_CONTENT_TYPE, IMAGE_FILE_EXTENSION, sniffImage, type ImageKind } from '../discovery/image-sniff'

// Icons live as files in <data>/icons/, named by the SHA-256 of their bytes, so an app's icon works offline,
// two apps with the same icon share one file, and a stored name can never point outside the folder.

export const ICON_DIR = 'icons'
const STORED_NAME = /^icons\/[0-9a-f]{64}\.(png|ico|svg|gif|jpg)$/

const KIND_BY_EXTENSION: Record<string, ImageKind> = { png: 'png', ico: 'ico', svg: 'svg', gif: 'gif', jpg: 'jpeg' }

export interface StoredIcon {
  bytes: Buffer
  contentType: string
}

export type IconStore = ReturnType<typeof createIconStore>

export function createIconStore(dataDir: string) {
  const dir = join(dataDir, ICON_DIR)
  return {
    /** Stores already-validated bytes; returns the data-relative name kept in the apps table. */
    save(bytes: Buffer, kind: ImageKind): string {
      const name = `${createHash('sha256').update(bytes).digest('hex')}.${IMAGE_FILE_EXTENSION[kind]}`
      const target = join(dir, name)
      if (!existsSync(target)) {
        mkdirSync(dir, { recursive: true })
        const temporary = `${target}.${process.pid}.tmp`
        writeFileSync(temporary, bytes)
        renameSync(temporary, target)
      }
      return `${ICON_DIR}/${name}`
    },
    read(stored: string | null): StoredIcon | null {
      if (!stored || !STORED_NAME.test(stored)) return null
      try {
        const bytes = readFileSync(join(dataDir, ...stored.split('/')))
        // Re-sniff on the way out: the file could have been replaced on disk.
        const kind = sniffImage(bytes)
        if (!kind || KIND_BY_EXTENSION[stored.slice(stored.lastIndexOf('.') + 1)] !== kind) return null
        return { bytes, contentType: IMAGE_CONTENT_TYPE[kind] }
      } catch {
        return null
      }
    },
    exists(stored: string | null): boolean {
      return Boolean(stored && STORED_NAME.test(stored) && existsSync(join(dataDir, ...stored.split('/'))))
    },
    /** Removes icon files no app refers to any more. */
    collectGarbage(isReferenced: (stored: string) => boolean): number {
      let removed = 0
      let names: string[]
      try {
        names = readdirSync(dir)
      } catch {
        return 0
      }
      for (const name of names) {
        const stored = `${ICON_DIR}/${name}`
        if (STORED_NAME.test(stored) && !isReferenced(stored)) {
          rmSync(join(dir, name), { force: true })
          removed++
        }
      }
      return removed
    },
  }
}

/**
 * Response headers for serving an icon to the console. An SVG is only ever shown as an image: the policy
 * forbids scripts and every fetch even if someone opens the icon URL directly, and nosniff stops a browser
 * from reinterpreting the bytes.
 */
export function iconResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, max-age=86400',
  }
}
