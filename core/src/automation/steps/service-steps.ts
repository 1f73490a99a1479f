import { Prisma, type DbClient } from '@berth/prisma'
import { addDays } from '../../catalog'
import { findOpenModuleCall } from '../../provisioning'
import { lockService, requestTransition, suspendService, terminateService } from '../../services'
import { cancelOrder } from '../../orders'
import { getSettings } from '../../settings'
import { defineStep, type DueItem, type ItemOutcome } from '../../pipeline'

/**
 * The daily run's service and order steps. Each goes through the existing use case (the module
 * call, the status change, the audit event and the client's email are theirs), re-reads its
 * service or order under its row lock first, and leaves alone a service whose module call is still
 * open (the next run looks again): repeating a step finds nothing left to do.
 */

const keyed = (rows: { id: string; clientId: string }[]): DueItem[] =>
  rows.map((r) => ({ key: r.id, clientId: r.clientId }))

/** The oldest unpaid invoice billing this service (or one of its addons) due on or before `dueBy`. */
async function overdueInvoiceFor(db: DbClient, serviceId: string, dueBy: Date) {
  const where: Prisma.InvoiceWhereInput = {
    status: 'UNPAID',
    balance: { gt: 0n },
    dueDate: { lte: dueBy },
    items: { some: { OR: [{ serviceId }, { serviceAddon: { serviceId } }] } },
  }
  return db.invoice.findFirst({
    where,
    orderBy: { dueDate: 'asc' },
    select: { id: true, number: true, dueDate: true },
  })
}

const stillOpen = async (db: DbClient, serviceId: string): Promise<ItemOutcome | null> =>
  (await findOpenModuleCall(db, serviceId)) ? { changed: false, counts: { waitingForModule: 1 } } : null

/** End-of-period cancellation requests whose date has come (what processDueCancellations did on its own cron). */
export const dueCancellationsStep = defineStep<DueItem>({
  name: 'due-cancellations',
  async select(db, asOf, afterKey, limit) {
    return keyed(
      await db.$queryRaw<{ id: string; clientId: string }[]>`
      SELECT s."id"::text AS "id", s."clientId"::text AS "clientId" FROM "Service" s
      WHERE s."status" IN ('ACTIVE', 'SUSPENDED') AND s."nextDueDate" <= ${asOf}::date
        AND EXISTS (SELECT 1 FROM "CancellationRequest" c WHERE c."serviceId" = s."id" AND c."status" = 'OPEN' AND c."type" = 'END_OF_PERIOD')
        AND (${afterKey}::uuid IS NULL OR s."id" > ${afterKey}::uuid)
      ORDER BY s."id" LIMIT ${limit}::int`,
    )
  },
  async processItem(tx, item, asOf) {
    if (!(await lockService(tx.db, item.key))) return { changed: false }
    const request = await tx.db.cancellationRequest.findFirst({
      where: {
        serviceId: item.key,
        status: 'OPEN',
        type: 'END_OF_PERIOD',
        service: { status: { in: ['ACTIVE', 'SUSPENDED'] }, nextDueDate: { lte: asOf } },
      },
      orderBy: { createdAt: 'asc' },
      select: { reason: true },
    })
    if (!request) return { changed: false }
    const waiting = await stillOpen(tx.db, item.key)
    if (waiting) return waiting
    const result = await requestTransition(tx, item.key, 'cancel', { reason: request.reason })
    return {
      changed: true,
      counts: result.state === 'done' ? { cancelled: 1 } : { cancellationsRequested: 1 },
    }
  },
})

/**
 * The services (directly or through an addon) with an unpaid invoice due on or before `asOf`, and
 * that due date. Driven from the unpaid invoices, so the planner hashes this small set once
 * instead of testing `it.serviceId = s.id OR addon.serviceId = s.id` for every service against every
 * item (that OR can use no index: at 100,000 services the selection never finished).
 */
