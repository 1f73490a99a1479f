import type { BillingCycle, DbClient, Prisma } from '@berth/prisma'
import { auditEventData, type AuditInput } from '../../audit'
import {
  formatDate,
  formatInvoiceNumber,
  computeInvoiceTotals,
  resolveTaxRates,
  billingFormatter,
  invoiceLink,
  billingRecipientsOf,
  buyerDetailsOf,
  buyerDetailsSelect,
  sellerDetails,
  spendCreditOnInvoice,
  type ServiceInvoiceItem,
} from '../../billing'
import {
  addDays,
  billingPeriod,
  daysInMonth,
  formatDateOnly,
  loadOrderableProduct,
  resolveConfiguration,
  priceConfiguration,
} from '../../catalog'
import { MAX_AMOUNT } from '../../money'
import { queueEmails, type QueueEmailInput } from '../../notifications'
import { enqueue, QUEUES } from '../../platform'
import { DomainError, inTransaction, insertRows, newRowId } from '../../shared'
import { getSettings } from '../../settings'
import { supersedePendingChangesForRenewal } from '../../services'
import { addYears, REGISTRY_MAX_YEARS_AHEAD, renewalDescription } from '../../domains'
import {
  BATCH_TIMEOUT_MS,
  defineStep,
  lockClients,
  type BatchResult,
  type BillingStep,
  type DueItem,
  type ItemOutcome,
  type TxCtx,
} from '../../pipeline'

/**
 * Takes `count` consecutive values of a NumberSequence row in one `UPDATE ... RETURNING` (the row
 * stays locked until the transaction ends; a rollback gives them all back): the first of them.
 */
async function takeSequenceValues(db: DbClient, name: string, count: number): Promise<bigint> {
  const rows = await db.$queryRaw<{ value: bigint }[]>`
    UPDATE "NumberSequence" SET "nextValue" = "nextValue" + ${count}::int, "updatedAt" = now()
    WHERE "name" = ${name} RETURNING "nextValue" - ${count}::int AS "value"`
  if (!rows[0]) throw new Error(`number sequence "${name}" is missing: reference data not applied`)
  return BigInt(rows[0].value)
}

const INVOICE_COLUMNS = {
  id: 'uuid',
  clientId: 'uuid',
  orderId: 'uuid',
  currencyCode: 'char(3)',
  status: '"InvoiceStatus"',
  kind: '"InvoiceKind"',
  taxMode: '"TaxMode"',
  isReverseCharge: 'boolean',
  issueDate: 'date',
  dueDate: 'date',
  number: 'text',
  subtotal: 'bigint',
  taxTotal: 'bigint',
  total: 'bigint',
  amountPaid: 'bigint',
  balance: 'bigint',
  publishedAt: 'timestamptz',
  paidAt: 'timestamptz',
  sellerDetails: 'jsonb',
  buyerDetails: 'jsonb',
  createdAt: 'timestamptz',
  updatedAt: 'timestamptz',
}
const ITEM_COLUMNS = {
  id: 'uuid',
  invoiceId: 'uuid',
  type: '"InvoiceItemType"',
  description: 'text',
  quantity: 'int',
  unitAmount: 'bigint',
  amount: 'bigint',
  isTaxable: 'boolean',
  serviceId: 'uuid',
  serviceAddonId: 'uuid',
  domainId: 'uuid',
  periodStart: 'date',
  periodEnd: 'date',
  sortOrder: 'int',
}
const TAX_LINE_COLUMNS = {
  id: 'uuid',
  invoiceId: 'uuid',
  name: 'text',
  rate: 'int',
  level: 'int',
  base: 'bigint',
  amount: 'bigint',
}
const AUDIT_COLUMNS = {
  actorType: '"ActorType"',
  actorId: 'text',
  actorLabel: 'text',
  action: 'text',
  targetType: 'text',
  targetId: 'text',
  clientId: 'uuid',
  before: 'jsonb',
  after: 'jsonb',
  ip: 'text',
  userAgent: 'text',
}

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

