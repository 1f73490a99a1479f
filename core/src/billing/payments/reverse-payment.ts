import type { DbClient, InvoiceStatus, TransactionStatus } from '@berth/prisma'
import { recordAuditEvent } from '../../audit'
import { DomainError, type Ctx } from '../../shared'
import { format } from '../../money'
import { creditClient, debitClient, readCreditBalance } from '../credit/ledger'
import { lockInvoice } from '../shared/access'
import { queueRefundEmail } from '../shared/emails'
import { assertTransition, isPayableStatus } from '../shared/invoice-status'
import { CREDIT_GATEWAY } from '../shared/labels'

/**
 * Money going back: refunds (staff-initiated or reported by the gateway) and chargebacks (a lost
 * dispute). Both take the invoice lock, then work out where the money comes from
 * (docs/decisions/0015-payment-application.md):
 * - first from the account credit this payment created (an overpayment, or an add-funds top-up)
 *   and that is still there;
 * - then from what the payment settled on the invoice: `amountPaid` goes down. A refund of a PAID
 *   invoice is a concession and does not make the client owe again (the invoice stays PAID, or
 *   becomes REFUNDED when nothing paid is left); on an invoice not yet paid in full, and for every
 *   chargeback, the balance goes back up by that part (a PAID invoice reopens as UNPAID).
 * - a refund of a credit payment goes back to account credit.
 * A staff refund that cannot be covered (the credit it created was spent) is refused; a refund or
 * chargeback the gateway reports has already happened, so it is recorded with the shortfall noted.
 */
export interface ReversalPlan {
  original: {
    id: string
    clientId: string
    invoiceId: string
    gateway: string
    gatewayTransactionId: string
    amount: bigint
    currencyCode: string
  }
  invoice: {
    id: string
    number: string | null
    kind: 'STANDARD' | 'ADD_FUNDS'
    status: InvoiceStatus
    total: bigint
    amountPaid: bigint
    creditApplied: bigint
    balance: bigint
  }
  amount: bigint
  /** what is still refundable on the original payment, before this one */
  refundable: bigint
  /** taken back from the account credit this payment created */
  creditPart: bigint
  /** taken off the invoice's amountPaid */
  invoicePart: bigint
  /** given back as account credit (refunds of credit payments) */
  toCredit: boolean
  /** not covered: only possible in record mode */
  shortfall: bigint
}

const min = (...v: bigint[]) => v.reduce((a, b) => (b < a ? b : a))

