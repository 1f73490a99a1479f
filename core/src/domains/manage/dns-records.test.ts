import { describe, expect, it } from 'vitest'
import {
  formatTxt,
  normaliseRecordName,
  parseQuotedStrings,
  txtText,
  validateRecord,
  zoneProblem,
} from './dns-records'
import { validateNameservers } from './nameservers'

const domain = 'harbour.com'
const ok = (r: Parameters<typeof validateRecord>[0]) => {
  const out = validateRecord(r, domain)
  if ('problems' in out) throw new Error(JSON.stringify(out.problems))
  return out.record
}

describe('DNS record rules', () => {
  it('names: apex forms, pasted full names, underscores and a leading wildcard', () => {
    expect(['', '@', 'harbour.com', 'HARBOUR.COM.'].map((n) => normaliseRecordName(n, domain))).toEqual(
      Array(4).fill({ name: '@' }),
    )
    expect(normaliseRecordName('WWW.harbour.com.', domain)).toEqual({ name: 'www' })
    expect(normaliseRecordName('_dmarc', domain)).toEqual({ name: '_dmarc' })
    expect(normaliseRecordName('*.dev', domain)).toEqual({ name: '*.dev' })
    expect(normaliseRecordName('dev.*', domain)).toMatchObject({ problem: expect.stringMatching(/wildcard/) })
  })

  it('TXT: split into quoted 255-character strings, quotes and backslashes escaped, round-trips', () => {
    const text = `a"b\\c${'x'.repeat(300)}`
    const formatted = formatTxt(text)
    expect('content' in formatted && formatted.content.startsWith('"a\\"b\\\\c')).toBe(true)
    const content = (formatted as { content: string }).content
    expect(parseQuotedStrings(content)!.map((s) => s.length)).toEqual([255, 50])
    expect(txtText(content)).toBe(text)
    // Already quoted input is read as its strings, not quoted twice.
    expect(formatTxt('"v=spf1 " "-all"')).toEqual({ content: '"v=spf1 -all"' })
    expect(formatTxt('"open')).toMatchObject({ problem: expect.stringMatching(/Quote/) })
    expect(formatTxt('smörgåsbord')).toMatchObject({ problem: expect.stringMatching(/printable ASCII/) })
  })

  it('CAA, SRV and MX in their stored forms', () => {
    expect(ok({ type: 'CAA', name: '@', value: '0 ISSUE letsencrypt.org', ttl: 3600 }).content).toBe(
      '0 issue "letsencrypt.org"',
    )
    expect(ok({ type: 'CAA', name: '@', value: '0 issuewild ";"', ttl: 3600 }).content).toBe(
      '0 issuewild ";"',
    )
    expect(
      ok({ type: 'CAA', name: '@', value: '128 iodef "mailto:sec@harbour.com"', ttl: 3600 }).content,
    ).toBe('128 iodef "mailto:sec@harbour.com"')
    expect(
      ok({ type: 'SRV', name: '_sip._tcp', value: '0 5060 SIP.Example.net.', ttl: 300, priority: 5 }),
    ).toEqual({
      type: 'SRV',
      name: '_sip._tcp',
      content: '0 5060 sip.example.net',
      ttl: 300,
      priority: 5,
    })
    expect(ok({ type: 'MX', name: '@', value: 'Mail.Example.net.', ttl: 3600, priority: 0 }).content).toBe(
      'mail.example.net',
    )
  })

  it('zone rules: CNAME alone at its name, no duplicates; other names are independent', () => {
    const a = ok({ type: 'A', name: 'www', value: '192.0.2.1', ttl: 3600 })
    const cname = ok({ type: 'CNAME', name: 'blog', value: 'host.example.net', ttl: 3600 })
    expect(zoneProblem(ok({ type: 'A', name: 'api', value: '192.0.2.1', ttl: 3600 }), [a, cname])).toBeNull()
    expect(zoneProblem(ok({ type: 'TXT', name: 'blog', value: 'x', ttl: 3600 }), [a, cname])).toMatchObject({
      name: expect.stringMatching(/is a CNAME/),
    })
    expect(zoneProblem(a, [a])).toMatchObject({ value: expect.stringMatching(/exists already/) })
    // Same name and type with another value is a second record, not a duplicate.
    expect(zoneProblem(ok({ type: 'A', name: 'www', value: '192.0.2.2', ttl: 3600 }), [a])).toBeNull()
  })

  it('nameservers: a host line with several glue addresses, duplicates by case refused', () => {
    expect(
      validateNameservers(
        [{ host: 'NS1.harbour.com.', ip: '192.0.2.1, 2001:DB8::1' }, { host: 'ns2.other.net' }],
        domain,
      ),
    ).toEqual({
      nameservers: ['ns1.harbour.com', 'ns2.other.net'],
      glue: [{ host: 'ns1.harbour.com', ips: ['192.0.2.1', '2001:db8::1'] }],
    })
    expect(validateNameservers([{ host: 'ns1.other.net' }, { host: 'NS1.OTHER.NET' }], domain)).toMatchObject(
      {
        issues: [{ field: 'nameservers.1', message: 'ns1.other.net is listed twice.' }],
      },
    )
  })
})
