import type { DbClient } from '@berth/prisma'
import { DomainError, type Ctx } from '../shared'

export interface CheckoutResult {
  orderId: string
  orderNumber: bigint
  clientId: string
  /** the login created for a visitor who registered at checkout (null otherwise, and on a replay) */
  userId: string | null
  invoiceId: string
  invoiceNumber: string | null
  invoiceStatus: string
  total: bigint
  currency: string
  serviceIds: string[]
  domainIds: string[]
  /** true when this idempotency key had already produced the order: nothing new was written */
  isReplay: boolean
}

/** The order an idempotency key already produced, as checkout answered it (nothing is written). */
export async function existingOrder(
  db: DbClient | Ctx['db'],
  idempotencyKey: string,
): Promise<CheckoutResult | null> {
  const order = await db.order.findUnique({
    where: { idempotencyKey },
    select: {
      id: true,
      number: true,
      clientId: true,
      currencyCode: true,
      services: { select: { id: true }, orderBy: { createdAt: 'asc' } },
      domains: { select: { id: true }, orderBy: { createdAt: 'asc' } },
      invoices: {
        select: { id: true, number: true, status: true, total: true },
        orderBy: { createdAt: 'asc' },
        take: 1,
      },
    },
  })
  if (!order) return null
  const invoice = order.invoices[0]
  return {
    orderId: order.id,
    orderNumber: order.number,
    clientId: order.clientId,
    userId: null,
    invoiceId: invoice?.id ?? '',
    invoiceNumber: invoice?.number ?? null,
    invoiceStatus: invoice?.status ?? 'CANCELLED',
    total: invoice?.total ?? 0n,
    currency: order.currencyCode,
    serviceIds: order.services.map((s) => s.id),
    domainIds: order.domains.map((d) => d.id),
    isReplay: true,
  }
}

export function replayFor(ctx: Ctx, found: CheckoutResult): CheckoutResult {
  // Someone else's order is never shown, whatever key they send.
  if (ctx.actor.type === 'client' && found.clientId !== ctx.actor.clientId)
    throw new DomainError('VALIDATION_FAILED', 'This checkout form was already used. Reload the page.', {
      field: 'idempotencyKey',
    })
  return found
}
