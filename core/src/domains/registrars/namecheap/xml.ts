import { XMLParser, XMLValidator } from 'fast-xml-parser'

/** A parsed XML element: attributes under `@Name`, text under `#text`, children by tag name. */
export type XmlNode = { [key: string]: unknown }

/** Tags that may repeat in Namecheap's answers: always parsed as arrays, even when there is one. */
const REPEATING = new Set(['Error', 'Warning', 'DomainCheckResult', 'Host', 'host', 'Nameserver'])

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: true,
  trimValues: true,
  isArray: (name) => REPEATING.has(name),
})

/** The document's root element by name, or null when the text is not well-formed XML with it. */
export function parseXml(text: string, root: string): XmlNode | null {
  if (XMLValidator.validate(text) !== true) return null
  const doc = parser.parse(text) as XmlNode
  const node = doc[root]
  return node && typeof node === 'object' ? (node as XmlNode) : null
}

const isNode = (v: unknown): v is XmlNode => !!v && typeof v === 'object' && !Array.isArray(v)

/** A child element; an empty element (`<LockDetails />`) or a missing one is an empty node. */
export function child(node: XmlNode | undefined, name: string): XmlNode {
  const value = node?.[name]
  if (Array.isArray(value)) return isNode(value[0]) ? value[0] : {}
  return isNode(value) ? value : {}
}

/** Repeating children (see REPEATING), as nodes; a bare text child becomes `{ '#text': … }`. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name]
  const list = Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]
  return list.map((v) => (isNode(v) ? v : { '#text': String(v) }))
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@${name}`]
  return typeof value === 'string' ? value : undefined
}

/** An element's text: `<ID>42</ID>` → '42'. */
export function text(node: XmlNode | undefined, name?: string): string {
  const value = name === undefined ? node : node?.[name]
  if (typeof value === 'string' || typeof value === 'number') return String(value)
  if (isNode(value)) return typeof value['#text'] === 'string' ? value['#text'] : ''
  return ''
}

/** Namecheap writes booleans as true/false in any case ("True", "false"). */
export const isTrue = (value: string | undefined): boolean => value?.toLowerCase() === 'true'

/**
 * Namecheap's dates: `09/05/2016` (getInfo) or `4/30/2021 11:31:13 AM` (renew), month first. Read as
 * UTC: Berth keeps expiry as a date, and the server's own offset (GMTTimeDifference) is hours at most.
 */
export function parseNamecheapDate(value: string): Date | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i.exec(
    value.trim(),
  )
  if (!m) return null
  let hours = Number(m[4] ?? 0)
  const meridiem = m[7]?.toUpperCase()
  if (meridiem === 'PM' && hours < 12) hours += 12
  if (meridiem === 'AM' && hours === 12) hours = 0
  const date = new Date(
    Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), hours, Number(m[5] ?? 0), Number(m[6] ?? 0)),
  )
  return Number.isNaN(date.getTime()) ? null : date
}