/** Locks the invoice of a payment and works out a refund or chargeback of `amount` (undefined = all that is refundable). */
export async function planReversal(
  db: DbClient,
  input: { originalId: string; amount?: bigint; strict: boolean; kind: 'refund' | 'chargeback' },
): Promise<ReversalPlan> {
  const original = await db.transaction.findUnique({
    where: { id: input.originalId },
    select: {
      id: true,
      clientId: true,
      invoiceId: true,
      type: true,
      status: true,
      gateway: true,
      gatewayTransactionId: true,
      amount: true,
      currencyCode: true,
      currency: { select: { exponent: true } },
    },
  })
  if (!original || !original.invoiceId) throw new DomainError('NOT_FOUND', 'This transaction does not exist.')
  if (original.type !== 'PAYMENT' || original.status !== 'SUCCEEDED')
    throw new DomainError('VALIDATION_FAILED', 'Only a succeeded payment can be refunded.', {
      field: 'transactionId',
    })
  await lockInvoice(db, original.invoiceId)
  const invoice = await db.invoice.findUniqueOrThrow({
    where: { id: original.invoiceId },
    select: {
      id: true,
      number: true,
      kind: true,
      status: true,
      total: true,
      amountPaid: true,
      creditApplied: true,
      balance: true,
    },
  })
  const reversals = await db.transaction.findMany({
    where: { refundOfId: original.id, status: { not: 'FAILED' } },
    select: { type: true, amount: true },
  })
  const taken = reversals.reduce(
    (a, r) => (r.type === 'CHARGEBACK_REVERSAL' ? a - r.amount : a + r.amount),
    0n,
  )
  const refundable = original.amount - taken > 0n ? original.amount - taken : 0n
  const amount = input.amount ?? refundable
  const show = (v: bigint) => format(v, original.currencyCode, original.currency.exponent)
  if (input.strict) {
    if (refundable === 0n)
      throw new DomainError('REFUND_EXCEEDS_PAID', 'This payment has already been refunded in full.', {
        field: 'amount',
      })
    if (amount > refundable)
      throw new DomainError(
        'REFUND_EXCEEDS_PAID',
        `You can refund at most ${show(refundable)} of this payment (${show(original.amount - refundable)} already refunded).`,
        { field: 'amount' },
      )
  }
  if (amount <= 0n)
    throw new DomainError('VALIDATION_FAILED', 'The amount must be more than zero.', { field: 'amount' })
  const { currency: _currency, type: _type, status: _status, ...originalRow } = original
  const base = { original: { ...originalRow, invoiceId: original.invoiceId }, invoice, amount, refundable }

  if (original.gateway === CREDIT_GATEWAY) {
    const invoicePart = min(amount, invoice.creditApplied, invoice.amountPaid)
    if (input.strict && invoicePart < amount)
      throw new DomainError(
        'REFUND_EXCEEDS_PAID',
        `At most ${show(invoicePart)} of credit applied to this invoice can go back to credit.`,
        { field: 'amount' },
      )
    return { ...base, creditPart: 0n, invoicePart, toCredit: true, shortfall: amount - invoicePart }
  }

  const granted = await db.creditEntry.aggregate({
    where: { transactionId: original.id, amount: { gt: 0n } },
    _sum: { amount: true },
  })
  const reversed = await db.creditEntry.aggregate({
    where: { kind: 'REVERSAL', transaction: { refundOfId: original.id } },
    _sum: { amount: true },
  })
  const remainingGranted = (granted._sum.amount ?? 0n) + (reversed._sum.amount ?? 0n)
  const creditBalance = await readCreditBalance(db, original.clientId, original.currencyCode)
  const creditPart = min(amount, remainingGranted > 0n ? remainingGranted : 0n, creditBalance)
  const moneyOnInvoice =
    invoice.amountPaid - invoice.creditApplied > 0n ? invoice.amountPaid - invoice.creditApplied : 0n
  // An add-funds payment lives in the credit: once that credit is spent, staff cannot refund it.
  const invoicePart =
    invoice.kind === 'ADD_FUNDS' && input.kind === 'refund' && input.strict
      ? 0n
      : min(amount - creditPart, moneyOnInvoice)
  const shortfall = amount - creditPart - invoicePart
  if (input.strict && shortfall > 0n) {
    throw new DomainError(
      'INSUFFICIENT_CREDIT',
      `${show(shortfall)} of this payment became account credit that the client has already spent: refund at most ${show(amount - shortfall)}.`,
      { field: 'amount' },
    )
  }
  return { ...base, creditPart, invoicePart, toCredit: false, shortfall }
}

export interface CommitReversalInput {
  type: 'REFUND' | 'CHARGEBACK'
  /** the gateway's id of the refund (or our reference); with the gateway, the idempotency key */
  gatewayReference: string
  status?: TransactionStatus
  reason?: string | null
  staffId?: string | null
  occurredAt?: Date
  sendEmail?: boolean
}

export interface CommitReversalResult {
  outcome: 'applied' | 'duplicate'
  transactionId: string
  invoiceStatus: InvoiceStatus
}

