import { parseInput, type Ctx } from '../../shared'
import { assertDomainAccess } from './access'
import {
  AUTO_RENEW_STATUSES,
  domainSummarySelect,
  MANAGEABLE_STATUSES,
  toDomainSummary,
  type DomainSummary,
} from './domain-view'
import type { DnsRecordType } from './dns-records'
import { glueOf } from './managed-domain'
import type { GlueRecord } from './nameservers'
import { domainIdSchema } from './schemas'

export interface DomainDetail extends DomainSummary {
  nameservers: string[]
  glue: GlueRecord[]
  hasIdProtection: boolean
  /** changes at the registrar are possible now (registered, not lapsed past grace) */
  isManageable: boolean
  canToggleAutoRenew: boolean
  canManageDns: boolean
  /** the TLD offers WHOIS privacy */
  offersIdProtection: boolean
  dnsRecords: {
    id: string
    type: DnsRecordType | 'NS'
    name: string
    content: string
    ttl: number
    priority: number | null
  }[]
  /** renewal periods the TLD allows, in years, with the price of each in the domain's currency (minor units) */
  renewalOptions: { years: number; amount: bigint }[]
  /** why registration or transfer has not finished yet, for a pending domain (staff retry it) */
  isFulfilmentFailing: boolean
}

/** One of the client's own domains (or, for staff with domains.view, anyone's) with what the page shows. */
export async function getClientDomain(ctx: Ctx, domainId: string): Promise<DomainDetail> {
  const id = parseInput(domainIdSchema, domainId)
  await assertDomainAccess(ctx.db, ctx.actor, id, 'read')
  const d = await ctx.db.domain.findUniqueOrThrow({
    where: { id },
    select: {
      ...domainSummarySelect,
      nameservers: true,
      hasIdProtection: true,
      hasDnsManagement: true,
      registrarData: true,
      dnsRecords: {
        orderBy: [{ name: 'asc' }, { type: 'asc' }, { priority: 'asc' }, { id: 'asc' }],
        select: { id: true, type: true, name: true, content: true, ttl: true, priority: true },
      },
    },
  })
  const tld = await ctx.db.tld.findUnique({
    where: { name: d.tld },
    select: {
      dnsManagement: true,
      idProtection: true,
      minYears: true,
      maxYears: true,
      prices: {
        where: { currencyCode: d.currencyCode, action: 'RENEW' },
        orderBy: { years: 'asc' },
        select: { years: true, amount: true },
      },
    },
  })
  const renewalOptions = (tld?.prices ?? []).filter(
    (p) => p.years >= tld!.minYears && p.years <= tld!.maxYears,
  )
  const lastError = (d.registrarData as { lastError?: unknown } | null)?.lastError
  return {
    ...toDomainSummary(d),
    nameservers: d.nameservers,
    glue: glueOf(d.registrarData),
    hasIdProtection: d.hasIdProtection,
    isManageable: MANAGEABLE_STATUSES.includes(d.status),
    canToggleAutoRenew: AUTO_RENEW_STATUSES.includes(d.status),
    canManageDns: !!tld?.dnsManagement || d.hasDnsManagement,
    offersIdProtection: !!tld?.idProtection,
    dnsRecords: d.dnsRecords,
    renewalOptions,
    isFulfilmentFailing: (d.status === 'PENDING' || d.status === 'PENDING_TRANSFER') && !!lastError,
  }
}
