// A leaf file of the manage module (imports nothing of the registrars): its index imports
// registrars, so going through it would make an import cycle.
import { formatTxt, txtText } from '../../manage/dns-records'
import { RegistrarError, type RegistrarDnsRecord } from '../registrar'
import { callNamecheap, resultOf, splitName, type NamecheapParams } from './client'
import type { NamecheapSettings } from './settings'
import { attr, children, isTrue, text, type XmlNode } from './xml'

/** The namecheap.domains.dns.* commands: nameservers and the zone Namecheap hosts. */

/** namecheap.domains.dns.getList (SLD + TLD): the nameservers, Namecheap's own ones included. */
export async function getNameservers(settings: NamecheapSettings, name: string): Promise<string[]> {
  const command = 'namecheap.domains.dns.getList'
  const response = await callNamecheap({ settings, command, params: splitName(name) })
  const result = resultOf(response, 'DomainDNSGetListResult', command)
  return children(result, 'Nameserver').map((n) => hostOf(text(n)))
}

/** namecheap.domains.dns.setCustom: Nameservers as one comma-separated list. */
export async function setNameservers(
  settings: NamecheapSettings,
  name: string,
  nameservers: string[],
): Promise<void> {
  const command = 'namecheap.domains.dns.setCustom'
  const response = await callNamecheap({
    settings,
    command,
    method: 'POST',
    params: { ...splitName(name), Nameservers: nameservers.join(',') },
  })
  if (!isTrue(attr(resultOf(response, 'DomainDNSSetCustomResult', command), 'Updated')))
    throw new RegistrarError(`Namecheap did not change the nameservers of ${name}.`, { code: 'NOT_UPDATED' })
}

/** Record types Berth and Namecheap's host records share (Namecheap also has URL, FRAME, ALIAS…). */
const SHARED_TYPES = new Set<RegistrarDnsRecord['type']>(['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'CAA'])
const HOST_VALUED = new Set<RegistrarDnsRecord['type']>(['CNAME', 'MX', 'NS'])

const hostOf = (value: string) => value.trim().toLowerCase().replace(/\.$/, '')

/**
 * namecheap.domains.dns.getHosts: the zone in Berth's form (decision 0046). Namecheap-only record
 * types (URL redirects, frames, ALIAS) are left out: Berth cannot show or keep them.
 */
export async function getDnsRecords(
  settings: NamecheapSettings,
  name: string,
): Promise<RegistrarDnsRecord[]> {
  const command = 'namecheap.domains.dns.getHosts'
  const response = await callNamecheap({ settings, command, params: splitName(name) })
  const result = resultOf(response, 'DomainDNSGetHostsResult', command)
  // The documentation shows <Host>, the live API answers <host>: read both.
  const hosts = [...children(result, 'Host'), ...children(result, 'host')]
  return hosts.flatMap((host) => {
    const record = recordOf(host)
    return record ? [record] : []
  })
}

function recordOf(host: XmlNode): RegistrarDnsRecord | null {
  const type = (attr(host, 'Type') ?? '').toUpperCase() as RegistrarDnsRecord['type']
  if (!SHARED_TYPES.has(type)) return null
  const address = attr(host, 'Address') ?? ''
  let content = address
  if (HOST_VALUED.has(type)) content = hostOf(address)
  else if (type === 'AAAA') content = address.toLowerCase()
  else if (type === 'TXT') {
    const txt = formatTxt(address)
    content = 'content' in txt ? txt.content : `"${address.replace(/[\\"]/g, '\\$&')}"`
  }
  return {
    type,
    name: attr(host, 'Name') || '@',
    content,
    ttl: Number(attr(host, 'TTL') ?? 1800),
    priority: type === 'MX' ? Number(attr(host, 'MXPref') ?? 10) : null,
  }
}

/**
 * namecheap.domains.dns.setHosts: the whole zone, numbered HostName1, RecordType1, Address1,
 * MXPref1, TTL1…; EmailType=MX when there are MX records (Namecheap ignores MX hosts otherwise).
 * SRV is refused rather than dropped: setHosts replaces the zone, so a silently missing record
 * would be deleted at Namecheap.
 */
export async function setDnsRecords(
  settings: NamecheapSettings,
  name: string,
  records: RegistrarDnsRecord[],
): Promise<void> {
  const unsupported = records.find((r) => !SHARED_TYPES.has(r.type))
  if (unsupported)
    throw new RegistrarError(
      `Namecheap's API cannot set ${unsupported.type} records (${unsupported.name}); ` +
        'remove them or use other nameservers.',
      { code: 'NOT_SUPPORTED' },
    )
  const params: NamecheapParams = { ...splitName(name) }
  records.forEach((record, i) => {
    const n = i + 1
    params[`HostName${n}`] = record.name
    params[`RecordType${n}`] = record.type
    params[`Address${n}`] = record.type === 'TXT' ? txtText(record.content) : record.content
    params[`TTL${n}`] = record.ttl
    if (record.type === 'MX') params[`MXPref${n}`] = record.priority ?? 10
  })
  if (records.some((r) => r.type === 'MX')) params.EmailType = 'MX'
  const command = 'namecheap.domains.dns.setHosts'
  const response = await callNamecheap({ settings, command, method: 'POST', params })
  if (!isTrue(attr(resultOf(response, 'DomainDNSSetHostsResult', command), 'IsSuccess')))
    throw new RegistrarError(`Namecheap did not save the DNS records of ${name}.`, { code: 'NOT_UPDATED' })
}
