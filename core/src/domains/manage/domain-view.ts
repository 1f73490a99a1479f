import { domainToUnicode } from 'node:url'
import { DomainStatus, type Prisma } from '@berth/prisma'

export const DOMAIN_STATUSES = Object.values(DomainStatus) as [DomainStatus, ...DomainStatus[]]

/**
 * The statuses in which the client can change a domain at its registrar (nameservers, DNS, lock,
 * contact, EPP code, ID protection): it exists there and is paid up or in grace. Pending ones are
 * not registered yet; redemption and later need a restore first (WHMCS allows the same).
 */
export const MANAGEABLE_STATUSES: readonly DomainStatus[] = ['ACTIVE', 'GRACE']

/** Auto-renew is only a flag for the daily run: it can change until the domain is gone. */
export const AUTO_RENEW_STATUSES: readonly DomainStatus[] = [
  'PENDING',
  'PENDING_TRANSFER',
  'ACTIVE',
  'GRACE',
  'REDEMPTION',
  'EXPIRED',
]

export const domainSummarySelect = {
  id: true,
  clientId: true,
  name: true,
  tld: true,
  status: true,
  registrationDate: true,
  expiryDate: true,
  nextDueDate: true,
  years: true,
  currencyCode: true,
  recurringAmount: true,
  isAutoRenew: true,
  isLocked: true,
} as const satisfies Prisma.DomainSelect

type SummaryRow = Prisma.DomainGetPayload<{ select: typeof domainSummarySelect }>

export interface DomainSummary {
  id: string
  clientId: string
  /** ASCII (punycode), as registries hold it */
  name: string
  /** what people read (IDN in Unicode) */
  displayName: string
  tld: string
  status: DomainStatus
  registrationDate: Date | null
  expiryDate: Date | null
  nextDueDate: Date | null
  years: number
  currency: string
  /** minor units */
  recurringAmount: bigint
  isAutoRenew: boolean
  isLocked: boolean
}

export function toDomainSummary(d: SummaryRow): DomainSummary {
  return {
    id: d.id,
    clientId: d.clientId,
    name: d.name,
    displayName: domainToUnicode(d.name) || d.name,
    tld: d.tld,
    status: d.status,
    registrationDate: d.registrationDate,
    expiryDate: d.expiryDate,
    nextDueDate: d.nextDueDate,
    years: d.years,
    currency: d.currencyCode,
    recurringAmount: d.recurringAmount,
    isAutoRenew: d.isAutoRenew,
    isLocked: d.isLocked,
  }
}