/** Records a planned refund or chargeback exactly once (unique (gateway, reference)) and moves the money. */
export async function commitReversal(
  tx: Ctx & { db: DbClient },
  plan: ReversalPlan,
  input: CommitReversalInput,
): Promise<CommitReversalResult> {
  const { original, invoice } = plan
  const inserted = await tx.db.transaction.createMany({
    data: [
      {
        clientId: original.clientId,
        invoiceId: invoice.id,
        type: input.type,
        status: input.status ?? 'SUCCEEDED',
        gateway: original.gateway,
        gatewayTransactionId: input.gatewayReference,
        currencyCode: original.currencyCode,
        amount: plan.amount,
        refundOfId: original.id,
        description: input.reason ?? null,
        staffId: input.staffId ?? null,
        createdAt: input.occurredAt ?? new Date(),
      },
    ],
    skipDuplicates: true,
  })
  const row = await tx.db.transaction.findUniqueOrThrow({
    where: {
      gateway_gatewayTransactionId: {
        gateway: original.gateway,
        gatewayTransactionId: input.gatewayReference,
      },
    },
    select: { id: true, status: true },
  })
  if (inserted.count === 0) {
    if (row.status === 'PENDING' && input.status === 'SUCCEEDED')
      await tx.db.transaction.update({ where: { id: row.id }, data: { status: 'SUCCEEDED' } })
    return { outcome: 'duplicate', transactionId: row.id, invoiceStatus: invoice.status }
  }
  const what = input.type === 'REFUND' ? 'Refund' : 'Chargeback'
  const label = invoice.number ?? invoice.id
  if (plan.creditPart > 0n) {
    await debitClient(tx.db, {
      clientId: original.clientId,
      currency: original.currencyCode,
      amount: plan.creditPart,
      kind: 'REVERSAL',
      invoiceId: invoice.id,
      transactionId: row.id,
      staffId: input.staffId ?? null,
      reason: `${what} of a payment on invoice ${label}`,
    })
  }
  if (plan.toCredit && plan.amount > 0n) {
    await creditClient(tx.db, {
      clientId: original.clientId,
      currency: original.currencyCode,
      amount: plan.amount,
      kind: 'REFUND_TO_CREDIT',
      invoiceId: invoice.id,
      transactionId: row.id,
      staffId: input.staffId ?? null,
      reason: `Refund to credit from invoice ${label}`,
    })
  }

  // Add-funds invoices: the credit taken back was the invoice's value too.
  const paidDown = min(
    invoice.amountPaid,
    plan.invoicePart + (invoice.kind === 'ADD_FUNDS' ? plan.creditPart : 0n),
  )
  const amountPaid = invoice.amountPaid - paidDown
  const creditApplied = plan.toCredit ? invoice.creditApplied - plan.invoicePart : invoice.creditApplied
  let status = invoice.status
  let balance = invoice.balance
  let paidAt: Date | null | undefined
  const reopens = input.type === 'CHARGEBACK' || isPayableStatus(invoice.status)
  if (reopens && (invoice.status === 'PAID' || isPayableStatus(invoice.status))) {
    balance = min(invoice.balance + plan.invoicePart, invoice.total)
    if (invoice.status === 'PAID' && balance > 0n) {
      status = 'UNPAID'
      paidAt = null
    }
  } else if (invoice.status === 'PAID' && amountPaid === 0n && invoice.total > 0n) {
    status = 'REFUNDED'
  }
  assertTransition(invoice.status, status)
  await tx.db.invoice.update({
    where: { id: invoice.id },
    data: { amountPaid, creditApplied, balance, status, ...(paidAt === null ? { paidAt: null } : {}) },
  })

  if (input.type === 'REFUND' && (input.sendEmail ?? true)) {
    await queueRefundEmail(tx.db, {
      invoiceId: invoice.id,
      amount: plan.amount,
      gateway: original.gateway,
      toCredit: plan.toCredit,
      reason: input.reason ?? '',
    })
  }
  await recordAuditEvent(tx, {
    action: input.type === 'REFUND' ? 'transaction.refund' : 'transaction.chargeback',
    targetType: 'Transaction',
    targetId: original.id,
    clientId: original.clientId,
    before: { invoiceStatus: invoice.status, amountPaid: invoice.amountPaid, balance: invoice.balance },
    after: {
      invoiceId: invoice.id,
      invoiceStatus: status,
      amountPaid,
      balance,
      amount: plan.amount,
      currency: original.currencyCode,
      gateway: original.gateway,
      reference: input.gatewayReference,
      transactionId: row.id,
      fromCredit: plan.creditPart,
      fromInvoice: plan.invoicePart,
      toCredit: plan.toCredit,
      shortfall: plan.shortfall,
      reason: input.reason ?? null,
      status: input.status ?? 'SUCCEEDED',
    },
  })
  return { outcome: 'applied', transactionId: row.id, invoiceStatus: status }
}
