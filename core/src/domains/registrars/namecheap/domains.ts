import { RegistrarError, type RegistrarContact, type RegistrarRequest } from '../registrar'
import { callNamecheap, resultOf } from './client'
import { contactParams } from './contacts'
import type { NamecheapSettings } from './settings'
import { attr, child, children, isTrue, parseNamecheapDate, text } from './xml'

/** The namecheap.domains.* commands about a domain itself (DNS and privacy live in their own files). */

/** namecheap.domains.check: Available="true" for one name. */
export async function checkDomain(settings: NamecheapSettings, name: string): Promise<boolean> {
  const command = 'namecheap.domains.check'
  const response = await callNamecheap({ settings, command, params: { DomainList: name } })
  const results = children(response, 'DomainCheckResult')
  const result = results.find((x) => attr(x, 'Domain')?.toLowerCase() === name) ?? results[0]
  if (!result)
    throw new RegistrarError(`Namecheap's answer to ${command} has no DomainCheckResult.`, {
      isRetryable: true,
      code: 'BAD_RESPONSE',
    })
  return isTrue(attr(result, 'Available'))
}

export interface CreatedDomain {
  isRegistered: boolean
  /** Namecheap finishes some TLDs later (NonRealTimeDomain): the order is placed, not done */
  isPending: boolean
  orderId: string
}

/** namecheap.domains.create: every contact role is the one contact; privacy added free and enabled on request. */
export async function createDomain(
  settings: NamecheapSettings,
  r: RegistrarRequest & {
    years: number
    nameservers: string[]
    contact: RegistrarContact
    idProtection: boolean
  },
): Promise<CreatedDomain> {
  const command = 'namecheap.domains.create'
  const response = await callNamecheap({
    settings,
    command,
    method: 'POST',
    params: {
      DomainName: r.name,
      Years: r.years,
      // Empty: Namecheap's own nameservers.
      Nameservers: r.nameservers.length ? r.nameservers.join(',') : undefined,
      ...contactParams(r.contact),
      AddFreeWhoisguard: 'yes',
      WGEnabled: r.idProtection ? 'yes' : 'no',
    },
  })
  const result = resultOf(response, 'DomainCreateResult', command)
  return {
    isRegistered: isTrue(attr(result, 'Registered')),
    isPending: isTrue(attr(result, 'NonRealTimeDomain')),
    orderId: attr(result, 'OrderID') ?? '',
  }
}

/**
 * EPP codes with characters outside letters and digits must be sent as `base64:<code>`
 * (namecheap.domains.transfer.create's documentation).
 */
export function eppCodeParam(code: string): string {
  return /^[A-Za-z0-9]+$/.test(code) ? code : `base64:${Buffer.from(code, 'utf8').toString('base64')}`
}

/** namecheap.domains.transfer.create: the transfer is queued; it completes days later. */
export async function createTransfer(
  settings: NamecheapSettings,
  r: RegistrarRequest & { eppCode: string; years: number },
): Promise<{ transferId: string; status: string }> {
  const command = 'namecheap.domains.transfer.create'
  const response = await callNamecheap({
    settings,
    command,
    method: 'POST',
    params: { DomainName: r.name, Years: r.years, EPPCode: eppCodeParam(r.eppCode) },
  })
  const result = resultOf(response, 'DomainTransferCreateResult', command)
  if (!isTrue(attr(result, 'Transfer')))
    throw new RegistrarError(`Namecheap did not accept the transfer of ${r.name}.`, {
      code: 'TRANSFER_REFUSED',
      response: { command, statusId: attr(result, 'StatusID') },
    })
  return { transferId: attr(result, 'TransferID') ?? '', status: attr(result, 'StatusCode') ?? '' }
}

/** namecheap.domains.renew: the new expiry (DomainDetails/ExpiredDate). */
export async function renewDomain(
  settings: NamecheapSettings,
  r: RegistrarRequest & { years: number },
): Promise<Date | null> {
  const command = 'namecheap.domains.renew'
  const response = await callNamecheap({
    settings,
    command,
    method: 'POST',
    params: { DomainName: r.name, Years: r.years },
  })
  const result = resultOf(response, 'DomainRenewResult', command)
  if (!isTrue(attr(result, 'Renew')))
    throw new RegistrarError(`Namecheap did not renew ${r.name}.`, { code: 'NOT_RENEWED' })
  return parseNamecheapDate(text(child(result, 'DomainDetails'), 'ExpiredDate'))
}

export interface NamecheapDomainInfo {
  expiresAt: Date
  /** Namecheap's own status word: Ok, Locked, Expired… */
  status: string
  nameservers: string[]
  /** the privacy subscription: its ID (needed to enable/disable it) and whether it is on */
  whoisguard: { id: string | null; isEnabled: boolean }
}

/** namecheap.domains.getInfo: expiry, status, privacy and nameservers. */
export async function getDomainInfo(settings: NamecheapSettings, name: string): Promise<NamecheapDomainInfo> {
  const command = 'namecheap.domains.getInfo'
  const response = await callNamecheap({ settings, command, params: { DomainName: name } })
  const result = resultOf(response, 'DomainGetInfoResult', command)
  const expiry = text(child(result, 'DomainDetails'), 'ExpiredDate')
  const expiresAt = parseNamecheapDate(expiry)
  if (!expiresAt)
    throw new RegistrarError(`Namecheap gave an unreadable expiry date for ${name}: "${expiry}".`, {
      isRetryable: true,
      code: 'BAD_RESPONSE',
    })
  const whoisguard = child(result, 'Whoisguard')
  const whoisguardId = text(whoisguard, 'ID')
  return {
    expiresAt,
    status: attr(result, 'Status') ?? '',
    nameservers: children(child(result, 'DnsDetails'), 'Nameserver').map((n) => text(n).toLowerCase()),
    whoisguard: {
      id: whoisguardId && whoisguardId !== '0' ? whoisguardId : null,
      isEnabled: isTrue(attr(whoisguard, 'Enabled')),
    },
  }
}

/** namecheap.domains.getRegistrarLock */
export async function getRegistrarLock(settings: NamecheapSettings, name: string): Promise<boolean> {
  const command = 'namecheap.domains.getRegistrarLock'
  const response = await callNamecheap({ settings, command, params: { DomainName: name } })
  return isTrue(attr(resultOf(response, 'DomainGetRegistrarLockResult', command), 'RegistrarLockStatus'))
}

/** namecheap.domains.setRegistrarLock: LockAction LOCK or UNLOCK. */
export async function setRegistrarLock(
  settings: NamecheapSettings,
  name: string,
  isLocked: boolean,
): Promise<void> {
  const command = 'namecheap.domains.setRegistrarLock'
  const response = await callNamecheap({
    settings,
    command,
    method: 'POST',
    params: { DomainName: name, LockAction: isLocked ? 'LOCK' : 'UNLOCK' },
  })
  if (!isTrue(attr(resultOf(response, 'DomainSetRegistrarLockResult', command), 'IsSuccess')))
    throw new RegistrarError(`Namecheap did not ${isLocked ? 'lock' : 'unlock'} ${name}.`, {
      code: 'NOT_UPDATED',
    })
}
