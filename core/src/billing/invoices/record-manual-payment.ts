import { requirePermission } from '../../access'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { applyPayment, type ApplyPaymentResult } from '../payments/apply-payment'
import { invoiceNotFound, lockInvoice } from '../shared/access'
import { todayUtc } from '../shared/dates'
import { generateReference } from '../shared/ids'
import { PAYABLE_STATUSES } from '../shared/invoice-status'
import { MANUAL_GATEWAY } from '../shared/labels'
import { MANUAL_METHODS, recordManualPaymentInput } from './schemas'

/**
 * Staff record money received outside a gateway (bank transfer, cash, cheque). The reference is
 * the idempotency key (gateway `manual`): recording the same reference twice is refused rather
 * than counted twice; without a reference one is generated. More than the balance becomes credit.
 * Refused on a draft, cancelled or refunded invoice (INVOICE_NOT_PAYABLE) and a paid one
 * (INVOICE_ALREADY_PAID): the money is not ours to book there.
 */
export async function recordManualPayment(
  ctx: Ctx,
  raw: unknown,
): Promise<ApplyPaymentResult & { reference: string }> {
  requirePermission(ctx.actor, 'billing.manage')
  const input = parseInput(recordManualPaymentInput, raw)
  const reference = input.reference ?? generateReference('MAN')
  return inTransaction(ctx, async (tx) => {
    if (!(await lockInvoice(tx.db, input.invoiceId))) throw invoiceNotFound()
    const inv = await tx.db.invoice.findUniqueOrThrow({
      where: { id: input.invoiceId },
      select: { status: true, currencyCode: true },
    })
    if (inv.status === 'PAID') throw new DomainError('INVOICE_ALREADY_PAID', 'This invoice is already paid.')
    if (!PAYABLE_STATUSES.includes(inv.status))
      throw new DomainError(
        'INVOICE_NOT_PAYABLE',
        `This invoice is ${inv.status.toLowerCase()}: it cannot take a payment.`,
      )
    const paidOn = input.paidOn ?? todayUtc()
    if (paidOn > todayUtc())
      throw new DomainError('VALIDATION_FAILED', 'The payment date cannot be in the future.', {
        field: 'paidOn',
      })
    const method = MANUAL_METHODS[input.method]
    const result = await applyPayment(tx, {
      invoiceId: input.invoiceId,
      gateway: MANUAL_GATEWAY,
      gatewayTransactionId: reference,
      amount: input.amount,
      currency: inv.currencyCode,
      fee: input.fee ?? 0n,
      description: [method, input.note].filter(Boolean).join(': '),
      staffId: tx.actor.type === 'staff' ? tx.actor.staffId : null,
      occurredAt: paidOn.getTime() === todayUtc().getTime() ? new Date() : paidOn,
    })
    if (result.outcome === 'duplicate')
      throw new DomainError(
        'DUPLICATE',
        `A manual payment with reference ${reference} is already recorded.`,
        { field: 'reference' },
      )
    return { ...result, reference }
  })
}
