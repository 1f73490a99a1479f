import { randomUUID } from 'node:crypto'
import { requireClient } from '../../access'
import { portalLink } from '../../accounts'
import { recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { GatewayError } from '../gateways/payment-gateway'
import { assertInvoiceVisible, invoiceNotFound, isUuid, lockInvoice } from '../shared/access'
import { PAYABLE_STATUSES } from '../shared/invoice-status'
import { loadGateway } from './load-gateway'
import { startPaymentInput } from './schemas'

export interface StartedPayment {
  paymentSessionId: string
  gatewaySessionId: string
  /** send the browser here */
  redirectUrl: string
}

/** Where the gateway sends the browser back: the portal route calls completePayment with `ps`. */
export function paymentReturnUrl(gateway: string, paymentSessionId: string): string {
  return portalLink(`billing/pay/${gateway}/return`, { ps: paymentSessionId })
}

/**
 * The client pays its own unpaid invoice through a gateway: a PaymentSession row for the balance,
 * then the gateway's checkout, whose URL the browser goes to. Two tabs may both open a checkout
 * for one invoice; both can be paid, but only the first payment settles the invoice and the second
 * becomes account credit (docs/decisions/0015-payment-application.md).
 *
 * The gateway call happens outside any database transaction: the session row is committed first
 * (so events about it always find it), then the gateway's id is stored on it. A gateway failure
 * marks the session failed and answers GATEWAY_ERROR.
 */
export async function startPayment(ctx: Ctx, raw: unknown): Promise<StartedPayment> {
  const actor = requireClient(ctx.actor)
  if (!isUuid((raw as { invoiceId?: unknown } | null)?.invoiceId)) throw invoiceNotFound()
  const input = parseInput(startPaymentInput, raw)
  const loaded = await loadGateway(ctx.db, input.gateway, { requireEnabled: true })

  const session = await inTransaction(ctx, async (tx) => {
    if (!(await lockInvoice(tx.db, input.invoiceId))) throw invoiceNotFound()
    const inv = await tx.db.invoice.findUniqueOrThrow({
      where: { id: input.invoiceId },
      select: {
        id: true,
        number: true,
        clientId: true,
        status: true,
        balance: true,
        currencyCode: true,
        currency: { select: { exponent: true } },
      },
    })
    assertInvoiceVisible(tx.actor, inv)
    if (inv.status === 'PAID') throw new DomainError('INVOICE_ALREADY_PAID', 'This invoice is already paid.')
    if (!PAYABLE_STATUSES.includes(inv.status) || inv.balance <= 0n)
      throw new DomainError(
        'INVOICE_NOT_PAYABLE',
        `This invoice is ${inv.status.toLowerCase()}: it cannot be paid.`,
      )
    const user = await tx.db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { email: true } })
    const row = await tx.db.paymentSession.create({
      data: {
        clientId: inv.clientId,
        invoiceId: inv.id,
        gateway: loaded.gateway.id,
        gatewaySessionId: `pending:${randomUUID()}`,
        currencyCode: inv.currencyCode,
        amount: inv.balance,
        status: 'open',
      },
      select: { id: true },
    })
    await recordAuditEvent(tx, {
      action: 'payment.start',
      targetType: 'Invoice',
      targetId: inv.id,
      clientId: inv.clientId,
      after: {
        paymentSessionId: row.id,
        gateway: loaded.gateway.id,
        amount: inv.balance,
        currency: inv.currencyCode,
      },
    })
    return { id: row.id, invoice: inv, email: user.email }
  })

  let started
  try {
    started = await loaded.gateway.createCheckout(loaded.settings, {
      paymentSessionId: session.id,
      invoiceId: session.invoice.id,
      invoiceNumber: session.invoice.number ?? session.invoice.id,
      clientId: session.invoice.clientId,
      clientEmail: session.email,
      currency: session.invoice.currencyCode,
      amount: session.invoice.balance,
      exponent: session.invoice.currency.exponent,
      description: `Invoice ${session.invoice.number ?? ''}`.trim(),
      returnUrl: paymentReturnUrl(loaded.gateway.id, session.id),
      cancelUrl: portalLink(`invoices/${session.invoice.id}`, { payment: 'cancelled' }),
    })
  } catch (error) {
    await ctx.db.paymentSession.update({ where: { id: session.id }, data: { status: 'failed' } })
    const message =
      error instanceof GatewayError
        ? error.message
        : `${loaded.displayName} is not answering; please try again in a moment.`
    throw new DomainError('GATEWAY_ERROR', message, { cause: error })
  }
  await ctx.db.paymentSession.update({
    where: { id: session.id },
    data: { gatewaySessionId: started.gatewaySessionId },
  })
  return {
    paymentSessionId: session.id,
    gatewaySessionId: started.gatewaySessionId,
    redirectUrl: started.redirectUrl,
  }
}
