import {
  completePayment,
  getInvoice,
  getPaymentSession,
  isDomainError,
  type CompletedPayment,
  type Ctx,
} from '@berth/core'
import { redirectWithFlash, type Flash } from '~/auth/flash.server'
import { billingFormat } from './format.server'

/** The 404 every billing page answers for something that is not the client's (or does not exist). */
export function notFound(): Response {
  return new Response('Not found', { status: 404, statusText: 'Not Found' })
}

/**
 * Core's NOT_FOUND (and the given other codes) becomes the 404 page; anything else is rethrown.
 * Another client's invoice, payment or PDF is indistinguishable from one that does not exist.
 */
export function rethrowAsNotFound(error: unknown, codes: readonly string[] = []): never {
  if (isDomainError(error) && (error.code === 'NOT_FOUND' || codes.includes(error.code))) throw notFound()
  throw error
}

export const invoicePath = (invoiceId: string) => `/invoices/${invoiceId}`

/**
 * After the browser comes back from a gateway (or from the test gateway's page): complete the
 * payment and go to the invoice with a notice saying what happened. A gateway that does not answer
 * is not an error page: the payment may still arrive by webhook, so the invoice says so.
 */
export async function completeAndReport(
  ctx: Ctx,
  input: {
    gateway: string
    paymentSessionId?: string
    gatewaySessionId?: string
    query: Record<string, string>
  },
): Promise<Response> {
  let completed: CompletedPayment
  try {
    completed = await completePayment(ctx, input)
  } catch (error) {
    if (isDomainError(error) && error.code === 'GATEWAY_ERROR') {
      const session = await getPaymentSession(ctx, input).catch((e: unknown) =>
        rethrowAsNotFound(e, ['VALIDATION_FAILED']),
      )
      return redirectWithFlash(invoicePath(session.invoiceId), { kind: 'warning', message: error.message })
    }
    rethrowAsNotFound(error, ['VALIDATION_FAILED', 'GATEWAY_NOT_AVAILABLE'])
  }
  return redirectWithFlash(
    invoicePath(completed.invoiceId),
    await outcomeNotice(ctx, completed, input.gateway),
  )
}

async function outcomeNotice(ctx: Ctx, completed: CompletedPayment, gateway: string): Promise<Flash> {
  const [session, invoice, fmt] = await Promise.all([
    getPaymentSession(ctx, { gateway, paymentSessionId: completed.paymentSessionId }).catch(() => null),
    getInvoice(ctx, { invoiceId: completed.invoiceId }),
    billingFormat(ctx),
  ])
  const amount = session ? fmt.money(session.amount, session.currency) : 'your payment'
  const via = session?.gatewayDisplayName ?? 'the payment provider'
  switch (completed.outcome) {
    case 'paid':
      if (invoice.kind === 'ADD_FUNDS')
        return { kind: 'success', message: `Thank you: ${amount} is added to your account credit.` }
      return {
        kind: 'success',
        message:
          invoice.status === 'PAID'
            ? `Thank you: we have received ${amount}. Invoice ${invoice.number ?? ''} is paid.`
            : `Thank you: we have received ${amount}.`,
      }
    case 'pending':
      return {
        kind: 'info',
        message: `Your payment of ${amount} is being processed by ${via}. The invoice will show as paid once it is confirmed, and we will email you a receipt.`,
      }
    case 'failed':
      return {
        kind: 'warning',
        message:
          'The payment did not go through, and nothing was charged. You can try again or choose another way to pay.',
      }
    default:
      return { kind: 'info', message: 'The payment was not completed. You can pay whenever you are ready.' }
  }
}
