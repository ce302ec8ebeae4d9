import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { DiscoveryError } from './discovery-error'
import { formatBytes } from '../format-bytes'

// Reads the XML of a discovery document into plain records, refusing anything hostile before a parser sees
// it. Meaning (which actions are usable, MIME-type apps, kinds) is decided in build-model.ts.

export const MAX_DISCOVERY_BYTES = 5 * 1024 * 1024

export interface RawAction {
  name: string
  /** as written, may be empty or missing (MIME-type apps, progid actions) */
  ext: string
  progid?: string
  requires?: string
  default?: string
  urlsrc?: string
  targetext?: string
  newext?: string
  newprogid?: string
  useParent?: string
}

export interface RawApp {
  name: string
  favIconUrl?: string
  checkLicense?: string
  actions: RawAction[]
}

export interface RawZone {
  name: string
  apps: RawApp[]
}

export interface RawProofKey {
  value?: string
  modulus?: string
  exponent?: string
  oldvalue?: string
  oldmodulus?: string
  oldexponent?: string
}

export interface ParsedDiscovery {
  zones: RawZone[]
  proofKey: RawProofKey | null
}

const ARRAY_TAGS = new Set(['net-zone', 'app', 'action', 'proof-key'])
const ATTRS = '$attrs'

// Entity handling is switched off in the parser and done here: only XML's five predefined entities and
// numeric character references are decoded, so no declaration can ever expand into anything.
const REFERENCE = /&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/g
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

export function decodeXmlReferences(value: string): string {
  if (!value.includes('&')) return value
  return value.replace(REFERENCE, (whole, name: string) => {
    if (name[0] !== '#') return PREDEFINED[name]!
    const codePoint = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
    const valid = codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff)
    return valid ? String.fromCodePoint(codePoint) : whole
  })
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: ATTRS,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  maxNestedTags: 16,
  isArray: (tagName: string) => ARRAY_TAGS.has(tagName),
  attributeValueProcessor: (_name: string, value: string) => decodeXmlReferences(value),
})

/** The first element's name, skipping the XML declaration, comments and processing instructions. */
function firstElementName(text: string): string | null {
  let rest = text
  for (;;) {
    rest = rest.trimStart()
    if (rest.startsWith('<?')) {
      const end = rest.indexOf('?>')
      if (end < 0) return null
      rest = rest.slice(end + 2)
    } else if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->')
      if (end < 0) return null
      rest = rest.slice(end + 3)
    } else {
      const match = /^<(!doctype\s+[A-Za-z]+|[A-Za-z_][\w.:-]*)/i.exec(rest)
      return match ? match[1]!.toLowerCase().replace(/\s+/g, ' ') : null
    }
  }
}

const HTML_MESSAGE =
  'The server answered with an HTML page (probably a login page), not a WOPI discovery document. Check the URL points at the editor itself, not at a proxy login.'

function looksLikeHtml(text: string): boolean {
  return /<(html|head|body|script|meta)[\s>]/i.test(text.slice(0, 4096))
}

/**
 * Text to records. Throws DiscoveryError with a message that says what the document is instead and what to
 * do. Never resolves entities, never reads a DTD, never fetches anything.
 */
