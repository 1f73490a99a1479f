import type { Db, DbClient } from '@berth/prisma'
import { recordAuditEvent } from '../audit'
import { addCredit, cancelInvoice, isPayableStatus } from '../billing'
import { addDays, releaseStock } from '../catalog'
import { requestModuleCall } from '../provisioning'
import { systemCtx, DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { assertServiceAccess } from './access'
import { lockService } from './complete-transition'
import { serviceIdSchema } from './schemas'

/** An option as a package change stores it: what the service gets when the change is applied. */
export interface StoredOption {
  optionId: string
  choiceId: string | null
  quantity: number
  name: string
  label: string
}

type Tx = Ctx & { db: DbClient }

/**
 * Puts a service on a package: product, recurring price (a promotion ends with the old package) and
 * options; queues the module's changePackage when the new product has a module. The caller holds
 * the service's lock and has checked the change is allowed.
 */
export async function applyPackage(
  tx: Tx,
  input: {
    serviceId: string
    fromProduct: { id: string; name: string }
    toProductId: string
    newRecurring: bigint
    options: StoredOption[]
    requestId?: string
  },
): Promise<{ moduleCallQueued: boolean }> {
  const { serviceId } = input
  await tx.db.service.update({
    where: { id: serviceId },
    data: {
      productId: input.toProductId,
      recurringAmount: input.newRecurring,
      promotionId: null,
      promotionCyclesRemaining: null,
    },
  })
  await tx.db.serviceConfigOption.deleteMany({ where: { serviceId } })
  if (input.options.length) {
    await tx.db.serviceConfigOption.createMany({
      data: input.options.map((o) => ({
        serviceId,
        optionId: o.optionId,
        choiceId: o.choiceId,
        quantity: o.quantity,
      })),
    })
  }
  const product = await tx.db.product.findUniqueOrThrow({
    where: { id: input.toProductId },
    select: { provisioningModule: true },
  })
  if (!product.provisioningModule) return { moduleCallQueued: false }
  await requestModuleCall(tx.db, {
    serviceId,
    action: 'changePackage',
    transition: null,
    params: { previousProductId: input.fromProduct.id, previousProductName: input.fromProduct.name },
    staffId: tx.actor.type === 'staff' ? tx.actor.staffId : null,
    ...(input.requestId ? { requestId: input.requestId } : {}),
  })
  return { moduleCallQueued: true }
}

const CHANGE_SELECT = {
  id: true,
  serviceId: true,
  status: true,
  fromProductId: true,
  toProductId: true,
  options: true,
  currencyCode: true,
  fromRecurring: true,
  newRecurring: true,
  prorated: true,
  periodStart: true,
  nextDueDate: true,
  invoiceId: true,
  expiresAt: true,
  fromProduct: { select: { id: true, name: true } },
  toProduct: { select: { id: true, name: true } },
} as const

/** A deterministic request id, so the paid hook run twice never queues a second changePackage. */
const changeRequestId = (serviceId: string, invoiceId: string) =>
  `${serviceId}:changePackage:invoice:${invoiceId}`

/**
 * The paid-invoice hook's part (docs/decisions/0023-package-changes-apply-on-payment.md), inside the
 * hook's transaction and under the invoice's lock: the pending change paid by `invoiceId` is applied
 * once, under the service's lock, if the service is still ACTIVE on the package and period it was
 * priced for; otherwise the change is CANCELLED, its reserved stock given back and what was paid on
 * the invoice credited to the account. A change no longer pending is left alone (the hook ran twice).
 */
export async function settlePaidPackageChange(
  tx: Tx,
  invoiceId: string,
): Promise<'applied' | 'credited' | null> {
  const change = await tx.db.packageChange.findUnique({ where: { invoiceId }, select: CHANGE_SELECT })
  if (!change || change.status !== 'PENDING') return null
  await lockService(tx.db, change.serviceId)
  const now = await tx.db.packageChange.findUniqueOrThrow({
    where: { id: change.id },
    select: { status: true },
  })
  if (now.status !== 'PENDING') return null
  const invoice = await tx.db.invoice.findUniqueOrThrow({
    where: { id: invoiceId },
    select: { status: true, amountPaid: true, clientId: true },
  })
  if (invoice.status !== 'PAID') return null
  const s = await tx.db.service.findUniqueOrThrow({
    where: { id: change.serviceId },
    select: { status: true, productId: true, recurringAmount: true, nextDueDate: true, clientId: true },
  })
  // The change paid for its package up to change.nextDueDate: the service must still be inside that
  // stretch, and no period from there on may have been invoiced (at the old price) meanwhile.
  const isStillAsPriced =
    s.status === 'ACTIVE' &&
    s.productId === change.fromProductId &&
    s.recurringAmount === change.fromRecurring &&
    !!s.nextDueDate &&
    s.nextDueDate > change.periodStart &&
    s.nextDueDate <= change.nextDueDate &&
    !(await isRenewedFrom(tx.db, change.serviceId, change.nextDueDate))
  const resolvedAt = new Date()
  if (!isStillAsPriced) {
    if (change.toProductId !== change.fromProductId) await releaseStock(tx.db, change.toProductId)
    await tx.db.packageChange.update({
      where: { id: change.id },
      data: {
        status: 'CANCELLED',
        pendingServiceId: null,
        resolvedAt,
        resolution: 'paid after the service changed: payment credited',
      },
    })
    if (invoice.amountPaid > 0n) {
      await addCredit(
        { ...tx, actor: { type: 'system', label: 'package change' } },
        {
          clientId: s.clientId,
          amount: invoice.amountPaid,
          reason: `Upgrade to ${change.toProduct.name} not applied (the service changed before its invoice was paid)`,
        },
      )
    }
    await recordAuditEvent(tx, {
      action: 'service.change-package.credit',
      targetType: 'Service',
      targetId: change.serviceId,
      clientId: s.clientId,
      before: { status: 'PENDING', serviceStatus: s.status, productId: s.productId },
      after: { status: 'CANCELLED', changeId: change.id, invoiceId, credited: invoice.amountPaid },
    })
    return 'credited'
  }
  if (change.toProductId !== change.fromProductId) await releaseStock(tx.db, change.fromProductId)
  await applyPackage(tx, {
    serviceId: change.serviceId,
    fromProduct: change.fromProduct,
    toProductId: change.toProductId,
    newRecurring: change.newRecurring,
    options: change.options as unknown as StoredOption[],
    requestId: changeRequestId(change.serviceId, invoiceId),
  })
  await tx.db.packageChange.update({
    where: { id: change.id },
    data: { status: 'APPLIED', pendingServiceId: null, resolvedAt, resolution: 'invoice paid' },
  })
  await recordAuditEvent(tx, {
    action: 'service.change-package',
    targetType: 'Service',
    targetId: change.serviceId,
    clientId: s.clientId,
    before: { productId: change.fromProductId, recurringAmount: change.fromRecurring },
    after: {
      productId: change.toProductId,
      recurringAmount: change.newRecurring,
      options: change.options,
      prorated: change.prorated,
      invoiceId,
      changeId: change.id,
      appliedOn: 'payment',
    },
  })
  return 'applied'
}

/**
 * Ends a pending change with its invoice, inside `tx`: the unpaid invoice is cancelled through
 * billing, the reserved stock given back, the change marked `status`. Locks the invoice before the
 * service, in the paid hook's order. False when the change is no longer pending (paid meanwhile).
 */
async function endPendingChange(
  tx: Tx,
  changeId: string,
  status: 'EXPIRED' | 'CANCELLED',
  resolution: string,
  auditAction?: string,
): Promise<boolean> {
  const change = await tx.db.packageChange.findUniqueOrThrow({
    where: { id: changeId },
    select: CHANGE_SELECT,
  })
  if (change.status !== 'PENDING') return false
  await tx.db.$queryRaw`SELECT "id" FROM "Invoice" WHERE "id" = ${change.invoiceId}::uuid FOR UPDATE`
  await lockService(tx.db, change.serviceId)
  const now = await tx.db.packageChange.findUniqueOrThrow({
    where: { id: changeId },
    select: { status: true },
  })
  if (now.status !== 'PENDING') return false
  const invoice = await tx.db.invoice.findUniqueOrThrow({
    where: { id: change.invoiceId! },
    select: { status: true, clientId: true },
  })
  if (invoice.status === 'PAID') return false
  if (isPayableStatus(invoice.status)) {
    await cancelInvoice(
      { ...tx, actor: { type: 'system', label: 'package change' } },
      {
        invoiceId: change.invoiceId!,
        reason: `Package change ${status === 'EXPIRED' ? 'expired unpaid' : 'cancelled'}`,
      },
    )
  }
  if (change.toProductId !== change.fromProductId) await releaseStock(tx.db, change.toProductId)
  await tx.db.packageChange.update({
    where: { id: changeId },
    data: { status, pendingServiceId: null, resolvedAt: new Date(), resolution },
  })
  await recordAuditEvent(tx, {
    action:
      auditAction ??
      (status === 'EXPIRED' ? 'service.change-package.expire' : 'service.change-package.cancel'),
    targetType: 'Service',
    targetId: change.serviceId,
    clientId: invoice.clientId,
    before: { status: 'PENDING', toProductId: change.toProductId, invoiceId: change.invoiceId },
    after: { status, changeId, resolution },
  })
  return true
}

/** Whether a service period from `from` on was invoiced (any invoice not cancelled). */
async function isRenewedFrom(db: DbClient, serviceId: string, from: Date): Promise<boolean> {
  const billed = await db.invoiceItem.count({
    where: {
      serviceId,
      type: 'SERVICE',
      periodStart: { gte: from },
      invoice: { status: { notIn: ['CANCELLED', 'DRAFT'] } },
    },
  })
  return billed > 0
}

/**
 * The renewal step's part (docs/decisions/0035-cancellation-decisions-and-changes-across-periods.md), inside its transaction, after it
 * invoiced `serviceIds` (whose rows it holds locked): a pending change priced up to a day the new
 * renewal period starts on or after would apply the new package at the old renewal price, so it is
 * superseded: CANCELLED with its unpaid invoice cancelled and its reserved stock given back,
 * audited as `service.change-package.supersede`. The client may ask again: the new request is priced
 * across the renewed period too. A change invoice that is being paid right now (locked) or has money
 * on it is left alone: when it becomes paid the paid hook finds the period renewed and credits what
 * was paid, so nothing is lost either way. Returns how many changes were superseded.
 */
export async function supersedePendingChangesForRenewal(
  tx: Tx,
  serviceIds: readonly string[],
): Promise<number> {
  if (!serviceIds.length) return 0
  const pending = await tx.db.packageChange.findMany({
    where: { pendingServiceId: { in: [...serviceIds] }, status: 'PENDING' },
    select: { id: true, serviceId: true, nextDueDate: true, invoiceId: true },
    orderBy: { id: 'asc' },
  })
  let superseded = 0
  for (const change of pending) {
    if (!change.invoiceId || !(await isRenewedFrom(tx.db, change.serviceId, change.nextDueDate))) continue
    // Never wait on an invoice the paid hook holds (it locks the invoice, then the service we hold).
    const free = await tx.db.$queryRaw<
      { amountPaid: bigint }[]
    >`SELECT "amountPaid" FROM "Invoice" WHERE "id" = ${change.invoiceId}::uuid FOR UPDATE SKIP LOCKED`
    if (!free.length || free[0]!.amountPaid > 0n) continue
    const ended = await endPendingChange(
      tx,
      change.id,
      'CANCELLED',
      'superseded by the renewal invoice',
      'service.change-package.supersede',
    )
    if (ended) superseded += 1
  }
  return superseded
}

/**
 * Housekeeping (run by the purge job): every pending change whose expiry has come (`asOf`, default
 * now) ends EXPIRED with its unpaid invoice cancelled. An invoice with a payment on it is left for
 * staff (cancelling it would need a refund first); each change in its own transaction.
 */
export async function expirePackageChanges(
  db: Db,
  asOf: Date = new Date(),
): Promise<{ expired: number; skipped: number }> {
  const due = await db.packageChange.findMany({
    where: { status: 'PENDING', expiresAt: { lte: asOf } },
    select: { id: true },
    orderBy: { expiresAt: 'asc' },
    take: 1000,
  })
  let expired = 0
  let skipped = 0
  for (const { id } of due) {
    try {
      const done = await inTransaction(systemCtx(db, 'package change expiry'), (tx) =>
        endPendingChange(tx, id, 'EXPIRED', 'invoice not paid in time'),
      )
      if (done) expired += 1
      else skipped += 1
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      skipped += 1 // e.g. INVOICE_HAS_PAYMENTS: a partly paid invoice waits for staff
    }
  }
  return { expired, skipped }
}

/**
 * The client (own service) or staff (orders.manage) withdraw the pending change: its unpaid invoice
 * is cancelled with it. Refused when nothing is pending, and when something was paid on the invoice
 * (billing's INVOICE_HAS_PAYMENTS: refund it first).
 */
export async function cancelPackageChange(
  ctx: Ctx,
  raw: unknown,
): Promise<{ changeId: string; invoiceId: string | null }> {
  const serviceId = parseInput(serviceIdSchema, (raw as { serviceId?: unknown } | null)?.serviceId)
  await assertServiceAccess(ctx.db, ctx.actor, serviceId, 'orders.manage')
  return inTransaction(ctx, async (tx) => {
    const pending = await tx.db.packageChange.findUnique({
      where: { pendingServiceId: serviceId },
      select: { id: true, invoiceId: true },
    })
    if (!pending)
      throw new DomainError('INVALID_TRANSITION', 'This service has no package change waiting for payment.')
    const who = tx.actor.type === 'client' ? 'client' : tx.actor.type === 'staff' ? 'staff' : 'system'
    if (!(await endPendingChange(tx, pending.id, 'CANCELLED', `cancelled by ${who}`))) {
      throw new DomainError(
        'INVALID_TRANSITION',
        'This package change was paid meanwhile and is no longer pending.',
      )
    }
    return { changeId: pending.id, invoiceId: pending.invoiceId }
  })
}

export interface PendingPackageChangeView {
  id: string
  fromProduct: { id: string; name: string }
  toProduct: { id: string; name: string }
  options: { name: string; value: string }[]
  currency: string
  newRecurring: bigint
  prorated: bigint
  invoice: { id: string; number: string | null; status: string; total: bigint; balance: bigint }
  /** the instant it expires (midnight after payBy) */
  expiresAt: Date
  /** the last day to pay: the invoice's due date */
  payBy: Date
  requestedAt: Date
}

/** The change waiting for payment on a service, if any (client: own service; staff: orders.view). */
export async function getPendingPackageChange(
  ctx: Ctx,
  serviceId: string,
): Promise<PendingPackageChangeView | null> {
  await assertServiceAccess(ctx.db, ctx.actor, serviceId, 'orders.view')
  return findPendingPackageChange(ctx.db, serviceId)
}

/** The pending change of a service, read without an access check (callers have made theirs). */
export async function findPendingPackageChange(
  db: Db | DbClient,
  serviceId: string,
): Promise<PendingPackageChangeView | null> {
  const change = await db.packageChange.findUnique({
    where: { pendingServiceId: serviceId },
    select: {
      id: true,
      options: true,
      currencyCode: true,
      newRecurring: true,
      prorated: true,
      expiresAt: true,
      createdAt: true,
      fromProduct: { select: { id: true, name: true } },
      toProduct: { select: { id: true, name: true } },
      invoice: { select: { id: true, number: true, status: true, total: true, balance: true } },
    },
  })
  if (!change || !change.invoice || !change.expiresAt) return null
  const options = (change.options as unknown as StoredOption[]).map((o) => ({ name: o.name, value: o.label }))
  return {
    id: change.id,
    fromProduct: change.fromProduct,
    toProduct: change.toProduct,
    options,
    currency: change.currencyCode,
    newRecurring: change.newRecurring,
    prorated: change.prorated,
    invoice: change.invoice,
    expiresAt: change.expiresAt,
    payBy: addDays(change.expiresAt, -1),
    requestedAt: change.createdAt,
  }
}
