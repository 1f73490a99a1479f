import type { InvoiceStatus } from '@berth/prisma'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { GatewayError } from '../gateways/payment-gateway'
import { RetryLaterError } from '../shared/errors'
import { applyGatewayEvents, type EventOutcome } from './apply-gateway-events'
import { loadGateway } from './load-gateway'
import { completePaymentInput } from './schemas'

export interface CompletedPayment {
  /** paid: money recorded (settled the invoice or became credit); pending: not confirmed yet; failed: declined; open: nothing happened yet */
  outcome: 'paid' | 'pending' | 'failed' | 'open'
  invoiceId: string
  invoiceStatus: InvoiceStatus
  paymentSessionId: string
}

const notFound = () => new DomainError('NOT_FOUND', 'This payment does not exist.')

/**
 * The browser came back from the gateway (the return URL): the gateway confirms or captures, and
 * what it reports is applied exactly as a webhook would be (the webhook may come before or after;
 * whichever is second changes nothing). A client only completes its own payment sessions.
 */
export async function completePayment(ctx: Ctx, raw: unknown): Promise<CompletedPayment> {
  if (ctx.actor.type === 'anonymous') throw new DomainError('UNAUTHENTICATED', 'Please log in.')
  const input = parseInput(completePaymentInput, raw)
  const session = input.paymentSessionId
    ? await ctx.db.paymentSession.findUnique({ where: { id: input.paymentSessionId } })
    : await ctx.db.paymentSession.findUnique({
        where: {
          gateway_gatewaySessionId: { gateway: input.gateway, gatewaySessionId: input.gatewaySessionId! },
        },
      })
  if (!session || session.gateway !== input.gateway || session.gatewaySessionId.startsWith('pending:'))
    throw notFound()
  if (input.gatewaySessionId && input.gatewaySessionId !== session.gatewaySessionId) throw notFound()
  if (ctx.actor.type === 'client' && session.clientId !== ctx.actor.clientId) throw notFound()

  const loaded = await loadGateway(ctx.db, session.gateway, { requireEnabled: false })
  let events
  try {
    events = await loaded.gateway.completeCheckout(loaded.settings, {
      gatewaySessionId: session.gatewaySessionId,
      query: input.query,
    })
  } catch (error) {
    throw new DomainError(
      'GATEWAY_ERROR',
      error instanceof GatewayError
        ? error.message
        : `${loaded.displayName} did not confirm the payment; if you paid, it will show here shortly.`,
      { cause: error },
    )
  }
  let outcomes: EventOutcome[] = []
  try {
    outcomes = await inTransaction(ctx, (tx) => applyGatewayEvents(tx, session.gateway, events))
  } catch (error) {
    if (!(error instanceof RetryLaterError)) throw error
    outcomes = ['pending']
  }
  const after = await ctx.db.paymentSession.findUniqueOrThrow({
    where: { id: session.id },
    select: { status: true, invoice: { select: { id: true, status: true } } },
  })
  const outcome: CompletedPayment['outcome'] =
    after.status === 'completed' || outcomes.some((o) => o === 'paid' || o === 'credited')
      ? 'paid'
      : after.status === 'failed' || outcomes.includes('failed')
        ? 'failed'
        : outcomes.includes('pending')
          ? 'pending'
          : 'open'
  return {
    outcome,
    invoiceId: after.invoice.id,
    invoiceStatus: after.invoice.status,
    paymentSessionId: session.id,
  }
}
