import { isIPv4 } from 'node:net'
import { RegistrarError } from '../registrar'
import { callNamecheap, resultOf, splitName } from './client'
import type { NamecheapSettings } from './settings'
import { attr, isTrue } from './xml'

/**
 * The namecheap.domains.ns.* commands: child nameservers (glue), hosts inside the domain itself
 * (ns1.example.com for example.com) whose address the registry must publish. Namecheap keeps one
 * IPv4 address per host (IP, at most 15 characters).
 */

/** The address Namecheap has for a child nameserver, or null when it is not registered. */
async function childAddress(settings: NamecheapSettings, name: string, host: string): Promise<string | null> {
  const command = 'namecheap.domains.ns.getInfo'
  try {
    const response = await callNamecheap({
      settings,
      command,
      params: { ...splitName(name), Nameserver: host },
    })
    return attr(resultOf(response, 'DomainNSInfoResult', command), 'IP') ?? null
  } catch (error) {
    // A refusal here means "no such nameserver"; a real problem (key, IP) shows again on create.
    if (error instanceof RegistrarError && !error.options.isRetryable) return null
    throw error
  }
}

/**
 * Registers or updates each child nameserver of `name` with its first IPv4 address (ns.create or
 * ns.update with OldIP); hosts outside the domain need no glue and are skipped.
 */
export async function setGlue(
  settings: NamecheapSettings,
  name: string,
  glue: { host: string; ips: string[] }[],
): Promise<void> {
  for (const { host, ips } of glue) {
    const nameserver = host.toLowerCase().replace(/\.$/, '')
    if (!nameserver.endsWith(`.${name}`)) continue
    const ip = ips.find((a) => isIPv4(a))
    if (!ip)
      throw new RegistrarError(
        `Namecheap registers child nameservers with an IPv4 address; ${nameserver} has none.`,
        { code: 'NOT_SUPPORTED' },
      )
    const current = await childAddress(settings, name, nameserver)
    if (current === ip) continue
    const command = current ? 'namecheap.domains.ns.update' : 'namecheap.domains.ns.create'
    const response = await callNamecheap({
      settings,
      command,
      method: 'POST',
      params: { ...splitName(name), Nameserver: nameserver, ...(current ? { OldIP: current } : {}), IP: ip },
    })
    const element = current ? 'DomainNSUpdateResult' : 'DomainNSCreateResult'
    if (!isTrue(attr(resultOf(response, element, command), 'IsSuccess')))
      throw new RegistrarError(`Namecheap did not register ${nameserver} at ${ip}.`, { code: 'NOT_UPDATED' })
  }
}
