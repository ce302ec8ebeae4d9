// Generates every platform's app icon from the one source, resources/icon.svg: PNGs for Linux
// (resources/icons/png/<n>x<n>.png), icon.ico for Windows and icon.icns for macOS. The SVG is rasterised by
// Chromium (Playwright, as for the e2e tests); ICO and ICNS are written here, both holding PNG images, which
// Windows Vista+ and macOS 10.7+ read. Run it after changing the SVG and commit the results:
//   node scripts/make-icons.mjs
import { execSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from '@playwright/test'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const source = join(root, 'resources', 'icon.svg')
const out = join(root, 'resources', 'icons')
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
// ICNS element types that hold PNG data, by pixel size (the @2x types reuse the larger renders).
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
]

/** An ICO file of PNG images: 6-byte header, 16-byte directory entry per image, then the images. */
export function ico(pngs) {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(pngs.length, 4)
  let offset = 6 + 16 * pngs.length
  const entries = pngs.map(({ size, png }) => {
    const entry = Buffer.alloc(16)
    entry.writeUInt8(size >= 256 ? 0 : size, 0) // 0 means 256
    entry.writeUInt8(size >= 256 ? 0 : size, 1)
    entry.writeUInt16LE(1, 4) // colour planes
    entry.writeUInt16LE(32, 6) // bits per pixel
    entry.writeUInt32LE(png.length, 8)
    entry.writeUInt32LE(offset, 12)
    offset += png.length
    return entry
  })
  return Buffer.concat([header, ...entries, ...pngs.map(({ png }) => png)])
}

/** An ICNS file: 'icns' + total length, then (type, length incl. 8-byte header, data) per element. */
export function icns(elements) {
  const parts = elements.map(({ type, png }) => {
    const head = Buffer.alloc(8)
    head.write(type, 0, 'latin1')
    head.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([head, png])
  })
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'latin1')
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4)
  return Buffer.concat([head, ...parts])
}

async function render() {
  const executablePath = process.env.CHROMIUM_PATH ?? execSync('command -v chromium', { encoding: 'utf8' }).trim()
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] })
  try {
    const svg = readFileSync(source, 'utf8')
    const pngs = new Map()
    for (const size of SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 })
      await page.setContent(
        `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`,
      )
      pngs.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }))
      await page.close()
    }
    return pngs
  } finally {
    await browser.close()
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const pngs = await render()
  mkdirSync(join(out, 'png'), { recursive: true })
  for (const [size, png] of pngs) writeFileSync(join(out, 'png', `${size}x${size}.png`), png)
  writeFileSync(join(out, 'icon.png'), pngs.get(512))
  writeFileSync(join(out, 'icon.ico'), ico(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) }))))
  writeFileSync(join(out, 'icon.icns'), icns(ICNS_TYPES.map(([type, size]) => ({ type, png: pngs.get(size) }))))
  process.stdout.write(`Wrote ${SIZES.length} PNGs, icon.ico and icon.icns to ${out}\n`)
}