export function parseDiscoveryXml(text: string, maxBytes = MAX_DISCOVERY_BYTES): ParsedDiscovery {
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new DiscoveryError(
      'too-large',
      `The discovery document is larger than ${formatBytes(maxBytes)}; real ones are well under 1 MiB. Check the address.`,
    )
  }
  const body = text.replace(/^\uFEFF/, '').trim()
  if (!body) {
    throw new DiscoveryError(
      'empty',
      'The server answered with an empty body instead of a discovery document. For ONLYOFFICE enable WOPI (WOPI_ENABLED=true); otherwise check the editor finished starting.',
    )
  }
  const first = firstElementName(body)
  if (first === '!doctype html' || first === 'html') throw new DiscoveryError('html', HTML_MESSAGE)
  if (body.startsWith('{') || body.startsWith('[')) {
    throw new DiscoveryError(
      'json',
      'The server answered with JSON, not a WOPI discovery document (XML). Check the address ends at the editor, not at an API or a health check.',
    )
  }
  // Billion laughs and XXE both need a DTD; a discovery document never has one (spec 10.2).
  if (/<!DOCTYPE/i.test(body) || /<!ENTITY/i.test(body)) {
    throw new DiscoveryError(
      'dtd',
      'The document contains a DTD (<!DOCTYPE or <!ENTITY>), which no WOPI discovery has; it was refused unread to protect this computer (entity expansion, external file access). Check the address points at the editor.',
    )
  }
  if (!body.startsWith('<')) {
    throw new DiscoveryError(
      'not-xml',
      `The server answered with text that is not XML ("${body.slice(0, 40).replace(/\s+/g, ' ')}..."), not a WOPI discovery document. Check the address.`,
    )
  }
  const validation = XMLValidator.validate(body)
  if (validation !== true) {
    if (looksLikeHtml(body)) throw new DiscoveryError('html', HTML_MESSAGE)
    const { msg, line } = validation.err
    throw new DiscoveryError(
      'not-xml',
      `The discovery document is not well-formed XML (line ${line}: ${msg}). It was probably cut off in transit; fetch it again, and if it stays broken check the editor's logs.`,
    )
  }
  let doc: Record<string, unknown>
  try {
    doc = parser.parse(body) as Record<string, unknown>
  } catch (error) {
    throw new DiscoveryError('not-xml', `The discovery document could not be read as XML (${(error as Error).message.slice(0, 200)}).`)
  }
  const roots = Object.keys(doc)
  if (roots.length !== 1 || roots[0] !== 'wopi-discovery') {
    const root = roots[0] ?? 'nothing'
    if (root.toLowerCase() === 'html') throw new DiscoveryError('html', HTML_MESSAGE)
    throw new DiscoveryError(
      'wrong-root',
      `The document's root element is <${root.slice(0, 60)}>, not <wopi-discovery>: this address serves something else. Point at <editor>/hosting/discovery.`,
    )
  }
  const root = asElement(doc['wopi-discovery'])
  const zones = elements(root['net-zone']).map((zone): RawZone => ({
    name: attr(zone, 'name') ?? '',
    apps: elements(zone['app']).map((app): RawApp => ({
      name: attr(app, 'name') ?? '',
      favIconUrl: attr(app, 'favIconUrl'),
      checkLicense: attr(app, 'checkLicense'),
      actions: elements(app['action']).map((action): RawAction => ({
        name: attr(action, 'name') ?? '',
        ext: attr(action, 'ext') ?? '',
        progid: attr(action, 'progid'),
        requires: attr(action, 'requires'),
        default: attr(action, 'default'),
        urlsrc: attr(action, 'urlsrc'),
        targetext: attr(action, 'targetext'),
        newext: attr(action, 'newext'),
        newprogid: attr(action, 'newprogid'),
        useParent: attr(action, 'useParent'),
      })),
    })),
  }))
  const keyElement = elements(root['proof-key'])[0]
  const proofKey: RawProofKey | null = keyElement
    ? {
        value: attr(keyElement, 'value'),
        modulus: attr(keyElement, 'modulus'),
        exponent: attr(keyElement, 'exponent'),
        oldvalue: attr(keyElement, 'oldvalue'),
        oldmodulus: attr(keyElement, 'oldmodulus'),
        oldexponent: attr(keyElement, 'oldexponent'),
      }
    : null
  return { zones, proofKey }
}

type Element = Record<string, unknown>

function asElement(value: unknown): Element {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Element) : {}
}

function elements(value: unknown): Element[] {
  if (value === undefined) return []
  return (Array.isArray(value) ? value : [value]).map(asElement)
}

/** Attribute names are matched without regard to case: some generators write favIconURL or UrlSrc. */
function attr(element: Element, name: string): string | undefined {
  const attrs = element[ATTRS]
  if (!attrs || typeof attrs !== 'object') return undefined
  const record = attrs as Record<string, unknown>
  const direct = record[name]
  if (typeof direct === 'string') return direct
  const lower = name.toLowerCase()
  for (const [key, value] of Object.entries(record)) {
    if (key.toLowerCase() === lower && typeof value === 'string') return value
  }
  return undefined
}
