import { z } from 'zod'
import type { Db, DbClient, ServiceStatus } from '@berth/prisma'
import { payableStatusFilter } from '../billing'
import { addDays, toDateOnly } from '../catalog'
import { requestModuleCall, findOpenModuleCall } from '../provisioning'
import { getSettings } from '../settings'
import { systemCtx, inTransaction, type Ctx } from '../shared'
import { recordAuditEvent } from '../audit'
import { completeTransition, lockService } from './complete-transition'
import { settlePaidPackageChange } from './package-changes'
import { queueDomainFulfilment } from '../domains'

export const invoicePaidJobSchema = z.object({ invoiceId: z.string().uuid() }).passthrough()

export interface InvoicePaidResult {
  /** services whose activation was requested (or done) */
  activated: number
  unsuspended: number
  /** services and addons whose next due date moved past the paid period */
  advanced: number
  /** pending package changes this invoice paid for that were applied (or, stale, credited) */
  packageChanges: number
  /** paid DOMAIN items queued for the registrar (domains.fulfil) */
  domainsQueued?: number
}

/** A deterministic request id, so a replayed job neither queues nor sends a second create. */
const requestIdFor = (serviceId: string, action: string, invoiceId: string) =>
  `${serviceId}:${action}:invoice:${invoiceId}`

/**
 * The `invoice.paid` hook (docs/decisions/0018-service-lifecycle-and-provisioning.md), run by the
 * worker for every invoice billing marks paid, under the invoice's row lock, in one transaction:
 * 1. every service and addon billed for a period moves its next due date past that period;
 * 2. with `orders.activation` = auto, the order's pending services whose product sets up on
 *    payment are activated (their module's create is queued);
 * 3. a service suspended for non-payment is unsuspended once none of its invoices is overdue;
 * 4. a pending package change paid by this invoice is applied (its module's changePackage queued).
 * Safe to run twice: dates only move forward and requests carry the invoice id.
 */
