import type { Prisma } from '@berth/prisma'
import { requirePermission } from '../access'
import { DomainError, parseInput, type Ctx } from '../shared'
import { listOrdersInput } from './schemas'

const orderSelect = {
  id: true,
  number: true,
  clientId: true,
  status: true,
  currencyCode: true,
  paymentMethod: true,
  ip: true,
  notes: true,
  createdAt: true,
  client: {
    select: {
      companyName: true,
      users: {
        where: { isOwner: true },
        take: 1,
        orderBy: { createdAt: 'asc' },
        select: { firstName: true, lastName: true, email: true },
      },
    },
  },
  promotion: { select: { code: true } },
  services: {
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      status: true,
      domain: true,
      billingCycle: true,
      recurringAmount: true,
      firstPaymentAmount: true,
      product: { select: { name: true } },
      addons: {
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          billingCycle: true,
          recurringAmount: true,
          setupFee: true,
          addon: { select: { name: true } },
        },
      },
    },
  },
  invoices: {
    orderBy: { createdAt: 'asc' },
    select: { id: true, number: true, status: true, total: true, balance: true },
  },
} as const satisfies Prisma.OrderSelect

export type OrderView = Prisma.OrderGetPayload<{ select: typeof orderSelect }>

/** Orders, newest first (staff: orders.view; a client: its own). */
export async function listOrders(ctx: Ctx, raw: unknown = {}) {
  const input = parseInput(listOrdersInput, raw)
  if (ctx.actor.type === 'anonymous') throw new DomainError('UNAUTHENTICATED', 'Please log in.')
  if (ctx.actor.type !== 'client') requirePermission(ctx.actor, 'orders.view')
  const clientId = ctx.actor.type === 'client' ? ctx.actor.clientId : input.clientId
  const where: Prisma.OrderWhereInput = {
    ...(clientId ? { clientId } : {}),
    ...(input.status ? { status: input.status } : {}),
  }
  const [orders, total] = await Promise.all([
    ctx.db.order.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { number: 'desc' }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      select: orderSelect,
    }),
    ctx.db.order.count({ where }),
  ])
  return { orders, total, page: input.page, pageSize: input.pageSize }
}

/** One order with its services and invoices (staff: orders.view; a client: its own, else NOT_FOUND). */
export async function getOrder(ctx: Ctx, orderId: string): Promise<OrderView> {
  if (ctx.actor.type === 'anonymous') throw new DomainError('UNAUTHENTICATED', 'Please log in.')
  if (ctx.actor.type !== 'client') requirePermission(ctx.actor, 'orders.view')
  const valid = /^[0-9a-f-]{36}$/i.test(orderId)
  const order = valid ? await ctx.db.order.findUnique({ where: { id: orderId }, select: orderSelect }) : null
  if (!order || (ctx.actor.type === 'client' && order.clientId !== ctx.actor.clientId))
    throw new DomainError('NOT_FOUND', 'This order does not exist.')
  return order
}
