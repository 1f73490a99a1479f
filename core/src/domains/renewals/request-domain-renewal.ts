import { z } from 'zod'
import type { DbClient } from '@berth/prisma'
import { requirePermission } from '../../access'
import { recordAuditEvent } from '../../audit'
import { createServiceInvoice, formatDate, type ServiceInvoiceItem } from '../../billing'
import { lockClients } from '../../pipeline'
import { toDateOnly } from '../../catalog'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import {
  addYears,
  expiryPhaseOn,
  REGISTRY_MAX_YEARS_AHEAD,
  RENEWABLE_STATUSES,
  renewalDescription,
  renewalFeeKind,
} from './renewal-terms'

export const requestDomainRenewalInput = z.object({
  domainId: z.uuid('Choose a domain.'),
  years: z.coerce
    .number('Choose a number of years.')
    .int('Whole years only.')
    .min(1, 'At least 1 year.')
    .max(10, 'At most 10 years.'),
})
export type RequestDomainRenewalInput = z.input<typeof requestDomainRenewalInput>

export interface DomainRenewalRequested {
  invoiceId: string
  invoiceNumber: string | null
  status: string
  /** minor units as a string, beside its currency */
  total: string
  currencyCode: string
  periodStart: Date
  periodEnd: Date
  /** true when an unpaid invoice for this period existed already and is returned as it is */
  isExisting: boolean
}

const domainNotFound = () => new DomainError('NOT_FOUND', 'This domain does not exist.')

/**
 * A client (own domain only) or staff with `domains.manage` ask to renew a domain for `years`:
 * one invoice with a DOMAIN item for the period from the current expiry, priced at the TLD's
 * RENEW price for that many years in the domain's currency, plus the grace or redemption fee as
 * its own line when the domain is late. Paying it renews at the registrar (the invoice-paid
 * handler of the orders work reads the period from the item). (domainId, DOMAIN, periodStart) is
 * unique: asking again while that invoice is unpaid returns it, so double clicks and the daily
 * run's own renewal invoice never bill a period twice.
 */
export async function requestDomainRenewal(
  ctx: Ctx,
  raw: unknown,
  options: { today?: Date } = {},
): Promise<DomainRenewalRequested> {
  const input = parseInput(requestDomainRenewalInput, raw)
  const actor = ctx.actor
  if (actor.type === 'anonymous') throw new DomainError('UNAUTHENTICATED', 'Please log in.')
  if (actor.type === 'staff') requirePermission(actor, 'domains.manage')
  const today = toDateOnly(options.today ?? new Date())
  return inTransaction(ctx, async (tx) => {
    const domain = await lockRenewableDomain(tx.db, input.domainId, actor)
    const periodStart = domain.expiryDate
    const existing = await tx.db.invoiceItem.findFirst({
      where: { domainId: domain.id, type: 'DOMAIN', periodStart },
      select: {
        id: true,
        periodEnd: true,
        invoice: { select: { id: true, number: true, status: true, total: true, currencyCode: true } },
      },
    })
    if (existing && existing.invoice.status !== 'CANCELLED') {
      if (existing.invoice.status !== 'UNPAID')
        throw new DomainError(
          'INVALID_TRANSITION',
          'The renewal from this expiry date is paid already: the registrar renews it shortly.',
        )
      return {
        invoiceId: existing.invoice.id,
        invoiceNumber: existing.invoice.number,
        status: existing.invoice.status,
        total: existing.invoice.total.toString(),
        currencyCode: existing.invoice.currencyCode,
        periodStart,
        periodEnd: existing.periodEnd ?? addYears(periodStart, input.years),
        isExisting: true,
      }
    }
    const terms = await renewalTerms(tx.db, domain, input.years, today)
    if (existing) await releaseCancelledClaim(tx, existing.id)
    const invoice = await createServiceInvoice(tx, { clientId: domain.clientId, items: terms.items })
    await recordAuditEvent(tx, {
      action: 'domain.renewal.request',
      targetType: 'Domain',
      targetId: domain.id,
      clientId: domain.clientId,
      before: { status: domain.status, expiryDate: domain.expiryDate },
      after: {
        invoiceId: invoice.id,
        years: input.years,
        periodStart,
        periodEnd: terms.periodEnd,
        amount: terms.amount.toString(),
        fee: terms.fee ? { kind: terms.fee.kind, amount: terms.fee.amount.toString() } : null,
        currency: domain.currencyCode,
      },
    })
    return {
      invoiceId: invoice.id,
      invoiceNumber: invoice.number,
      status: invoice.status,
      total: invoice.total.toString(),
      currencyCode: invoice.currencyCode,
      periodStart,
      periodEnd: terms.periodEnd,
      isExisting: false,
    }
  })
}

/**
 * The domain under its client's renewal lock (the daily run bills a client's renewals under it, so
 * the run and a manual request see each other's invoice instead of racing for the same period) and
 * its own row lock; only one the actor may renew, in a renewable state, with an expiry date.
 */
