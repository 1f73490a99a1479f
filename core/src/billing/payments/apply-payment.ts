import type { DbClient, InvoiceStatus, TransactionType } from '@berth/prisma'
import { recordAuditEvent } from '../../audit'
import { enqueue, QUEUES } from '../../platform'
import { DomainError, type Ctx } from '../../shared'
import { creditClient } from '../credit/ledger'
import { lockInvoice, invoiceNotFound } from '../shared/access'
import { queueReceiptEmail } from '../shared/emails'
import { assertTransition, PAYABLE_STATUSES } from '../shared/invoice-status'
import { paymentMethodLabel } from '../shared/labels'

export interface ApplyPaymentInput {
  invoiceId: string
  gateway: string
  /** the gateway's id of the charge: (gateway, gatewayTransactionId) is unique, the idempotency key */
  gatewayTransactionId: string
  amount: bigint
  currency: string
  fee?: bigint
  description?: string | null
  staffId?: string | null
  paymentSessionId?: string | null
  occurredAt?: Date
  /** a credit payment: the caller takes the credit (after this call, in the same transaction) */
  isCredit?: boolean
  /** PAYMENT, or CHARGEBACK_REVERSAL when a won dispute gives the money back */
  type?: Extract<TransactionType, 'PAYMENT' | 'CHARGEBACK_REVERSAL'>
  sendReceipt?: boolean
}

export interface ApplyPaymentResult {
  /** duplicate: this gateway transaction was recorded before; nothing changed */
  outcome: 'applied' | 'duplicate'
  transactionId: string
  invoiceId: string
  /** how much settled the invoice's balance */
  appliedToInvoice: bigint
  /** how much became account credit (overpayment, a payment to a paid or cancelled invoice, add funds) */
  credited: bigint
  invoiceStatus: InvoiceStatus
  becamePaid: boolean
}

/**
 * Applies money received to an invoice, exactly once, inside the caller's transaction
 * (docs/decisions/0015-payment-application.md):
 * 1. lock the invoice row (every payment, credit, refund and cancellation of it queues here);
 * 2. insert the Transaction with ON CONFLICT DO NOTHING on (gateway, gatewayTransactionId): when
 *    the row exists (a webhook delivered again, the return URL and the webhook both reporting one
 *    charge, 20 deliveries at once) the constraint says so and nothing else happens;
 * 3. settle up to the balance; what is left over (overpayment, a payment to an invoice that is
 *    already paid, cancelled or refunded) becomes account credit in the invoice's currency; an
 *    add-funds invoice turns its whole payment into credit;
 * 4. update status and paidAt, record the fee, queue the receipt, audit, and enqueue
 *    `invoice.paid` when it became paid.
 */