const selectDueClients: BillingStep['select'] = async (db, asOf, afterKey, limit) => {
  const settings = await getSettings(db)
  const days = settings['billing.renewalInvoiceDaysBefore']
  const domainDays = settings['domains.renewalInvoiceDays']
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
        UNION ALL
        SELECT d."clientId" FROM "Domain" d LEFT JOIN "Tld" t ON t."name" = d."tld"
        WHERE d."status" = 'ACTIVE' AND d."isAutoRenew" AND d."expiryDate" IS NOT NULL
          AND d."expiryDate" <= ${asOf}::date + COALESCE(t."renewalInvoiceDays", ${domainDays}::int)
          AND d."expiryDate" + make_interval(years => d."years") <= ${asOf}::date + make_interval(years => ${REGISTRY_MAX_YEARS_AHEAD}::int)
          AND NOT EXISTS (SELECT 1 FROM "InvoiceItem" i WHERE i."domainId" = d."id" AND i."type" = 'DOMAIN' AND i."periodStart" = d."expiryDate")
      ) due
      WHERE ${afterKey}::uuid IS NULL OR due."clientId" > ${afterKey}::uuid
      GROUP BY due."clientId"
      ORDER BY due."clientId" LIMIT ${limit}::int`
  return rows.map((r) => ({ key: r.clientId, clientId: r.clientId }))
}

/** One client per transaction: the fallback when a batch fails, so one bad client is recorded alone. */
const perClient = defineStep<DueItem>({
  name: 'renewal-invoices',
  select: selectDueClients,
  processItem: (tx, item, asOf) => billClientRenewals(tx, item.clientId, asOf),
})

/**
 * Renewal invoices: for every active or suspended recurring service (and its recurring addons)
 * whose next due date is within `billing.renewalInvoiceDaysBefore` days (the product's own
 * `renewalInvoiceDaysBefore` when set) and whose period starting on that date is not billed yet,
 * one invoice per client and due date, published through billing (tax of the day, number, credit
 * when `billing.autoApplyCredit` says so, the invoice email). A service with an open end-of-period
 * cancellation is not renewed. (serviceId, type, periodStart) is unique on InvoiceItem: a period is
 * never billed twice, whatever races. The due date moves when the invoice is paid (invoice.paid).
 * A batch of clients is billed in one transaction (billRenewals); when it fails, each client runs
 * again in its own, so one bad client is recorded with its reason and the others are billed.
 */
export const renewalInvoicesStep: BillingStep<DueItem> = {
  name: 'renewal-invoices',
  batchSize: 500,
  select: selectDueClients,
  async process(ctx, batch, asOf) {
    if (!batch.length) return { outcomes: [], failures: [] }
    try {
      const done = await inTransaction(
        ctx,
        (tx) =>
          billRenewals(
            tx,
            batch.map((i) => i.clientId),
            asOf,
          ),
        { timeout: BATCH_TIMEOUT_MS },
      )
      return { outcomes: batch.map((i) => done.get(i.clientId) ?? { changed: false }), failures: [] }
    } catch {
      if (batch.length === 1) return perClient.process(ctx, batch, asOf)
      const result: BatchResult = { outcomes: [], failures: [] }
      for (const item of batch) {
        const one = await perClient.process(ctx, [item], asOf)
        result.outcomes.push(...one.outcomes)
        result.failures.push(...one.failures)
      }
      return result
    }
  },
}

interface PendingLine {
  dueDate: Date
  item: ServiceInvoiceItem
  /** the service row's changes and audit event once billed (services only, not addons) */
  service?: {
    id: string
    nextInvoiceDate: Date
    update: { promotionCyclesRemaining?: number | null; promotionId?: null; recurringAmount?: bigint }
    audit: AuditInput
  }
  /** the domain renewal's audit event once billed (domains only) */
  audit?: AuditInput
}

/** Under the client's lock: re-reads what is due now and bills it, one invoice per due date. */
export async function billClientRenewals(tx: TxCtx, clientId: string, asOf: Date): Promise<ItemOutcome> {
  return (await billRenewals(tx, [clientId], asOf)).get(clientId) ?? { changed: false }
}

/**
 * The renewal invoices of a batch of clients in one transaction, in a few statements for the
 * whole batch (docs/decisions/0037): per-client advisory locks and the services' row locks taken
 * first, then everything due re-read and priced in memory (services, addons and products in one
 * query, the periods already billed in another, tax rules once per tax situation), the invoice
 * numbers taken in one counter update, invoices, items, tax lines, audit events and emails written
 * with one insert each. The result is the same as publishing each invoice through billing
 * (createServiceInvoice): tax of the day, numbering without gaps, credit applied when
 * `billing.autoApplyCredit` says so (through billing, per invoice, only for clients holding
 * credit), the invoice email. The unique keys (serviceId|serviceAddonId, type, periodStart) still
 * make a second bill of a period fail, which rolls the whole batch back.
 */
export async function billRenewals(
  tx: TxCtx,
  clientIds: readonly string[],
  asOf: Date,
): Promise<Map<string, ItemOutcome>> {
  const ids = [...new Set(clientIds)].sort()
  const outcomes = new Map<string, ItemOutcome>()
  if (!ids.length) return outcomes
  await lockClients(tx.db, ids)
  const settings = await getSettings(tx.db)
  const defaultDays = settings['billing.renewalInvoiceDaysBefore']
  // Row locks too: staff changing a service outside the run wait for this bill, or it sees their change.
  await tx.db.$queryRaw`SELECT "id" FROM "Service"
    WHERE "clientId" = ANY(${ids}::uuid[]) AND "status" IN ('ACTIVE', 'SUSPENDED') ORDER BY "id" FOR UPDATE`
  const services = await tx.db.service.findMany({
    where: {
      clientId: { in: ids },
      status: { in: [...BILLABLE] },
      cancellations: { none: { status: 'OPEN', type: 'END_OF_PERIOD' } },
    },
    orderBy: [{ clientId: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      clientId: true,
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
  const candidates = services.filter(
    (s) =>
      (s.billingCycle !== 'ONE_TIME' &&
        s.nextDueDate &&
        isDue(s.nextDueDate, s.product.renewalInvoiceDaysBefore)) ||
      s.addons.some((a) => a.nextDueDate && isDue(a.nextDueDate, s.product.renewalInvoiceDaysBefore)),
  )
  const domains = await lockDueDomains(tx, ids, asOf, settings['domains.renewalInvoiceDays'])
  if (!candidates.length && !domains.length) return outcomes
  const billed = !candidates.length
    ? []
    : await tx.db.invoiceItem.findMany({
        where: {
          OR: [
            { serviceId: { in: candidates.map((s) => s.id) }, type: 'SERVICE' },
            { serviceAddonId: { in: candidates.flatMap((s) => s.addons.map((a) => a.id)) }, type: 'ADDON' },
          ],
        },
        select: { serviceId: true, serviceAddonId: true, periodStart: true },
      })
  const billedKeys = new Set(
    billed.map(
      (b) => `${b.serviceAddonId ?? b.serviceId}:${b.periodStart ? formatDateOnly(b.periodStart) : ''}`,
    ),
  )
  const clients = new Map(
    (
      await tx.db.client.findMany({
        where: { id: { in: [...new Set([...candidates, ...domains].map((s) => s.clientId))] } },
        select: { id: true, currencyCode: true, isTaxExempt: true, ...buyerDetailsSelect },
      })
    ).map((c) => [c.id, c]),
  )

  const linesByClient = new Map<string, PendingLine[]>()
  for (const s of candidates) {
    const client = clients.get(s.clientId)!
    const lines = linesByClient.get(s.clientId) ?? []
    linesByClient.set(s.clientId, lines)
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
        service: {
          id: s.id,
          nextInvoiceDate: period.nextStart,
          update: price.serviceUpdate,
          audit: {
            action: 'service.renewal.invoice',
            targetType: 'Service',
            targetId: s.id,
            clientId: s.clientId,
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
          },
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

  // Domains renew from their expiry date, on the same invoice as the client's services due that day.
  for (const dm of domains) {
    const client = clients.get(dm.clientId)!
    if (dm.currencyCode !== client.currencyCode)
      throw new Error(`domain ${dm.id} is billed in ${dm.currencyCode}, the client in ${client.currencyCode}`)
    const lines = linesByClient.get(dm.clientId) ?? []
    linesByClient.set(dm.clientId, lines)
    const periodEnd = addYears(dm.expiryDate, dm.years)
    lines.push({
      dueDate: dm.expiryDate,
      item: {
        type: 'DOMAIN',
        description: renewalDescription(dm.name, dm.years, dm.expiryDate, periodEnd),
        unitAmount: dm.recurringAmount,
        isTaxable: true,
        domainId: dm.id,
        periodStart: dm.expiryDate,
        periodEnd,
      },
      audit: {
        action: 'domain.renewal.invoice',
        targetType: 'Domain',
        targetId: dm.id,
        clientId: dm.clientId,
        after: {
          periodStart: dm.expiryDate,
          periodEnd,
          years: dm.years,
          amount: dm.recurringAmount,
          currency: dm.currencyCode,
        },
      },
    })
  }

  // One invoice per client and due date, in client then date order (the order numbers are taken in).
  const invoices: { clientId: string; dueDate: Date; lines: PendingLine[] }[] = []
  for (const clientId of ids) {
    const lines = linesByClient.get(clientId)
    if (!lines?.length) continue
    const byDueDate = new Map<string, PendingLine[]>()
    for (const l of lines) {
      const key = formatDateOnly(l.dueDate)
      byDueDate.set(key, [...(byDueDate.get(key) ?? []), l])
    }
    for (const key of [...byDueDate.keys()].sort()) {
      const group = byDueDate.get(key)!
      invoices.push({ clientId, dueDate: group[0]!.dueDate, lines: group })
    }
    outcomes.set(clientId, {
      changed: true,
      counts: { invoicesCreated: byDueDate.size, itemsBilled: lines.length },
    })
  }
  if (!invoices.length) return outcomes

  // Tax of the day, once per tax situation (country, state, exemption, VAT number or not).
  const taxMode = settings['billing.taxMode']
  const seller = { country: settings['company.country'] }
  const taxCache = new Map<string, Awaited<ReturnType<typeof resolveTaxRates>>>()
  const taxOf = async (c: {
    country: string
    state: string | null
    taxId: string | null
    isTaxExempt: boolean
  }) => {
    const key = `${c.isTaxExempt}|${c.country.toUpperCase()}|${(c.state ?? '').trim().toUpperCase()}|${!!c.taxId?.trim()}`
    let tax = taxCache.get(key)
    if (!tax) {
      tax = await resolveTaxRates(tx.db, c, seller)
      taxCache.set(key, tax)
    }
    return tax
  }

  const first = await takeSequenceValues(tx.db, 'invoice', invoices.length)
  const now = new Date()
  const sellerJson = sellerDetails(settings) as object
  const invoiceRows: Prisma.InvoiceCreateManyInput[] = []
  const itemRows: Prisma.InvoiceItemCreateManyInput[] = []
  const taxLineRows: Prisma.InvoiceTaxLineCreateManyInput[] = []
  const audits: AuditInput[] = []
  const published: { id: string; clientId: string; currencyCode: string; total: bigint; isFree: boolean }[] =
    []
  for (const [n, inv] of invoices.entries()) {
    const client = clients.get(inv.clientId)!
    const id = newRowId()
    const items = inv.lines.map((l, i) => {
      const quantity = l.item.quantity ?? 1
      return {
        id: newRowId(),
        invoiceId: id,
        type: l.item.type,
        description: l.item.description.slice(0, 500),
        quantity,
        unitAmount: l.item.unitAmount,
        amount: l.item.unitAmount * BigInt(quantity),
        isTaxable: l.item.isTaxable,
        serviceId: l.item.serviceId ?? null,
        serviceAddonId: l.item.serviceAddonId ?? null,
        domainId: l.item.domainId ?? null,
        periodStart: l.item.periodStart ?? null,
        periodEnd: l.item.periodEnd ?? null,
        sortOrder: i,
      }
    })
    const tax = await taxOf(client)
    const totals = computeInvoiceTotals(items, tax.rates, taxMode)
    if (totals.subtotal < 0n)
      throw new DomainError(
        'VALIDATION_FAILED',
        'The discounts are larger than the items: the invoice total cannot be negative.',
        { field: 'items' },
      )
    if (totals.total > MAX_AMOUNT)
      throw new DomainError('VALIDATION_FAILED', 'The invoice total is too large.', { field: 'items' })
    const issueDate = asOf
    const dueDate = inv.dueDate < issueDate ? issueDate : inv.dueDate
    const number = formatInvoiceNumber(settings['billing.invoiceNumberFormat'], first + BigInt(n), issueDate)
    const isFree = totals.total === 0n
    const status = isFree ? 'PAID' : 'UNPAID'
    invoiceRows.push({
      id,
      clientId: inv.clientId,
      orderId: null,
      currencyCode: client.currencyCode,
      status,
      kind: 'STANDARD',
      taxMode,
      isReverseCharge: tax.isReverseCharge,
      issueDate,
      dueDate,
      number,
      subtotal: totals.subtotal,
      taxTotal: totals.taxTotal,
      total: totals.total,
      amountPaid: 0n,
      balance: totals.total,
      publishedAt: now,
      createdAt: now,
      updatedAt: now,
      sellerDetails: sellerJson,
      buyerDetails: buyerDetailsOf(client) as object,
      ...(isFree ? { paidAt: now } : {}),
    })
    itemRows.push(...items)
    taxLineRows.push(
      ...totals.taxLines.map((l) => ({
        id: newRowId(),
        invoiceId: id,
        name: l.name,
        rate: l.rate,
        level: l.level,
        base: l.base,
        amount: l.amount,
      })),
    )
    audits.push(
      {
        action: 'invoice.create',
        targetType: 'Invoice',
        targetId: id,
        clientId: inv.clientId,
        after: {
          status: 'DRAFT',
          orderId: null,
          currency: client.currencyCode,
          items: items.length,
          subtotal: totals.subtotal,
          taxTotal: totals.taxTotal,
          total: totals.total,
        },
      },
      {
        action: 'invoice.publish',
        targetType: 'Invoice',
        targetId: id,
        clientId: inv.clientId,
        before: { status: 'DRAFT' },
        after: {
          status,
          number,
          issueDate,
          dueDate,
          subtotal: totals.subtotal,
          taxTotal: totals.taxTotal,
          total: totals.total,
          currency: client.currencyCode,
          isReverseCharge: tax.isReverseCharge,
        },
      },
    )
    for (const l of inv.lines) {
      if (l.service) audits.push(l.service.audit)
      if (l.audit) audits.push(l.audit)
    }
    published.push({
      id,
      clientId: inv.clientId,
      currencyCode: client.currencyCode,
      total: totals.total,
      isFree,
    })
  }
  await insertRows(tx.db, 'Invoice', INVOICE_COLUMNS, invoiceRows)
  await insertRows(tx.db, 'InvoiceItem', ITEM_COLUMNS, itemRows)
  await insertRows(tx.db, 'InvoiceTaxLine', TAX_LINE_COLUMNS, taxLineRows)
  await insertRows(
    tx.db,
    'AuditEvent',
    AUDIT_COLUMNS,
    audits.map((a) => auditEventData(tx, a)),
  )

  // The services: the next invoice date for all in one update, promotions counted down one by one.
  const billedServices = invoices.flatMap((i) => i.lines.flatMap((l) => (l.service ? [l.service] : [])))
  if (billedServices.length)
    await tx.db.$executeRaw`UPDATE "Service" s SET "nextInvoiceDate" = u."date", "updatedAt" = now()
      FROM unnest(${billedServices.map((b) => b.id)}::uuid[], ${billedServices.map((b) => formatDateOnly(b.nextInvoiceDate))}::date[]) AS u("id", "date")
      WHERE s."id" = u."id"`
  for (const b of billedServices)
    if (Object.keys(b.update).length) await tx.db.service.update({ where: { id: b.id }, data: b.update })

  for (const inv of published)
    if (inv.isFree)
      await enqueue(tx.db, QUEUES.invoicePaid, {
        invoiceId: inv.id,
        clientId: inv.clientId,
        kind: 'STANDARD',
      })

  // Credit, through billing, only for the clients holding some in the invoice's currency.
  const credited = new Set<string>()
  if (settings['billing.autoApplyCredit']) {
    const balances = await tx.db.creditBalance.findMany({
      where: { clientId: { in: [...new Set(published.map((p) => p.clientId))] }, balance: { gt: 0n } },
      select: { clientId: true, currencyCode: true, balance: true },
    })
    const available = new Map(balances.map((b) => [`${b.clientId}:${b.currencyCode}`, b.balance]))
    for (const inv of published) {
      const key = `${inv.clientId}:${inv.currencyCode}`
      const left = available.get(key) ?? 0n
      if (inv.isFree || left <= 0n) continue
      const amount = left < inv.total ? left : inv.total
      await spendCreditOnInvoice(tx, { invoiceId: inv.id, amount, sendReceipt: false })
      available.set(key, left - amount)
      credited.add(inv.id)
    }
  }

  // The invoice emails, as billing words them, with what credit left to pay.
  const facts = new Map<string, { total: bigint; balance: bigint; status: string }>(
    invoiceRows.map((r) => [
      r.id!,
      { total: BigInt(r.total!), balance: BigInt(r.balance!), status: r.status! },
    ]),
  )
  if (credited.size)
    for (const r of await tx.db.invoice.findMany({
      where: { id: { in: [...credited] } },
      select: { id: true, total: true, balance: true, status: true },
    }))
      facts.set(r.id, r)
  const fmt = await billingFormatter(tx.db)
  const recipients = await billingRecipientsOf(tx.db, [...new Set(published.map((p) => p.clientId))])
  const emails: QueueEmailInput<'invoice-created'>[] = []
  for (const row of invoiceRows) {
    const f = facts.get(row.id!)!
    for (const r of recipients.get(row.clientId) ?? [])
      emails.push({
        template: 'invoice-created',
        to: r.email,
        clientId: row.clientId,
        userId: r.userId,
        props: {
          firstName: r.firstName,
          invoiceNumber: row.number ?? '',
          issueDate: fmt.date(row.issueDate as Date),
          dueDate: fmt.date(row.dueDate as Date),
          total: fmt.money(f.total, row.currencyCode),
          balance: fmt.money(f.balance, row.currencyCode),
          isPaid: f.status === 'PAID',
          invoiceUrl: invoiceLink(row.id!),
        },
      })
  }
  await queueEmails(tx.db, emails)
  await supersedePendingChangesForRenewal(
    tx,
    invoices.flatMap((i) => i.lines.flatMap((l) => (l.item.serviceId ? [l.item.serviceId] : []))),
  )
  return outcomes
}

interface DueDomain {
  id: string
  clientId: string
  name: string
  expiryDate: Date
  years: number
  recurringAmount: bigint
  currencyCode: string
}

/**
 * The batch's auto-renewing active domains whose renewal invoice is due (`days` before expiry, or
 * their TLD's own `renewalInvoiceDays`) and
 * whose period from the current expiry is not billed yet, row-locked in one statement: an auto-renew
 * toggle or a registrar sync waits for this bill, or this bill sees its change. A domain renews for
 * its own period (`years`) at its recurring amount, as a service renews at its own. The date test
 * is written `expiryDate <= asOf + days`, not `expiryDate - days <= asOf`. A period the
 * registry would refuse (ending more than 10 years ahead: a 10-year domain renewed early) is not
 * billed; the client renews it manually for fewer years (requestDomainRenewal says how many fit).
 */
async function lockDueDomains(
  tx: TxCtx,
  clientIds: readonly string[],
  asOf: Date,
  days: number,
): Promise<DueDomain[]> {
  return tx.db.$queryRaw<DueDomain[]>`
    SELECT d."id"::text AS "id", d."clientId"::text AS "clientId", d."name", d."expiryDate", d."years",
      d."recurringAmount", d."currencyCode"::text AS "currencyCode"
    FROM "Domain" d LEFT JOIN "Tld" t ON t."name" = d."tld"
    WHERE d."clientId" = ANY(${clientIds}::uuid[]) AND d."status" = 'ACTIVE' AND d."isAutoRenew"
      AND d."expiryDate" IS NOT NULL
      AND d."expiryDate" <= ${asOf}::date + COALESCE(t."renewalInvoiceDays", ${days}::int)
      AND d."expiryDate" + make_interval(years => d."years") <= ${asOf}::date + make_interval(years => ${REGISTRY_MAX_YEARS_AHEAD}::int)
      AND NOT EXISTS (SELECT 1 FROM "InvoiceItem" i WHERE i."domainId" = d."id" AND i."type" = 'DOMAIN' AND i."periodStart" = d."expiryDate")
    ORDER BY d."clientId", d."id" FOR UPDATE OF d`
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