export async function handleInvoicePaid(db: Db, raw: unknown): Promise<InvoicePaidResult> {
  const { invoiceId } = invoicePaidJobSchema.parse(raw)
  return inTransaction(systemCtx(db, 'invoice.paid'), async (tx) => {
    const result: InvoicePaidResult = { activated: 0, unsuspended: 0, advanced: 0, packageChanges: 0 }
    const locked = await tx.db.$queryRaw<
      { id: string }[]
    >`SELECT "id" FROM "Invoice" WHERE "id" = ${invoiceId}::uuid FOR UPDATE`
    if (!locked.length) return result
    const invoice = await tx.db.invoice.findUniqueOrThrow({
      where: { id: invoiceId },
      select: {
        id: true,
        status: true,
        orderId: true,
        items: {
          select: {
            id: true,
            type: true,
            serviceId: true,
            serviceAddonId: true,
            domainId: true,
            periodEnd: true,
          },
        },
      },
    })
    if (invoice.status !== 'PAID') return result
    // Paid domain registrations, transfers and renewals go to the registrar in their own job
    // (domains.fulfil, decision 0043), queued in this transaction so they run only if it commits.
    const domainsQueued = await queueDomainFulfilment(tx.db, invoice.items)
    if (domainsQueued) result.domainsQueued = domainsQueued
    // an upgrade waiting for this invoice is applied now, once (docs/decisions/0023-package-changes-apply-on-payment.md)
    if (await settlePaidPackageChange(tx, invoiceId)) result.packageChanges += 1

    for (const item of invoice.items) {
      if (!item.periodEnd || (item.type !== 'SERVICE' && item.type !== 'ADDON')) continue
      const next = addDays(item.periodEnd, 1)
      if (item.type === 'SERVICE' && item.serviceId) {
        const moved = await tx.db.service.updateMany({
          where: { id: item.serviceId, OR: [{ nextDueDate: null }, { nextDueDate: { lt: next } }] },
          data: { nextDueDate: next, nextInvoiceDate: next },
        })
        result.advanced += moved.count
      } else if (item.type === 'ADDON' && item.serviceAddonId) {
        const moved = await tx.db.serviceAddon.updateMany({
          where: { id: item.serviceAddonId, OR: [{ nextDueDate: null }, { nextDueDate: { lt: next } }] },
          data: { nextDueDate: next },
        })
        result.advanced += moved.count
      }
    }
    // A one-time service is paid for good: nothing falls due any more.
    const billedServiceIds = [
      ...new Set(invoice.items.filter((i) => i.type === 'SERVICE' && i.serviceId).map((i) => i.serviceId!)),
    ]
    await tx.db.service.updateMany({
      where: { id: { in: billedServiceIds }, billingCycle: 'ONE_TIME' },
      data: { nextDueDate: null, nextInvoiceDate: null },
    })

    const settings = await getSettings(tx.db)
    if (invoice.orderId && settings['orders.activation'] === 'auto') {
      const pending = await tx.db.service.findMany({
        where: { orderId: invoice.orderId, status: 'PENDING', product: { autoSetup: 'ON_PAYMENT' } },
        select: { id: true, clientId: true, product: { select: { provisioningModule: true } } },
      })
      for (const s of pending) {
        if (await landOrQueue(tx, s, 'PENDING', 'activate', 'create', invoiceId)) result.activated += 1
      }
    }

    const today = toDateOnly(new Date())
    const suspended = await tx.db.service.findMany({
      where: { id: { in: billedServiceIds }, status: 'SUSPENDED', suspendedForNonPayment: true },
      select: { id: true, clientId: true, product: { select: { provisioningModule: true } } },
    })
    for (const s of suspended) {
      const stillOverdue = await tx.db.invoice.count({
        where: {
          id: { not: invoiceId },
          status: payableStatusFilter(),
          dueDate: { lt: today },
          items: { some: { serviceId: s.id } },
        },
      })
      if (stillOverdue) continue
      if (await landOrQueue(tx, s, 'SUSPENDED', 'unsuspend', 'unsuspend', invoiceId)) result.unsuspended += 1
    }
    return result
  })
}

/**
 * Under the service's lock and only while it is still `from` (staff may have moved it meanwhile):
 * lands the transition at once when the product has no module, else queues the module call once
 * per invoice (its request id) and never beside another open call. True when it landed or queued.
 */
async function landOrQueue(
  tx: Ctx & { db: DbClient },
  s: { id: string; clientId: string; product: { provisioningModule: string | null } },
  from: ServiceStatus,
  transition: 'activate' | 'unsuspend',
  action: 'create' | 'unsuspend',
  invoiceId: string,
): Promise<boolean> {
  if (!(await lockedInStatus(tx.db, s.id, from))) return false
  if (!s.product.provisioningModule) {
    await completeTransition(tx, s.id, transition)
    return true
  }
  if (await findOpenModuleCall(tx.db, s.id)) return false
  const requestId = requestIdFor(s.id, action, invoiceId)
  const queued = await tx.db.$queryRaw<
    { id: string }[]
  >`SELECT "id" FROM pgboss.job WHERE "name" = 'provisioning.call' AND "data"->>'requestId' = ${requestId} LIMIT 1`
  if (queued.length) return false
  await requestModuleCall(tx.db, { serviceId: s.id, action, transition, requestId })
  await recordAuditEvent(tx, {
    action: `service.${transition}.request`,
    targetType: 'Service',
    targetId: s.id,
    clientId: s.clientId,
    after: { module: s.product.provisioningModule, action, requestId, invoiceId },
  })
  return true
}

/** Locks the service and tells whether it is still in the status it was read in before the lock. */
async function lockedInStatus(db: DbClient, serviceId: string, status: ServiceStatus): Promise<boolean> {
  if (!(await lockService(db, serviceId))) return false
  const now = await db.service.findUnique({ where: { id: serviceId }, select: { status: true } })
  return now?.status === status
}
