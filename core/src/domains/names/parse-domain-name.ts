import { domainToASCII, domainToUnicode } from 'node:url'
import { z } from 'zod'
import { DomainError } from '../../shared'

/**
 * Domain names as Berth stores and shows them: `ascii` (lower-case, IDN labels in punycode, what
 * registries and the database hold) and `unicode` (what people read). Rules checked on the ASCII
 * form (RFC 1035/5891 as registries apply them): each label 1-63 characters of a-z, 0-9 and
 * hyphen, no hyphen first or last, no "--" in positions 3-4 unless the label is an IDN ("xn--"),
 * the whole name at most 253 characters.
 */
export interface DomainName {
  ascii: string
  unicode: string
  /** the label(s) left of the TLD, ASCII: "example" in example.co.uk */
  sld: string
  sldUnicode: string
  /** the TLD without its dot, ASCII: "co.uk" */
  tld: string
  isIdn: boolean
}

export const MAX_NAME_LENGTH = 253
export const MAX_LABEL_LENGTH = 63

/** Why a label is refused, or null when it is a valid DNS label (ASCII form). */
export function labelProblem(label: string): string | null {
  if (label.length === 0)
    return 'A name cannot have an empty part (two dots in a row, or a dot at the start).'
  if (label.length > MAX_LABEL_LENGTH)
    return `Each part of a name can have at most ${MAX_LABEL_LENGTH} characters ("${label.slice(0, 20)}…" has ${label.length}).`
  if (!/^[a-z0-9-]+$/.test(label)) return `"${label}" may only contain letters, digits and hyphens.`
  if (label.startsWith('-') || label.endsWith('-')) return `"${label}" cannot start or end with a hyphen.`
  if (label.slice(2, 4) === '--' && !label.startsWith('xn--'))
    return `"${label}" cannot have two hyphens in the third and fourth positions.`
  return null
}

/**
 * Normalises what someone typed (any case, Unicode or punycode, surrounding spaces, a trailing
 * dot, "www." or a URL scheme pasted in) to the ASCII form, or throws VALIDATION_FAILED on `field`
 * with the first rule it breaks. Does not need a TLD: "example" alone is a valid input.
 */
export function toAsciiName(input: string, field = 'name'): { ascii: string; unicode: string } {
  let raw = input.trim().toLowerCase()
  raw = raw.replace(/^[a-z]+:\/\//, '').replace(/[/?#].*$/, '')
  raw = raw.replace(/^www\./, '').replace(/\.$/, '')
  const refuse = (message: string) => new DomainError('VALIDATION_FAILED', message, { field })
  if (raw.length === 0) throw refuse('Enter a domain name.')
  if (/\s/.test(raw)) throw refuse('A domain name cannot contain spaces.')
  // Check the typed labels first, so an ASCII mistake gets its own message (domainToASCII would
  // only return "" for it).
  for (const label of raw.split('.')) {
    if (label.length === 0) throw refuse(labelProblem(label)!)
    if (/^[\x00-\x7f]*$/.test(label)) {
      const problem = labelProblem(label)
      if (problem) throw refuse(problem)
    }
  }
  const ascii = domainToASCII(raw)
  if (ascii === '') throw refuse(`"${input.trim()}" is not a valid internationalised domain name.`)
  for (const label of ascii.split('.')) {
    const problem = labelProblem(label)
    if (problem) throw refuse(problem)
  }
  if (ascii.length > MAX_NAME_LENGTH)
    throw refuse(`A domain name can have at most ${MAX_NAME_LENGTH} characters in total.`)
  // A punycode label must decode (xn--zz is not an IDN).
  const unicode = domainToUnicode(ascii)
  if (ascii.split('.').some((l) => l.startsWith('xn--')) && domainToASCII(unicode) !== ascii)
    throw refuse(`"${input.trim()}" is not a valid internationalised domain name.`)
  return { ascii, unicode }
}

/**
 * Parses a full name and splits it into SLD + the longest matching TLD of `knownTlds` (ASCII,
 * without dots: "com", "co.uk"). Refuses names without a known TLD on `field` and names that are a
 * TLD alone.
 */
export function parseDomainName(input: string, knownTlds: Iterable<string>, field = 'name'): DomainName {
  const { ascii, unicode } = toAsciiName(input, field)
  const split = splitTld(ascii, knownTlds)
  if (!split) {
    const labels = ascii.split('.')
    const message =
      labels.length === 1
        ? `Add an extension to "${unicode}", for example ${unicode}.com.`
        : `We do not offer ".${domainToUnicode(labels.slice(1).join('.'))}" domains.`
    throw new DomainError('VALIDATION_FAILED', message, { field })
  }
  if (split.sld.includes('.'))
    throw new DomainError(
      'VALIDATION_FAILED',
      `Enter the name without subdomains (${split.sld.split('.').at(-1)}.${split.tld}).`,
      {
        field,
      },
    )
  const sldUnicode = domainToUnicode(split.sld)
  return { ascii, unicode, sld: split.sld, sldUnicode, tld: split.tld, isIdn: ascii !== unicode }
}

/** The longest suffix of `ascii` that is one of `knownTlds`, with what is left of it; null if none. */
export function splitTld(ascii: string, knownTlds: Iterable<string>): { sld: string; tld: string } | null {
  const known = knownTlds instanceof Set ? (knownTlds as Set<string>) : new Set(knownTlds)
  const labels = ascii.split('.')
  for (let i = 1; i < labels.length; i++) {
    const tld = labels.slice(i).join('.')
    if (known.has(tld)) return { sld: labels.slice(0, i).join('.'), tld }
  }
  return null
}

/** A TLD as staff type it (".com", "CO.UK", ".рф") → ASCII without the dot, or a field error. */
export function normaliseTld(input: string, field = 'name'): string {
  const raw = input.trim().toLowerCase().replace(/^\./, '')
  return toAsciiName(raw, field).ascii
}

/** zod: a TLD name (normalised to ASCII), with the label rules' messages. */
export const tldNameSchema = z.string().transform((value, ctx) => {
  try {
    return normaliseTld(value)
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof DomainError ? error.message : 'Invalid TLD' })
    return z.NEVER
  }
})

/** zod: a search query `q` (a name with or without a TLD), normalised to ASCII. */
export const searchQuerySchema = z.string().transform((value, ctx) => {
  try {
    return toAsciiName(value, 'q')
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof DomainError ? error.message : 'Invalid name' })
    return z.NEVER
  }
})
