import { z } from 'zod'
import { DomainError, parseInput, type Ctx } from '../../shared'
import { requireBillingActor } from '../shared/access'
import { loadGateway } from './load-gateway'

export const getPaymentSessionInput = z
  .object({
    gateway: z.string().trim().min(1).max(40),
    paymentSessionId: z.string().trim().uuid().optional(),
    gatewaySessionId: z.string().trim().min(1).max(300).optional(),
  })
  .refine((v) => v.paymentSessionId || v.gatewaySessionId, {
    message: 'Which payment is this?',
    path: ['gatewaySessionId'],
  })

export interface PaymentSessionView {
  paymentSessionId: string
  gateway: string
  gatewayDisplayName: string
  gatewaySessionId: string
  /** open, completed, failed, expired */
  status: string
  amount: bigint
  currency: { code: string; exponent: number }
  invoiceId: string
  invoiceNumber: string | null
  invoiceStatus: string
  isDemoOnly: boolean
}

/**
 * A checkout as the portal shows it (the test gateway's "Pay (no real money)" page, the return
 * page): a client its own, staff with `billing.view`. Anything else is NOT_FOUND. Reads only.
 */
export async function getPaymentSession(ctx: Ctx, raw: unknown): Promise<PaymentSessionView> {
  requireBillingActor(ctx.actor, 'billing.view')
  const input = parseInput(getPaymentSessionInput, raw)
  const select = {
    id: true,
    clientId: true,
    gateway: true,
    gatewaySessionId: true,
    status: true,
    amount: true,
    currency: { select: { code: true, exponent: true } },
    invoice: { select: { id: true, number: true, status: true } },
  } as const
  const row = input.paymentSessionId
    ? await ctx.db.paymentSession.findUnique({ where: { id: input.paymentSessionId }, select })
    : await ctx.db.paymentSession.findUnique({
        where: {
          gateway_gatewaySessionId: { gateway: input.gateway, gatewaySessionId: input.gatewaySessionId! },
        },
        select,
      })
  const notFound = new DomainError('NOT_FOUND', 'This payment does not exist.')
  if (!row || row.gateway !== input.gateway || row.gatewaySessionId.startsWith('pending:')) throw notFound
  if (ctx.actor.type === 'client' && row.clientId !== ctx.actor.clientId) throw notFound
  const loaded = await loadGateway(ctx.db, row.gateway, { requireEnabled: false })
  return {
    paymentSessionId: row.id,
    gateway: row.gateway,
    gatewayDisplayName: loaded.displayName,
    gatewaySessionId: row.gatewaySessionId,
    status: row.status,
    amount: row.amount,
    currency: row.currency,
    invoiceId: row.invoice.id,
    invoiceNumber: row.invoice.number,
    invoiceStatus: row.invoice.status,
    isDemoOnly: loaded.gateway.isDemoOnly ?? false,
  }
}