export async function applyPayment(
  tx: Ctx & { db: DbClient },
  input: ApplyPaymentInput,
): Promise<ApplyPaymentResult> {
  if (input.amount <= 0n)
    throw new DomainError('VALIDATION_FAILED', 'A payment amount must be more than zero.', {
      field: 'amount',
    })
  if (!(await lockInvoice(tx.db, input.invoiceId))) throw invoiceNotFound()
  const invoice = await tx.db.invoice.findUniqueOrThrow({
    where: { id: input.invoiceId },
    select: {
      id: true,
      number: true,
      clientId: true,
      kind: true,
      status: true,
      currencyCode: true,
      total: true,
      amountPaid: true,
      balance: true,
      creditApplied: true,
      paidAt: true,
    },
  })
  const currency = input.currency.toUpperCase()
  if (currency !== invoice.currencyCode) {
    throw new DomainError(
      'CURRENCY_MISMATCH',
      `A payment in ${currency} cannot pay an invoice in ${invoice.currencyCode}.`,
      { field: 'currency' },
    )
  }
  if (invoice.status === 'DRAFT')
    throw new DomainError('INVOICE_NOT_PAYABLE', 'A draft invoice cannot take payments; publish it first.')

  const occurredAt = input.occurredAt ?? new Date()
  const type = input.type ?? 'PAYMENT'
  const inserted = await tx.db.transaction.createMany({
    data: [
      {
        clientId: invoice.clientId,
        invoiceId: invoice.id,
        type,
        status: 'SUCCEEDED',
        gateway: input.gateway,
        gatewayTransactionId: input.gatewayTransactionId,
        currencyCode: currency,
        amount: input.amount,
        fee: input.fee ?? 0n,
        description: input.description ?? null,
        staffId: input.staffId ?? null,
        createdAt: occurredAt,
      },
    ],
    skipDuplicates: true,
  })
  const txn = await tx.db.transaction.findUniqueOrThrow({
    where: {
      gateway_gatewayTransactionId: {
        gateway: input.gateway,
        gatewayTransactionId: input.gatewayTransactionId,
      },
    },
    select: { id: true, invoiceId: true },
  })
  if (inserted.count === 0) {
    return {
      outcome: 'duplicate',
      transactionId: txn.id,
      invoiceId: txn.invoiceId ?? invoice.id,
      appliedToInvoice: 0n,
      credited: 0n,
      invoiceStatus: invoice.status,
      becamePaid: false,
    }
  }

  const payable = PAYABLE_STATUSES.includes(invoice.status) && invoice.balance > 0n
  const applied = payable ? (input.amount < invoice.balance ? input.amount : invoice.balance) : 0n
  const leftover = input.amount - applied
  if (input.isCredit && leftover > 0n)
    throw new Error('applyPayment: a credit payment larger than the balance must be refused by the caller')

  const balance = invoice.balance - applied
  const becamePaid = applied > 0n && balance === 0n
  const status: InvoiceStatus = becamePaid ? 'PAID' : invoice.status
  if (becamePaid) assertTransition(invoice.status, 'PAID')
  if (applied > 0n) {
    await tx.db.invoice.update({
      where: { id: invoice.id },
      data: {
        amountPaid: invoice.amountPaid + applied,
        balance,
        creditApplied: input.isCredit ? invoice.creditApplied + applied : invoice.creditApplied,
        status,
        ...(becamePaid ? { paidAt: occurredAt } : {}),
      },
    })
  }

  let credited = 0n
  const label = invoice.number ?? invoice.id
  if (invoice.kind === 'ADD_FUNDS' && applied > 0n) {
    await creditClient(tx.db, {
      clientId: invoice.clientId,
      currency,
      amount: applied,
      kind: 'ADD_FUNDS',
      invoiceId: invoice.id,
      transactionId: txn.id,
      reason: `Funds added (invoice ${label})`,
    })
    credited += applied
  }
  if (leftover > 0n) {
    const why = payable
      ? `Overpayment of invoice ${label}`
      : `Payment received for invoice ${label}, which was already ${invoice.status.toLowerCase()}`
    await creditClient(tx.db, {
      clientId: invoice.clientId,
      currency,
      amount: leftover,
      kind: 'OVERPAYMENT',
      invoiceId: invoice.id,
      transactionId: txn.id,
      reason: why,
      idempotencyKey: `overpayment:${txn.id}`,
    })
    credited += leftover
  }

  if (input.paymentSessionId) {
    await tx.db.paymentSession.updateMany({
      where: { id: input.paymentSessionId },
      data: { status: 'completed' },
    })
  }
  if (input.sendReceipt ?? true) {
    await queueReceiptEmail(tx.db, {
      invoiceId: invoice.id,
      amount: input.amount,
      gateway: input.gateway,
      reference: input.gatewayTransactionId,
      paidOn: occurredAt,
      creditAdded: credited,
    })
  }
  await recordAuditEvent(tx, {
    action: type === 'PAYMENT' ? 'invoice.payment.apply' : 'invoice.chargeback.reverse',
    targetType: 'Invoice',
    targetId: invoice.id,
    clientId: invoice.clientId,
    before: { status: invoice.status, amountPaid: invoice.amountPaid, balance: invoice.balance },
    after: {
      status,
      amountPaid: invoice.amountPaid + applied,
      balance,
      transactionId: txn.id,
      gateway: input.gateway,
      method: paymentMethodLabel(input.gateway),
      gatewayTransactionId: input.gatewayTransactionId,
      amount: input.amount,
      fee: input.fee ?? 0n,
      currency,
      appliedToInvoice: applied,
      credited,
    },
  })
  if (becamePaid) {
    await enqueue(tx.db, QUEUES.invoicePaid, {
      invoiceId: invoice.id,
      clientId: invoice.clientId,
      kind: invoice.kind,
    })
  }
  return {
    outcome: 'applied',
    transactionId: txn.id,
    invoiceId: invoice.id,
    appliedToInvoice: applied,
    credited,
    invoiceStatus: status,
    becamePaid,
  }
}
