import { describe, expect, it } from 'vitest'
import { DomainError } from '../../shared'
import { parseDomainName, searchQuerySchema, splitTld, toAsciiName } from './parse-domain-name'

const TLDS = ['com', 'net', 'io', 'uk', 'co.uk', 'xn--p1ai', 'de']

function refusal(fn: () => unknown): DomainError {
  try {
    fn()
  } catch (error) {
    if (error instanceof DomainError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('domain names', () => {
  it('normalises case, spaces, a trailing dot, www. and a pasted URL', () => {
    expect(toAsciiName('  Example.COM. ').ascii).toBe('example.com')
    expect(toAsciiName('https://www.example.com/path?x=1').ascii).toBe('example.com')
  })

  it('converts IDN names to punycode and back', () => {
    const name = parseDomainName('Bücher.de', TLDS)
    expect(name).toMatchObject({
      ascii: 'xn--bcher-kva.de',
      unicode: 'bücher.de',
      sld: 'xn--bcher-kva',
      tld: 'de',
    })
    expect(name.isIdn).toBe(true)
    expect(parseDomainName('xn--bcher-kva.de', TLDS).unicode).toBe('bücher.de')
    expect(parseDomainName('пример.рф', TLDS)).toMatchObject({ tld: 'xn--p1ai', sldUnicode: 'пример' })
  })

  it('splits on the longest known TLD', () => {
    expect(parseDomainName('example.co.uk', TLDS)).toMatchObject({ sld: 'example', tld: 'co.uk' })
    expect(parseDomainName('example.uk', TLDS)).toMatchObject({ sld: 'example', tld: 'uk' })
    expect(splitTld('example.org', TLDS)).toBeNull()
  })

  it('refuses each broken rule with its own message on the field', () => {
    const cases: [string, RegExp][] = [
      ['', /Enter a domain name/],
      ['exa mple.com', /spaces/],
      ['-example.com', /cannot start or end with a hyphen/],
      ['example-.com', /cannot start or end with a hyphen/],
      ['ex--ample.com', /third and fourth/],
      ['exa_mple.com', /letters, digits and hyphens/],
      ['example..com', /empty part/],
      [`${'a'.repeat(64)}.com`, /at most 63 characters/],
      ['xn--zz.com', /not a valid internationalised/],
    ]
    for (const [input, message] of cases) {
      const error = refusal(() => parseDomainName(input, TLDS, 'q'))
      expect(error.code, input).toBe('VALIDATION_FAILED')
      expect(error.field, input).toBe('q')
      expect(error.message, input).toMatch(message)
    }
    const long = `${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}.com`
    expect(refusal(() => toAsciiName(long)).message).toMatch(/at most 253 characters/)
  })

  it('accepts 63-character labels, digits and xn-- labels', () => {
    expect(parseDomainName(`${'a'.repeat(63)}.com`, TLDS).sld).toHaveLength(63)
    expect(parseDomainName('123-go.io', TLDS).sld).toBe('123-go')
  })

  it('refuses unknown TLDs, bare names and subdomains with clear messages', () => {
    expect(refusal(() => parseDomainName('example.org', TLDS)).message).toBe(
      'We do not offer ".org" domains.',
    )
    expect(refusal(() => parseDomainName('example', TLDS)).message).toMatch(/Add an extension/)
    expect(refusal(() => parseDomainName('mail.example.com', TLDS)).message).toMatch(/without subdomains/)
  })

  it('gives zod issues for the search query', () => {
    expect(searchQuerySchema.safeParse('Example').data).toEqual({ ascii: 'example', unicode: 'example' })
    const bad = searchQuerySchema.safeParse('-bad')
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.message).toMatch(/hyphen/)
  })
})