async function lockRenewableDomain(db: DbClient, domainId: string, actor: Ctx['actor']) {
  const owner = await db.domain.findUnique({ where: { id: domainId }, select: { clientId: true } })
  if (!owner || (actor.type === 'client' && owner.clientId !== actor.clientId)) throw domainNotFound()
  await lockClients(db, [owner.clientId])
  await db.$queryRaw`SELECT "id" FROM "Domain" WHERE "id" = ${domainId}::uuid FOR UPDATE`
  const domain = await db.domain.findUniqueOrThrow({
    where: { id: domainId },
    select: {
      id: true,
      clientId: true,
      name: true,
      tld: true,
      status: true,
      expiryDate: true,
      currencyCode: true,
      client: { select: { currencyCode: true } },
    },
  })
  if (!RENEWABLE_STATUSES.includes(domain.status))
    throw new DomainError(
      'INVALID_TRANSITION',
      `This domain is ${domain.status.toLowerCase().replace('_', ' ')}: it cannot be renewed.`,
    )
  if (!domain.expiryDate)
    throw new DomainError('INVALID_TRANSITION', 'This domain has no expiry date yet: sync it first.')
  return { ...domain, expiryDate: domain.expiryDate }
}

type RenewableDomain = Awaited<ReturnType<typeof lockRenewableDomain>>

/**
 * What renewing for `years` from the current expiry costs: the TLD's RENEW price for that many
 * years in the domain's currency, plus the grace or redemption fee as its own line when late;
 * refused when the TLD does not sell that period, the registry's ten-year cap would be passed, or
 * the registry has released the domain.
 */
async function renewalTerms(db: DbClient, domain: RenewableDomain, years: number, today: Date) {
  const periodStart = domain.expiryDate
  const tld = await db.tld.findUnique({
    where: { name: domain.tld },
    select: { id: true, minYears: true, maxYears: true, graceDays: true, redemptionDays: true },
  })
  if (!tld) throw new DomainError('INVALID_TRANSITION', `.${domain.tld} domains are not sold here any more.`)
  if (years < tld.minYears || years > tld.maxYears)
    throw new DomainError(
      'VALIDATION_FAILED',
      `.${domain.tld} renews for ${tld.minYears} to ${tld.maxYears} years.`,
      {
        field: 'years',
      },
    )
  const periodEnd = addYears(periodStart, years)
  if (periodEnd > addYears(today, REGISTRY_MAX_YEARS_AHEAD))
    throw new DomainError(
      'VALIDATION_FAILED',
      `A domain can be registered at most ${REGISTRY_MAX_YEARS_AHEAD} years ahead: this would end on ${formatDate(periodEnd)}.`,
      { field: 'years' },
    )
  const phase = expiryPhaseOn(periodStart, tld, today)
  if (phase === 'EXPIRED')
    throw new DomainError(
      'INVALID_TRANSITION',
      'This domain is past its redemption period: the registry has released it.',
    )
  if (domain.status === 'EXPIRED' && phase !== 'ACTIVE' && phase !== 'GRACE')
    throw new DomainError('INVALID_TRANSITION', 'This domain has expired: it can no longer be renewed.')
  if (domain.currencyCode !== domain.client.currencyCode)
    throw new DomainError(
      'CURRENCY_MISMATCH',
      `This domain is billed in ${domain.currencyCode}, the account in ${domain.client.currencyCode}.`,
    )
  const price = await db.tldPrice.findUnique({
    where: {
      tldId_currencyCode_action_years: {
        tldId: tld.id,
        currencyCode: domain.currencyCode,
        action: 'RENEW',
        years,
      },
    },
    select: { amount: true },
  })
  if (!price)
    throw new DomainError(
      'VALIDATION_FAILED',
      `.${domain.tld} has no ${years}-year renewal price in ${domain.currencyCode}.`,
      { field: 'years' },
    )
  const feeKind = renewalFeeKind(domain.status, phase)
  const feeRow = feeKind
    ? await db.tldFee.findUnique({
        where: {
          tldId_currencyCode_kind: { tldId: tld.id, currencyCode: domain.currencyCode, kind: feeKind },
        },
        select: { amount: true },
      })
    : null
  const fee = feeKind && feeRow ? { kind: feeKind, amount: feeRow.amount } : null
  const items: ServiceInvoiceItem[] = [
    {
      type: 'DOMAIN',
      description: renewalDescription(domain.name, years, periodStart, periodEnd),
      unitAmount: price.amount,
      isTaxable: true,
      domainId: domain.id,
      periodStart,
      periodEnd,
    },
  ]
  // The late fee is its own MANUAL line without a domain or period: the registrar renews once,
  // for the DOMAIN line's period, and the fee never looks like a second renewal to fulfilment.
  if (fee && fee.amount > 0n)
    items.push({
      type: 'MANUAL',
      description: `${fee.kind === 'GRACE' ? 'Late renewal fee' : 'Redemption (restore) fee'} - ${domain.name}`,
      unitAmount: fee.amount,
      isTaxable: true,
    })
  return { items, periodEnd, amount: price.amount, fee }
}

/**
 * A cancelled invoice still holds its (domainId, DOMAIN, periodStart) key. Asking again for that
 * period is the client or staff changing their mind, so the cancelled line gives the period up
 * (its period start is cleared; amounts and text stay as they were) and the new invoice takes it.
 */
async function releaseCancelledClaim(tx: Ctx & { db: DbClient }, itemId: string): Promise<void> {
  await tx.db.invoiceItem.update({ where: { id: itemId }, data: { periodStart: null } })
}
