import { isIPv4, isIPv6 } from 'node:net'
import { labelProblem } from '../names'

/**
 * DNS record rules for the client's zone editor (issue 12): one function per record type that
 * turns what the form sent (Type, Name, Value, TTL, Priority) into the stored form or says what is
 * wrong, and `zoneProblems` for the rules between records (CNAME alone at its name, no duplicates).
 * Pure functions: the use cases (set-dns-records.ts) and the tests call them directly.
 */
export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'CAA'] as const
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number]

export const MIN_TTL = 60
export const MAX_TTL = 86_400
export const DEFAULT_TTL = 3600
/** A TXT value is sent as character-strings of at most 255 bytes each (RFC 1035 3.3.14). */
export const TXT_CHUNK = 255
/** Longer than any real SPF/DKIM/verification value, well under what registrars accept per record. */
export const MAX_TXT_LENGTH = 4000
export const MAX_ZONE_RECORDS = 200
export const CAA_TAGS = ['issue', 'issuewild', 'iodef'] as const

/** A record as the zone stores it: relative name ("@" = apex), content per type, priority for MX/SRV. */
export interface ZoneRecord {
  /** NS: delegations of subdomains that staff or a registrar sync put in; the client form has no NS type */
  type: DnsRecordType | 'NS'
  name: string
  content: string
  ttl: number
  priority: number | null
}

export interface RecordInput {
  type: DnsRecordType
  name: string
  value: string
  ttl: number
  priority?: number | null | undefined
}

export type FieldProblems = Partial<Record<'type' | 'name' | 'value' | 'ttl' | 'priority', string>>

export const usesPriority = (type: ZoneRecord['type']) => type === 'MX' || type === 'SRV'

/**
 * A relative record name: "@" or empty for the apex, otherwise labels. The full domain name (or a
 * name ending in it) is accepted and made relative, since people paste "www.example.com".
 * Underscore labels (_dmarc, _sip._tcp) and a leading "*" wildcard are allowed where DNS allows them.
 */
export function normaliseRecordName(raw: string, domain: string): { name: string } | { problem: string } {
  let name = raw.trim().toLowerCase().replace(/\.$/, '')
  if (name === '' || name === '@' || name === domain) return { name: '@' }
  if (name.endsWith(`.${domain}`)) name = name.slice(0, -domain.length - 1)
  const labels = name.split('.')
  for (const [i, label] of labels.entries()) {
    if (label === '*' && i === 0) continue
    if (label === '*') return { problem: 'A "*" wildcard can only be the first part of a name.' }
    const problem = /^_[a-z0-9-]+$/.test(label) ? null : labelProblem(label)
    if (problem) return { problem }
  }
  if (`${name}.${domain}`.length > 253) return { problem: 'The name is too long (253 characters in all).' }
  return { name }
}

/** A host name a record points at (CNAME, MX, SRV targets, nameservers): absolute, without the dot. */
export function hostnameProblem(raw: string): string | null {
  const host = raw.trim().toLowerCase().replace(/\.$/, '')
  if (host === '') return 'Enter a host name.'
  if (isIPv4(host) || isIPv6(host)) return 'Enter a host name, not an IP address.'
  const labels = host.split('.')
  if (labels.length < 2) return `"${host}" is not a full host name (for example mail.example.com).`
  for (const label of labels) {
    const problem = /^_[a-z0-9-]+$/.test(label) ? null : labelProblem(label)
    if (problem) return problem
  }
  if (/^[0-9]+$/.test(labels.at(-1)!)) return `"${host}" does not end in a valid top-level domain.`
  if (host.length > 253) return 'A host name can have at most 253 characters.'
  return null
}

const normaliseHost = (raw: string) => raw.trim().toLowerCase().replace(/\.$/, '')

/**
 * TXT: the value as typed (plain text, or already quoted "..." "..." strings) → the zone's
 * presentation form: character-strings of at most 255 characters, each quoted with " and \ escaped.
 */
