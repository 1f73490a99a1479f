import type { BillingCycle } from '@berth/prisma'
import { recordAuditEvent } from '../../audit/record-audit-event'
import { createServiceInvoice, formatDate, type ServiceInvoiceItem } from '../../billing'
import { addDays, billingPeriod, daysInMonth, formatDateOnly } from '../../catalog/pricing/billing-cycles'
import { loadOrderableProduct, resolveConfiguration } from '../../catalog/orderable-product'
import { priceConfiguration } from '../../catalog/pricing/price-configuration'
import { getSettings } from '../../settings/settings'
import { supersedePendingChangesForRenewal } from '../../services/package-changes'
import { defineStep, type DueItem, type TxCtx } from '../pipeline'

const BILLABLE = ['ACTIVE', 'SUSPENDED'] as const

/**
 * The day of the month a service's periods keep (docs/decisions/0017): the day it was registered,
 * unless staff moved the due date to another day, which then becomes the anchor.
 */
export function anchorDayOf(registrationDate: Date, nextDueDate: Date): number {
  const anchor = registrationDate.getUTCDate()
  const clamped = Math.min(anchor, daysInMonth(nextDueDate.getUTCFullYear(), nextDueDate.getUTCMonth()))
  return nextDueDate.getUTCDate() === clamped ? anchor : nextDueDate.getUTCDate()
}

function periodOf(start: Date, cycle: BillingCycle, registrationDate: Date) {
  const p = billingPeriod(start, cycle, anchorDayOf(registrationDate, start))
  if (!p) throw new Error(`a ${cycle} item has no billing period`)
  return p
}

/**
 * Renewal invoices: for every active or suspended recurring service (and its recurring addons)
 * whose next due date is within `billing.renewalInvoiceDaysBefore` days (the product's own
 * `renewalInvoiceDaysBefore` when set) and whose period starting on that date is not billed yet,
 * one invoice per client and due date, published through billing (tax of the day, number, credit
 * when `billing.autoApplyCredit` says so, the invoice email). A service with an open end-of-period
 * cancellation is not renewed. (serviceId, type, periodStart) is unique on InvoiceItem: a period is
 * never billed twice, whatever races. The due date moves when the invoice is paid (invoice.paid).
 */
export const renewalInvoicesStep = defineStep<DueItem>({
  name: 'renewal-invoices',
  async select(db, asOf, afterKey, limit) {
    const days = (await getSettings(db))['billing.renewalInvoiceDaysBefore']
    const rows = await db.$queryRaw<{ clientId: string }[]>`
      SELECT due."clientId"::text AS "clientId" FROM (
        SELECT s."clientId" FROM "Service" s JOIN "Product" p ON p."id" = s."productId"
        WHERE s."status" IN ('ACTIVE', 'SUSPENDED') AND s."billingCycle" <> 'ONE_TIME' AND s."nextDueDate" IS NOT NULL
          AND s."nextDueDate" - COALESCE(p."renewalInvoiceDaysBefore", ${days}::int) <= ${asOf}::date
          AND NOT EXISTS (SELECT 1 FROM "InvoiceItem" i WHERE i."serviceId" = s."id" AND i."type" = 'SERVICE' AND i."periodStart" = s."nextDueDate")
          AND NOT EXISTS (SELECT 1 FROM "CancellationRequest" c WHERE c."serviceId" = s."id" AND c."status" = 'OPEN' AND c."type" = 'END_OF_PERIOD')
        UNION ALL
        SELECT s."clientId" FROM "ServiceAddon" a JOIN "Service" s ON s."id" = a."serviceId" JOIN "Product" p ON p."id" = s."productId"
        WHERE a."status" IN ('ACTIVE', 'SUSPENDED') AND s."status" IN ('ACTIVE', 'SUSPENDED') AND a."billingCycle" <> 'ONE_TIME' AND a."nextDueDate" IS NOT NULL
          AND a."nextDueDate" - COALESCE(p."renewalInvoiceDaysBefore", ${days}::int) <= ${asOf}::date
          AND NOT EXISTS (SELECT 1 FROM "InvoiceItem" i WHERE i."serviceAddonId" = a."id" AND i."type" = 'ADDON' AND i."periodStart" = a."nextDueDate")
          AND NOT EXISTS (SELECT 1 FROM "CancellationRequest" c WHERE c."serviceId" = s."id" AND c."status" = 'OPEN' AND c."type" = 'END_OF_PERIOD')
      ) due
      WHERE ${afterKey}::uuid IS NULL OR due."clientId" > ${afterKey}::uuid
      GROUP BY due."clientId"
      ORDER BY due."clientId" LIMIT ${limit}::int`
    return rows.map((r) => ({ key: r.clientId, clientId: r.clientId }))
  },
  async processItem(tx, item, asOf) {
    return billClientRenewals(tx, item.clientId, asOf)
  },
})