function unpaidDueBy(asOf: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT COALESCE(it."serviceId", sa."serviceId") AS "serviceId", i."dueDate"
    FROM "Invoice" i JOIN "InvoiceItem" it ON it."invoiceId" = i."id"
    LEFT JOIN "ServiceAddon" sa ON sa."id" = it."serviceAddonId"
    WHERE i."status" = 'UNPAID' AND i."balance" > 0 AND i."dueDate" <= ${asOf}::date
      AND (it."serviceId" IS NOT NULL OR it."serviceAddonId" IS NOT NULL)`
}

/**
 * Overdue suspension: an active service with an unpaid invoice due `automation.overdueSuspendDays`
 * days ago (the product's `overdueSuspendDays` when set; 0: never), unless the service says "do not
 * suspend" (overrideAutoSuspend) or "not until" (suspendUntil, a date). Suspended for non-payment,
 * so paying the invoice unsuspends it (invoice.paid).
 */
export const overdueSuspensionsStep = defineStep<DueItem>({
  name: 'overdue-suspensions',
  async select(db, asOf, afterKey, limit) {
    const days = (await getSettings(db))['automation.overdueSuspendDays']
    return keyed(
      await db.$queryRaw<{ id: string; clientId: string }[]>`
      SELECT s."id"::text AS "id", s."clientId"::text AS "clientId" FROM "Service" s JOIN "Product" p ON p."id" = s."productId"
      WHERE s."status" = 'ACTIVE' AND NOT s."overrideAutoSuspend" AND (s."suspendUntil" IS NULL OR s."suspendUntil" <= ${asOf}::date)
        AND COALESCE(p."overdueSuspendDays", ${days}::int) > 0
        AND EXISTS (
          SELECT 1 FROM (${unpaidDueBy(asOf)}) o
          WHERE o."serviceId" = s."id" AND o."dueDate" + COALESCE(p."overdueSuspendDays", ${days}::int) <= ${asOf}::date)
        AND (${afterKey}::uuid IS NULL OR s."id" > ${afterKey}::uuid)
      ORDER BY s."id" LIMIT ${limit}::int`,
    )
  },
  async processItem(tx, item, asOf) {
    if (!(await lockService(tx.db, item.key))) return { changed: false }
    const s = await tx.db.service.findUniqueOrThrow({
      where: { id: item.key },
      select: {
        status: true,
        overrideAutoSuspend: true,
        suspendUntil: true,
        product: { select: { overdueSuspendDays: true } },
      },
    })
    const days = s.product.overdueSuspendDays ?? (await getSettings(tx.db))['automation.overdueSuspendDays']
    if (
      s.status !== 'ACTIVE' ||
      s.overrideAutoSuspend ||
      (s.suspendUntil && s.suspendUntil > asOf) ||
      days <= 0
    )
      return { changed: false }
    const invoice = await overdueInvoiceFor(tx.db, item.key, addDays(asOf, -days))
    if (!invoice) return { changed: false }
    const waiting = await stillOpen(tx.db, item.key)
    if (waiting) return waiting
    const result = await suspendService(tx, {
      serviceId: item.key,
      reason: `Overdue invoice ${invoice.number ?? ''}`.trim(),
      forNonPayment: true,
    })
    return { changed: true, counts: result.state === 'done' ? { suspended: 1 } : { suspensionsRequested: 1 } }
  },
})

/**
 * Termination `automation.terminateDays` days after an overdue suspension (0: never): the service
 * is still suspended for non-payment, its invoice still unpaid, and both the suspension day it was
 * due (invoice due date + suspension days) and the day it was actually suspended are that long ago.
 */
export const terminationsStep = defineStep<DueItem>({
  name: 'terminations',
  async select(db, asOf, afterKey, limit) {
    const s = await getSettings(db)
    const days = s['automation.terminateDays']
    if (days === 0) return []
    return keyed(
      await db.$queryRaw<{ id: string; clientId: string }[]>`
      SELECT s."id"::text AS "id", s."clientId"::text AS "clientId" FROM "Service" s JOIN "Product" p ON p."id" = s."productId"
      WHERE s."status" = 'SUSPENDED' AND s."suspendedForNonPayment" AND s."suspendedAt" < (${addDays(asOf, 1 - days)}::date)::timestamp AT TIME ZONE 'UTC'
        AND EXISTS (
          SELECT 1 FROM (${unpaidDueBy(asOf)}) o
          WHERE o."serviceId" = s."id"
            AND o."dueDate" + COALESCE(p."overdueSuspendDays", ${s['automation.overdueSuspendDays']}::int) + ${days}::int <= ${asOf}::date)
        AND (${afterKey}::uuid IS NULL OR s."id" > ${afterKey}::uuid)
      ORDER BY s."id" LIMIT ${limit}::int`,
    )
  },
  async processItem(tx, item, asOf) {
    const settings = await getSettings(tx.db)
    const days = settings['automation.terminateDays']
    if (days === 0 || !(await lockService(tx.db, item.key))) return { changed: false }
    const s = await tx.db.service.findUniqueOrThrow({
      where: { id: item.key },
      select: {
        status: true,
        suspendedForNonPayment: true,
        suspendedAt: true,
        product: { select: { overdueSuspendDays: true } },
      },
    })
    if (
      s.status !== 'SUSPENDED' ||
      !s.suspendedForNonPayment ||
      !s.suspendedAt ||
      addDays(s.suspendedAt, days) > asOf
    )
      return { changed: false }
    const suspendDays = s.product.overdueSuspendDays ?? settings['automation.overdueSuspendDays']
    const invoice = await overdueInvoiceFor(tx.db, item.key, addDays(asOf, -(suspendDays + days)))
    if (!invoice) return { changed: false }
    const waiting = await stillOpen(tx.db, item.key)
    if (waiting) return waiting
    const result = await terminateService(tx, {
      serviceId: item.key,
      reason: `Invoice ${invoice.number ?? ''} unpaid ${days} days after suspension`.replace('  ', ' '),
    })
    return {
      changed: true,
      counts: result.state === 'done' ? { terminated: 1 } : { terminationsRequested: 1 },
    }
  },
})

/**
 * Orders left unpaid `automation.cancelUnpaidOrderDays` days after they were placed (0: never):
 * cancelled through the orders module (pending services cancelled, stock released, unpaid invoices
 * cancelled). An order with any payment on it is left to staff.
 */
export const unpaidOrdersStep = defineStep<DueItem>({
  name: 'unpaid-order-cancellation',
  async select(db, asOf, afterKey, limit) {
    const days = (await getSettings(db))['automation.cancelUnpaidOrderDays']
    if (days === 0) return []
    return keyed(
      await db.$queryRaw<{ id: string; clientId: string }[]>`
      SELECT o."id"::text AS "id", o."clientId"::text AS "clientId" FROM "Order" o
      WHERE o."status" = 'PENDING' AND o."createdAt" < (${addDays(asOf, 1 - days)}::date)::timestamp AT TIME ZONE 'UTC'
        AND EXISTS (SELECT 1 FROM "Invoice" i WHERE i."orderId" = o."id" AND i."status" = 'UNPAID')
        AND NOT EXISTS (SELECT 1 FROM "Invoice" i WHERE i."orderId" = o."id" AND (i."status" = 'PAID' OR i."amountPaid" > 0))
        AND (${afterKey}::uuid IS NULL OR o."id" > ${afterKey}::uuid)
      ORDER BY o."id" LIMIT ${limit}::int`,
    )
  },
  async processItem(tx, item, asOf) {
    const days = (await getSettings(tx.db))['automation.cancelUnpaidOrderDays']
    const rows = await tx.db.$queryRaw<
      { id: string }[]
    >`SELECT "id" FROM "Order" WHERE "id" = ${item.key}::uuid FOR UPDATE`
    if (!rows.length || days === 0) return { changed: false }
    const order = await tx.db.order.findUniqueOrThrow({
      where: { id: item.key },
      select: { status: true, createdAt: true, invoices: { select: { status: true, amountPaid: true } } },
    })
    const isUnpaid =
      order.invoices.some((i) => i.status === 'UNPAID') &&
      order.invoices.every((i) => i.status !== 'PAID' && i.amountPaid === 0n)
    if (order.status !== 'PENDING' || !isUnpaid || addDays(order.createdAt, days) > asOf)
      return { changed: false }
    await cancelOrder(tx, { orderId: item.key, reason: `Unpaid ${days} days after it was placed` })
    return { changed: true, counts: { ordersCancelled: 1 } }
  },
})