export function formatTxt(raw: string): { content: string } | { problem: string } {
  const value = raw.trim()
  if (value === '') return { problem: 'Enter the text.' }
  let text: string
  if (/^"/.test(value)) {
    const parts = parseQuotedStrings(value)
    if (!parts)
      return { problem: 'Quote each part as "…" with spaces between them, or type the text unquoted.' }
    text = parts.join('')
  } else text = value
  if (/[^\x20-\x7e]/.test(text)) return { problem: 'TXT values may only contain printable ASCII characters.' }
  if (text.length > MAX_TXT_LENGTH)
    return {
      problem: `A TXT value can have at most ${MAX_TXT_LENGTH} characters (this one has ${text.length}).`,
    }
  const chunks: string[] = []
  for (let i = 0; i < text.length; i += TXT_CHUNK) chunks.push(text.slice(i, i + TXT_CHUNK))
  return { content: chunks.map((c) => `"${c.replace(/[\\"]/g, (m) => `\\${m}`)}"`).join(' ') }
}

/** "a" "b\"c" → ['a', 'b"c']; null when it is not a sequence of quoted strings. */
export function parseQuotedStrings(value: string): string[] | null {
  const out: string[] = []
  const re = /\s*"((?:[^"\\]|\\.)*)"/y
  let at = 0
  while (at < value.length) {
    if (/^\s*$/.test(value.slice(at))) break
    re.lastIndex = at
    const m = re.exec(value)
    if (!m) return null
    out.push(m[1]!.replace(/\\(.)/g, '$1'))
    at = re.lastIndex
  }
  return out
}

/** The TXT text as one string (the chunks joined), for display and registrar APIs that take raw text. */
export function txtText(content: string): string {
  return (parseQuotedStrings(content) ?? [content]).join('')
}

function checkPriority(input: RecordInput, problems: FieldProblems): number | null {
  if (!usesPriority(input.type)) {
    if (input.priority !== null && input.priority !== undefined)
      problems.priority = `${input.type} records have no priority.`
    return null
  }
  const p = input.priority
  if (p === null || p === undefined) {
    problems.priority = `Enter a priority (0-65535) for the ${input.type} record.`
    return null
  }
  if (!Number.isInteger(p) || p < 0 || p > 65_535) problems.priority = 'The priority must be 0 to 65535.'
  return p
}