interface PendingLine {
  dueDate: Date
  item: ServiceInvoiceItem
  after?: () => Promise<void>
}

/** Under the client's lock: re-reads what is due now and bills it, one invoice per due date. */
export async function billClientRenewals(tx: TxCtx, clientId: string, asOf: Date) {
  const settings = await getSettings(tx.db)
  const defaultDays = settings['billing.renewalInvoiceDaysBefore']
  // Row locks too: staff changing a service outside the run wait for this bill, or it sees their change.
  await tx.db
    .$queryRaw`SELECT "id" FROM "Service" WHERE "clientId" = ${clientId}::uuid AND "status" IN ('ACTIVE', 'SUSPENDED') ORDER BY "id" FOR UPDATE`
  const client = await tx.db.client.findUniqueOrThrow({
    where: { id: clientId },
    select: { currencyCode: true },
  })
  const services = await tx.db.service.findMany({
    where: {
      clientId,
      status: { in: [...BILLABLE] },
      cancellations: { none: { status: 'OPEN', type: 'END_OF_PERIOD' } },
    },
    orderBy: { id: 'asc' },
    select: {
      id: true,
      status: true,
      billingCycle: true,
      currencyCode: true,
      recurringAmount: true,
      registrationDate: true,
      nextDueDate: true,
      domain: true,
      productId: true,
      promotionId: true,
      promotionCyclesRemaining: true,
      product: { select: { name: true, isTaxable: true, renewalInvoiceDaysBefore: true } },
      addons: {
        where: {
          status: { in: [...BILLABLE] },
          billingCycle: { not: 'ONE_TIME' },
          nextDueDate: { not: null },
        },
        orderBy: { id: 'asc' },
        select: {
          id: true,
          billingCycle: true,
          currencyCode: true,
          recurringAmount: true,
          registrationDate: true,
          nextDueDate: true,
          addon: { select: { name: true, isTaxable: true } },
        },
      },
    },
  })
  const isDue = (dueDate: Date, days: number | null) => addDays(dueDate, -(days ?? defaultDays)) <= asOf
  const billed = await tx.db.invoiceItem.findMany({
    where: {
      OR: [
        { serviceId: { in: services.map((s) => s.id) }, type: 'SERVICE' },
        { serviceAddonId: { in: services.flatMap((s) => s.addons.map((a) => a.id)) }, type: 'ADDON' },
      ],
    },
    select: { serviceId: true, serviceAddonId: true, periodStart: true },
  })
  const billedKeys = new Set(
    billed.map(
      (b) => `${b.serviceAddonId ?? b.serviceId}:${b.periodStart ? formatDateOnly(b.periodStart) : ''}`,
    ),
  )

  const lines: PendingLine[] = []
  for (const s of services) {
    const label = `${s.product.name}${s.domain ? ` - ${s.domain}` : ''}`
    if (
      s.billingCycle !== 'ONE_TIME' &&
      s.nextDueDate &&
      isDue(s.nextDueDate, s.product.renewalInvoiceDaysBefore) &&
      !billedKeys.has(`${s.id}:${formatDateOnly(s.nextDueDate)}`)
    ) {
      if (s.currencyCode !== client.currencyCode)
        throw new Error(
          `service ${s.id} is billed in ${s.currencyCode}, the client in ${client.currencyCode}`,
        )
      const period = periodOf(s.nextDueDate, s.billingCycle, s.registrationDate)
      const price = await renewalPrice(tx, s)
      lines.push({
        dueDate: s.nextDueDate,
        item: {
          type: 'SERVICE',
          description: `${label} (${formatDate(period.start)} - ${formatDate(period.end)})`,
          unitAmount: price.amount,
          isTaxable: s.product.isTaxable,
          serviceId: s.id,
          periodStart: period.start,
          periodEnd: period.end,
        },
        after: async () => {
          await tx.db.service.update({
            where: { id: s.id },
            data: { nextInvoiceDate: period.nextStart, ...price.serviceUpdate },
          })
          await recordAuditEvent(tx, {
            action: 'service.renewal.invoice',
            targetType: 'Service',
            targetId: s.id,
            clientId,
            before: {
              recurringAmount: s.recurringAmount,
              promotionCyclesRemaining: s.promotionCyclesRemaining,
            },
            after: {
              periodStart: period.start,
              periodEnd: period.end,
              amount: price.amount,
              currency: s.currencyCode,
              ...price.serviceUpdate,
            },
          })
        },
      })
    }
    for (const a of s.addons) {
      if (
        !a.nextDueDate ||
        !isDue(a.nextDueDate, s.product.renewalInvoiceDaysBefore) ||
        billedKeys.has(`${a.id}:${formatDateOnly(a.nextDueDate)}`)
      )
        continue
      if (a.currencyCode !== client.currencyCode)
        throw new Error(`addon ${a.id} is billed in ${a.currencyCode}, the client in ${client.currencyCode}`)
      const period = periodOf(a.nextDueDate, a.billingCycle, a.registrationDate)
      lines.push({
        dueDate: a.nextDueDate,
        item: {
          type: 'ADDON',
          description: `${a.addon.name} for ${label} (${formatDate(period.start)} - ${formatDate(period.end)})`,
          unitAmount: a.recurringAmount,
          isTaxable: a.addon.isTaxable,
          serviceAddonId: a.id,
          periodStart: period.start,
          periodEnd: period.end,
        },
      })
    }
  }
  if (!lines.length) return { changed: false }

  const byDueDate = new Map<string, PendingLine[]>()
  for (const l of lines) {
    const key = formatDateOnly(l.dueDate)
    byDueDate.set(key, [...(byDueDate.get(key) ?? []), l])
  }
  let invoicesCreated = 0
  for (const group of [...byDueDate.keys()].sort()) {
    const groupLines = byDueDate.get(group)!
    await createServiceInvoice(tx, {
      clientId,
      items: groupLines.map((l) => l.item),
      dueDate: groupLines[0]!.dueDate,
      issueDate: asOf,
    })
    for (const l of groupLines) await l.after?.()
    invoicesCreated += 1
  }
  await supersedePendingChangesForRenewal(
    tx,
    lines.flatMap((l) => (l.item.serviceId ? [l.item.serviceId] : [])),
  )
  return { changed: true, counts: { invoicesCreated, itemsBilled: lines.length } }
}

