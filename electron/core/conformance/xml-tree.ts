import { XMLParser } from 'fast-xml-parser'

// A small ordered element tree on top of fast-xml-parser's preserveOrder output: the validator's request lists mix
// element types (<Lock/><GetFile/><Lock/>), so sibling order must survive parsing.

export interface XElement {
  name: string
  attrs: Record<string, string>
  elements: XElement[]
  /** concatenated text of all descendants, CDATA included (what .NET's XElement.Value returns) */
  value: string
}

type OrderedItem = Record<string, unknown>

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // keep attribute and text values byte-for-byte: request bodies and lock ids are compared verbatim
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  cdataPropName: '#cdata',
  processEntities: true,
})

export class XmlShapeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'XmlShapeError'
  }
}

export function parseXmlTree(xmlText: string): XElement {
  const text = xmlText.replace(/^\uFEFF/, '')
  let items: unknown
  try {
    items = parser.parse(text, true)
  } catch (error) {
    throw new XmlShapeError(`not well-formed XML: ${(error as Error).message}`)
  }
  const roots = toElements(items as OrderedItem[])
  if (roots.length !== 1) throw new XmlShapeError(`expected one root element, found ${roots.length}`)
  return roots[0]!
}

function toElements(items: OrderedItem[]): XElement[] {
  const out: XElement[] = []
  for (const item of items) {
    const element = toNode(item)
    if (element && typeof element !== 'string') out.push(element)
  }
  return out
}

function toNode(item: OrderedItem): XElement | string | null {
  const key = Object.keys(item).find((candidate) => candidate !== ':@')
  if (key === undefined || key.startsWith('?')) return null
  if (key === '#text') return String(item[key] ?? '')
  if (key === '#cdata') return textOf(item[key] as OrderedItem[])
  const childItems = (item[key] as OrderedItem[]) ?? []
  const attrs: Record<string, string> = {}
  for (const [name, value] of Object.entries((item[':@'] as Record<string, unknown>) ?? {})) attrs[name] = String(value)
  return { name: key, attrs, elements: toElements(childItems), value: textOf(childItems) }
}

function textOf(items: OrderedItem[]): string {
  let text = ''
  for (const item of items) {
    const node = toNode(item)
    if (typeof node === 'string') text += node
    else if (node) text += node.value
  }
  return text
}

export function child(element: XElement, name: string): XElement | undefined {
  return element.elements.find((candidate) => candidate.name === name)
}

export function children(element: XElement, name: string): XElement[] {
  return element.elements.filter((candidate) => candidate.name === name)
}
