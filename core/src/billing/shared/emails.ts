import type { DbClient } from '@berth/prisma'
import { queueEmail } from '../../notifications'
import { billingFormatter } from './billing-format'
import { paymentMethodLabel } from './labels'
import { billingLink, invoiceLink } from './links'
import { billingRecipients } from './recipients'

/**
 * The billing emails, queued inside the caller's transaction to every billing recipient of the
 * client (owner logins and invoice contacts). Amounts are formatted here; templates only print.
 */
async function invoiceFacts(db: DbClient, invoiceId: string) {
  return db.invoice.findUniqueOrThrow({
    where: { id: invoiceId },
    select: {
      id: true,
      number: true,
      clientId: true,
      currencyCode: true,
      total: true,
      balance: true,
      status: true,
      issueDate: true,
      dueDate: true,
    },
  })
}

export async function queueInvoiceCreatedEmail(db: DbClient, invoiceId: string): Promise<number> {
  const inv = await invoiceFacts(db, invoiceId)
  const fmt = await billingFormatter(db)
  const recipients = await billingRecipients(db, inv.clientId)
  for (const r of recipients) {
    await queueEmail(db, {
      template: 'invoice-created',
      to: r.email,
      clientId: inv.clientId,
      userId: r.userId,
      props: {
        firstName: r.firstName,
        invoiceNumber: inv.number ?? '',
        issueDate: fmt.date(inv.issueDate ?? inv.dueDate),
        dueDate: fmt.date(inv.dueDate),
        total: fmt.money(inv.total, inv.currencyCode),
        balance: fmt.money(inv.balance, inv.currencyCode),
        isPaid: inv.status === 'PAID',
        invoiceUrl: invoiceLink(inv.id),
      },
    })
  }
  return recipients.length
}

export async function queueReceiptEmail(
  db: DbClient,
  input: {
    invoiceId: string
    amount: bigint
    gateway: string
    reference: string
    paidOn: Date
    creditAdded: bigint
  },
): Promise<void> {
  const inv = await invoiceFacts(db, input.invoiceId)
  const fmt = await billingFormatter(db)
  for (const r of await billingRecipients(db, inv.clientId)) {
    await queueEmail(db, {
      template: 'payment-receipt',
      to: r.email,
      clientId: inv.clientId,
      userId: r.userId,
      props: {
        firstName: r.firstName,
        invoiceNumber: inv.number ?? '',
        amount: fmt.money(input.amount, inv.currencyCode),
        paidOn: fmt.date(input.paidOn),
        method: paymentMethodLabel(input.gateway),
        reference: input.reference,
        balance: fmt.money(inv.balance, inv.currencyCode),
        isPaid: inv.status === 'PAID',
        creditAdded: input.creditAdded > 0n ? fmt.money(input.creditAdded, inv.currencyCode) : '',
        invoiceUrl: invoiceLink(inv.id),
      },
    })
  }
}

export async function queuePaymentFailedEmail(
  db: DbClient,
  input: { invoiceId: string; amount: bigint; gateway: string; reason: string },
): Promise<void> {
  const inv = await invoiceFacts(db, input.invoiceId)
  const fmt = await billingFormatter(db)
  for (const r of await billingRecipients(db, inv.clientId)) {
    await queueEmail(db, {
      template: 'payment-failed',
      to: r.email,
      clientId: inv.clientId,
      userId: r.userId,
      props: {
        firstName: r.firstName,
        invoiceNumber: inv.number ?? '',
        amount: fmt.money(input.amount, inv.currencyCode),
        method: paymentMethodLabel(input.gateway),
        reason: input.reason,
        invoiceUrl: invoiceLink(inv.id),
      },
    })
  }
}

export async function queueRefundEmail(
  db: DbClient,
  input: { invoiceId: string; amount: bigint; gateway: string; toCredit: boolean; reason: string },
): Promise<void> {
  const inv = await invoiceFacts(db, input.invoiceId)
  const fmt = await billingFormatter(db)
  for (const r of await billingRecipients(db, inv.clientId)) {
    await queueEmail(db, {
      template: 'refund-issued',
      to: r.email,
      clientId: inv.clientId,
      userId: r.userId,
      props: {
        firstName: r.firstName,
        invoiceNumber: inv.number ?? '',
        amount: fmt.money(input.amount, inv.currencyCode),
        method: paymentMethodLabel(input.gateway),
        toCredit: input.toCredit,
        reason: input.reason,
        invoiceUrl: invoiceLink(inv.id),
      },
    })
  }
}

export async function queueCreditAddedEmail(
  db: DbClient,
  input: { clientId: string; currency: string; amount: bigint; balance: bigint; reason: string },
): Promise<void> {
  const fmt = await billingFormatter(db)
  for (const r of await billingRecipients(db, input.clientId)) {
    await queueEmail(db, {
      template: 'credit-added',
      to: r.email,
      clientId: input.clientId,
      userId: r.userId,
      props: {
        firstName: r.firstName,
        amount: fmt.money(input.amount, input.currency),
        balance: fmt.money(input.balance, input.currency),
        reason: input.reason,
        billingUrl: billingLink(),
      },
    })
  }
}
