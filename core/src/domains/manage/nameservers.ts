import { isIPv4, isIPv6 } from 'node:net'
import type { FieldIssue } from '../../shared'
import { hostnameProblem } from './dns-records'

export const MIN_NAMESERVERS = 2
export const MAX_NAMESERVERS = 13

/** A nameserver inside the domain it serves needs glue: its address(es), kept at the registry. */
export interface GlueRecord {
  host: string
  ips: string[]
}

export interface NameserverEntry {
  host: string
  /** IPs for glue, comma or space separated; only for a host inside the domain itself */
  ip?: string | null | undefined
}

/**
 * Reads one line as people write nameservers: "ns1.host.net", or with glue "ns1.example.com=192.0.2.1"
 * (several addresses separated by commas). A trailing dot and upper case are dropped.
 */
export function parseNameserverLine(line: string): NameserverEntry {
  const [host, ip] = line.split('=', 2)
  return { host: host!.trim(), ip: ip?.trim() ?? null }
}

/**
 * 2-13 distinct valid host names, lower-case, without the trailing dot. A host inside the domain
 * (ns1.example.com for example.com) cannot be found without glue, so it needs its IP address; a
 * host elsewhere has its own addresses, so glue for it is refused rather than silently dropped.
 * Problems are reported per line, as `nameservers.<index>`.
 */
export function validateNameservers(
  entries: readonly NameserverEntry[],
  domain: string,
): { nameservers: string[]; glue: GlueRecord[] } | { issues: FieldIssue[] } {
  const present = entries.filter((e) => e.host.trim() !== '' || (e.ip ?? '').trim() !== '')
  const issues: FieldIssue[] = []
  if (present.length < MIN_NAMESERVERS || present.length > MAX_NAMESERVERS)
    issues.push({
      field: 'nameservers',
      message: `Enter ${MIN_NAMESERVERS} to ${MAX_NAMESERVERS} nameservers (you gave ${present.length}).`,
    })
  const nameservers: string[] = []
  const glue: GlueRecord[] = []
  present.forEach((entry, i) => {
    const field = `nameservers.${i}`
    const host = entry.host.trim().toLowerCase().replace(/\.$/, '')
    const problem = hostnameProblem(host)
    if (problem) return issues.push({ field, message: `${host || 'Nameserver'}: ${problem}` })
    if (nameservers.includes(host)) return issues.push({ field, message: `${host} is listed twice.` })
    nameservers.push(host)
    const ips = (entry.ip ?? '')
      .split(/[\s,]+/)
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean)
    const isInside = host.endsWith(`.${domain}`)
    if (isInside && !ips.length)
      return issues.push({
        field,
        message: `${host} is inside ${domain}: give its IP address too (${host}=192.0.2.1).`,
      })
    if (!isInside && ips.length)
      return issues.push({
        field,
        message: `${host} is not inside ${domain}: its IP address is kept by its own domain, not here.`,
      })
    const bad = ips.find((ip) => !isIPv4(ip) && !isIPv6(ip))
    if (bad) return issues.push({ field, message: `${host}: "${bad}" is not an IPv4 or IPv6 address.` })
    if (new Set(ips).size !== ips.length)
      return issues.push({ field, message: `${host}: an address is listed twice.` })
    if (ips.length) glue.push({ host, ips })
  })
  return issues.length ? { issues } : { nameservers, glue }
}