/** One record from the form: the stored form, or a message per field. */
export function validateRecord(
  input: RecordInput,
  domain: string,
): { record: ZoneRecord } | { problems: FieldProblems } {
  const problems: FieldProblems = {}
  const named = normaliseRecordName(input.name, domain)
  if ('problem' in named) problems.name = named.problem
  const name = 'name' in named ? named.name : '@'
  if (!Number.isInteger(input.ttl) || input.ttl < MIN_TTL || input.ttl > MAX_TTL)
    problems.ttl = `The TTL must be ${MIN_TTL} to ${MAX_TTL} seconds.`
  const priority = checkPriority(input, problems)
  const value = input.value.trim()
  let content = value
  switch (input.type) {
    case 'A':
      if (!isIPv4(value)) problems.value = `"${value}" is not an IPv4 address (for example 192.0.2.10).`
      break
    case 'AAAA':
      if (!isIPv6(value)) problems.value = `"${value}" is not an IPv6 address (for example 2001:db8::10).`
      content = value.toLowerCase()
      break
    case 'CNAME': {
      const problem = hostnameProblem(value)
      if (problem) problems.value = problem
      content = normaliseHost(value)
      if (name === '@')
        problems.name = 'A CNAME cannot be at the apex (@): the apex needs its own records (SOA, NS).'
      if (!problem && content === (name === '@' ? domain : `${name}.${domain}`))
        problems.value = 'A CNAME cannot point at itself.'
      break
    }
    case 'MX': {
      const problem = hostnameProblem(value)
      if (problem) problems.value = problem
      content = normaliseHost(value)
      break
    }
    case 'TXT': {
      const txt = formatTxt(value)
      if ('problem' in txt) problems.value = txt.problem
      else content = txt.content
      break
    }
    case 'SRV': {
      if (name === '@' || !/^_[a-z0-9-]+\._(tcp|udp|tls|sctp)(\.|$)/.test(name))
        problems.name = 'An SRV name starts with _service._protocol, for example _sip._tcp.'
      const m = /^(\d+)\s+(\d+)\s+(\S+)$/.exec(value)
      if (!m) {
        problems.value = 'Enter weight, port and target, for example "5 5060 sip.example.com".'
        break
      }
      const [weight, port] = [Number(m[1]), Number(m[2])]
      const target = m[3] === '.' ? '.' : normaliseHost(m[3]!)
      if (weight > 65_535) problems.value = 'The weight must be 0 to 65535.'
      else if (port < 1 || port > 65_535) problems.value = 'The port must be 1 to 65535.'
      else if (target !== '.') {
        const problem = hostnameProblem(target)
        if (problem) problems.value = `Target: ${problem}`
      }
      content = `${weight} ${port} ${target}`
      break
    }
    case 'CAA': {
      const m = /^(\d+)\s+([a-z]+)\s+(.+)$/i.exec(value)
      if (!m) {
        problems.value = 'Enter flags, tag and value, for example: 0 issue "letsencrypt.org".'
        break
      }
      const flags = Number(m[1])
      const tag = m[2]!.toLowerCase()
      const raw = m[3]!.trim()
      const inner = raw.startsWith('"') ? (parseQuotedStrings(raw)?.join('') ?? null) : raw
      if (flags !== 0 && flags !== 128) problems.value = 'CAA flags are 0, or 128 (critical).'
      else if (!(CAA_TAGS as readonly string[]).includes(tag))
        problems.value = `The CAA tag must be ${CAA_TAGS.join(', ')}.`
      else if (inner === null || /["\\]/.test(inner) || /[^\x20-\x7e]/.test(inner))
        problems.value = 'Write the CAA value as one quoted string, for example "letsencrypt.org".'
      else if (tag === 'iodef' && !/^(mailto:[^@\s]+@[^@\s]+|https?:\/\/\S+)$/.test(inner))
        problems.value = 'An iodef value is a mailto: or https:// address to report to.'
      else if (tag !== 'iodef') {
        // issue/issuewild: a CA's domain, optionally followed by ";" parameters, or ";" alone (nobody).
        const issuer = inner.split(';')[0]!.trim()
        const problem = issuer === '' ? null : hostnameProblem(issuer)
        if (problem) problems.value = `CA domain: ${problem}`
      }
      content = `${flags} ${tag} "${inner ?? ''}"`
      break
    }
  }
  if (Object.keys(problems).length) return { problems }
  return { record: { type: input.type, name, content, ttl: input.ttl, priority } }
}

const sameRecord = (a: ZoneRecord, b: ZoneRecord) =>
  a.type === b.type &&
  a.name === b.name &&
  a.content === b.content &&
  (a.priority ?? null) === (b.priority ?? null)

/**
 * Rules between the records of one zone, checked for `changed` (the record being added or edited)
 * against `others` (every other record). A CNAME is the only record at its name (RFC 1034 3.6.2),
 * so one per name and nothing beside it; the same record twice is refused.
 */
export function zoneProblem(changed: ZoneRecord, others: readonly ZoneRecord[]): FieldProblems | null {
  if (others.some((o) => sameRecord(o, changed)))
    return { value: `This ${changed.type} record exists already.` }
  const atName = others.filter((o) => o.name === changed.name)
  const shown = changed.name === '@' ? 'the apex' : `"${changed.name}"`
  if (changed.type === 'CNAME') {
    if (atName.some((o) => o.type === 'CNAME'))
      return { name: `There is a CNAME at ${shown} already: a name can have only one CNAME.` }
    if (atName.length)
      return {
        name: `${shown} has other records (${[...new Set(atName.map((o) => o.type))].join(', ')}): a CNAME must be the only record at its name.`,
      }
  } else if (atName.some((o) => o.type === 'CNAME'))
    return { name: `${shown} is a CNAME: no other record can sit beside it.` }
  if (others.length + 1 > MAX_ZONE_RECORDS)
    return { type: `A zone can have at most ${MAX_ZONE_RECORDS} records.` }
  return null
}