/**
 * What this period costs: the recurring amount (options included, the promotion's discount in it
 * while cycles remain, counted down here). When a limited promotion has run out, the package is
 * priced again from the catalog without it (kept as it was when the catalog no longer offers it).
 */
async function renewalPrice(
  tx: TxCtx,
  s: {
    id: string
    productId: string
    currencyCode: string
    billingCycle: BillingCycle
    recurringAmount: bigint
    domain: string | null
    promotionId: string | null
    promotionCyclesRemaining: number | null
  },
): Promise<{
  amount: bigint
  serviceUpdate: { promotionCyclesRemaining?: number | null; promotionId?: null; recurringAmount?: bigint }
}> {
  if (!s.promotionId || s.promotionCyclesRemaining === null)
    return { amount: s.recurringAmount, serviceUpdate: {} }
  if (s.promotionCyclesRemaining > 0)
    return {
      amount: s.recurringAmount,
      serviceUpdate: { promotionCyclesRemaining: s.promotionCyclesRemaining - 1 },
    }
  const full = await fullRecurringAmount(tx, s)
  return {
    amount: full,
    serviceUpdate: { promotionId: null, promotionCyclesRemaining: null, recurringAmount: full },
  }
}

async function fullRecurringAmount(
  tx: TxCtx,
  s: {
    id: string
    productId: string
    currencyCode: string
    billingCycle: BillingCycle
    recurringAmount: bigint
    domain: string | null
  },
): Promise<bigint> {
  const product = await loadOrderableProduct(tx.db, s.productId, s.currencyCode)
  if (!product?.prices[s.billingCycle]) return s.recurringAmount
  const chosen = await tx.db.serviceConfigOption.findMany({
    where: { serviceId: s.id },
    select: { optionId: true, choiceId: true, quantity: true, option: { select: { type: true } } },
  })
  const options: Record<string, string | number | boolean> = {}
  for (const o of chosen) {
    if (!product.options.some((po) => po.id === o.optionId && !po.isHidden)) continue
    options[o.optionId] =
      o.option.type === 'QUANTITY'
        ? o.quantity
        : o.option.type === 'YES_NO'
          ? o.choiceId !== null
          : (o.choiceId ?? '')
  }
  try {
    const resolved = resolveConfiguration(product, {
      cycle: s.billingCycle,
      options,
      addonIds: [],
      domain: s.domain,
    })
    const breakdown = priceConfiguration({
      currency: s.currencyCode,
      cycle: s.billingCycle,
      product: { id: product.id, name: product.name, isTaxable: product.isTaxable, prices: product.prices },
      options: resolved.pricedOptions,
      today: new Date(0),
    })
    return breakdown.recurring
  } catch {
    return s.recurringAmount
  }
}
