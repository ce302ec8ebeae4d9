import { TEXT_FILE_TYPES } from './file-types'
import type { PublishedProofKey } from './proof-key-store'

// GET /hosting/discovery and /hosting/capabilities of the built-in editor, shaped like a real editor's
// (spec 10.2; Collabora's served discovery and minimal capabilities JSON): one net-zone, one app with
// per-extension view/edit/editnew actions whose urlsrc carries WOPI placeholders, a Capabilities app, and
// the <proof-key> hosts verify our X-WOPI-Proof headers with.

/** How WOPI Desk's catalog recognises its own editor in an imported discovery document. */
export const BUILTIN_EDITOR_APP_NAME = 'WOPI Desk Text'
export const BUILTIN_EDITOR_MARKER_ATTRIBUTE = 'wopiDeskBuiltin'
export const BUILTIN_EDITOR_MARKER_VALUE = 'true'
export const BUILTIN_EDITOR_PRODUCT = 'WOPI-Desk-Editor'

/** Placeholders a host fills or drops (spec 10.4); wopisrc last, like ONLYOFFICE and Office. */
const URLSRC_QUERY = '<ui=UI_LLCC&><rs=DC_LLCC&><hid=HOST_SESSION_ID&><sc=SESSION_CONTEXT&><wopisrc=WOPI_SOURCE&>'

export function actionUrlTemplate(origin: string, action: 'view' | 'edit' | 'editnew'): string {
  return `${origin}/editor/${action}?${URLSRC_QUERY}`
}

export interface DiscoveryInput {
  /** scheme://host:port of the editor listener, no trailing slash */
  origin: string
  proofKey: PublishedProofKey
  version: string
}

export function buildDiscoveryXml({ origin, proofKey, version }: DiscoveryInput): string {
  const zone = origin.startsWith('https:') ? 'internal-https' : 'internal-http'
  const lines: string[] = []
  lines.push('<?xml version="1.0" encoding="utf-8"?>')
  lines.push(
    `<!-- ${BUILTIN_EDITOR_PRODUCT}/${escapeComment(version)}: the text editor built into WOPI Desk. ` +
      `WOPI Desk recognises it by the app attribute ${BUILTIN_EDITOR_MARKER_ATTRIBUTE}="${BUILTIN_EDITOR_MARKER_VALUE}". -->`,
  )
  lines.push('<wopi-discovery>')
  lines.push(`  <net-zone name="${zone}">`)
  lines.push(
    `    <app name="${attr(BUILTIN_EDITOR_APP_NAME)}" favIconUrl="${attr(`${origin}/favicon.svg`)}" ` +
      `${BUILTIN_EDITOR_MARKER_ATTRIBUTE}="${BUILTIN_EDITOR_MARKER_VALUE}">`,
  )
  for (const type of TEXT_FILE_TYPES) {
    lines.push(action('view', type.ext, type.defaultAction === 'view', null, origin))
    lines.push(action('edit', type.ext, type.defaultAction === 'edit', 'locks,update', origin))
    if (type.editnew) lines.push(action('editnew', type.ext, false, 'locks,update', origin))
  }
  lines.push('    </app>')
  // Collabora and ONLYOFFICE both list their capabilities endpoint this way.
  lines.push('    <app name="Capabilities">')
  lines.push(`      <action name="getinfo" ext="" urlsrc="${attr(`${origin}/hosting/capabilities`)}"/>`)
  lines.push('    </app>')
  lines.push('  </net-zone>')
  const keyAttributes: Array<[string, string | undefined]> = [
    ['value', proofKey.value],
    ['modulus', proofKey.modulus],
    ['exponent', proofKey.exponent],
    ['oldvalue', proofKey.oldvalue],
    ['oldmodulus', proofKey.oldmodulus],
    ['oldexponent', proofKey.oldexponent],
  ]
  lines.push(
    `  <proof-key ${keyAttributes
      .filter((entry): entry is [string, string] => Boolean(entry[1]))
      .map(([name, value]) => `${name}="${attr(value)}"`)
      .join(' ')}/>`,
  )
  lines.push('</wopi-discovery>')
  return lines.join('\n') + '\n'
}

function action(name: string, ext: string, isDefault: boolean, requires: string | null, origin: string): string {
  const parts = [`name="${name}"`, `ext="${ext}"`]
  if (isDefault) parts.push('default="true"')
  if (requires) parts.push(`requires="${requires}"`)
  parts.push(`urlsrc="${attr(actionUrlTemplate(origin, name as 'view' | 'edit' | 'editnew'))}"`)
  return `      <action ${parts.join(' ')}/>`
}

/** Collabora's minimal /hosting/capabilities answer, with nothing claimed that this editor cannot do. */
export function buildCapabilities(version: string): Record<string, unknown> {
  return {
    'convert-to': { available: false },
    hasMobileSupport: false,
    hasProxyPrefix: false,
    hasTemplateSaveAs: false,
    hasTemplateSource: false,
    hasWASMSupport: false,
    hasWopiAccessCheck: false,
    hasSettingsIframeSupport: false,
    productName: BUILTIN_EDITOR_APP_NAME,
    productVersion: version,
  }
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function escapeComment(value: string): string {
  return value.replace(/-{2,}/g, '-')
}
