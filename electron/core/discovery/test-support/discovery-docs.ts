import type { KeyObject } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DISCOVERY_FIXTURE_DIR } from '../../../../fixtures'

// Test-only: fixture access, small discovery documents, and the two public-key encodings of a test key pair.

export function fixture(name: string): string {
  return readFileSync(new URL(name, DISCOVERY_FIXTURE_DIR), 'utf8')
}

export const FIXTURES = {
  collabora: 'collabora-code-served--cloudreve-test.xml',
  collaboraTemplate: 'collabora-online-template--libreoffice-online.xml',
  oo2019: 'microsoft-oo2019-internal-and-m365-external--wopihost-test.xml',
  oos2016: 'office-online-server-2016--wopihost-test.xml',
  owa2013: 'office-web-apps-2013--wopihost-test.xml',
  onlyoffice: 'onlyoffice-reconstructed--from-generator.xml',
  onlyofficeTrimmed: 'onlyoffice-shaped-trimmed--opencloud-test.xml',
} as const

/** <proof-key> attributes for a public key: Base64 modulus/exponent and the .NET CSP blob (spec 9.3). */
export function proofKeyAttributes(publicKey: KeyObject): { modulus: string; exponent: string; value: string } {
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string }
  const modulus = Buffer.from(jwk.n, 'base64url')
  const exponent = Buffer.from(jwk.e, 'base64url')
  const header = Buffer.from([0x06, 0x02, 0x00, 0x00, 0x00, 0xa4, 0x00, 0x00])
  const fields = Buffer.alloc(12)
  fields.write('RSA1', 0, 'ascii')
  fields.writeUInt32LE(modulus.length * 8, 4)
  fields.writeUInt32LE(exponent.readUIntBE(0, exponent.length), 8)
  const value = Buffer.concat([header, fields, Buffer.from(modulus).reverse()])
  return { modulus: modulus.toString('base64'), exponent: exponent.toString('base64'), value: value.toString('base64') }
}

export interface SmallDiscovery {
  origin: string
  /** per app: name and the actions as [name, ext, requires?] */
  apps?: { name: string; favIconUrl?: string; actions: [string, string, string?][] }[]
  /** urlsrc version segment, to simulate an editor upgrade */
  build?: string
  current?: KeyObject
  old?: KeyObject
}

/** A Collabora-shaped document served from `origin`, small enough to read in a test. */
export function smallDiscovery(options: SmallDiscovery): string {
  const build = options.build ?? 'abc1234'
  const apps = options.apps ?? [
    {
      name: 'writer',
      favIconUrl: `${options.origin}/browser/${build}/images/x-office-document.svg`,
      actions: [
        ['edit', 'odt'],
        ['edit', 'docx'],
        ['view', 'pdf'],
      ],
    },
    {
      name: 'calc',
      actions: [
        ['edit', 'ods'],
        ['edit', 'xlsx'],
      ],
    },
  ]
  const urlsrc = `${options.origin}/browser/${build}/cool.html?`
  const appXml = apps
    .map(
      (app) =>
        `  <app name="${app.name}"${app.favIconUrl ? ` favIconUrl="${app.favIconUrl}"` : ''}>\n` +
        app.actions
          .map(
            ([name, ext, requires]) =>
              `    <action name="${name}" ext="${ext}" default="true"${requires ? ` requires="${requires}"` : ''} urlsrc="${urlsrc}"/>`,
          )
          .join('\n') +
        '\n  </app>',
    )
    .join('\n')
  let proof = ''
  if (options.current) {
    const current = proofKeyAttributes(options.current)
    const old = options.old ? proofKeyAttributes(options.old) : { modulus: '', exponent: '', value: '' }
    proof = `\n<proof-key oldvalue="${old.value}" oldmodulus="${old.modulus}" oldexponent="${old.exponent}" value="${current.value}" modulus="${current.modulus}" exponent="${current.exponent}"/>`
  }
  return `<?xml version="1.0" encoding="utf-8"?>\n<wopi-discovery>\n<net-zone name="external-http">\n${appXml}\n</net-zone>${proof}\n</wopi-discovery>\n`
}

/** A temp folder removed by the returned function. */
export function tempDir(prefix = 'wopi-desk-catalog-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A 1x1 PNG, a minimal ICO and an SVG, valid by their bytes. */
export const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

export function icoFile(): Buffer {
  const png = PNG_1x1
  const header = Buffer.alloc(6 + 16)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(1, 4)
  header.writeUInt8(1, 6)
  header.writeUInt8(1, 7)
  header.writeUInt16LE(1, 10)
  header.writeUInt16LE(32, 12)
  header.writeUInt32LE(png.length, 14)
  header.writeUInt32LE(22, 18)
  return Buffer.concat([header, png])
}

export const SVG_ICON = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><rect width="16" height="16" fill="#2a6"/></svg>\n',
)
