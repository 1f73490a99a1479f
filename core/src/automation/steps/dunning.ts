import type { DbClient } from '@berth/prisma'
import { billingFormatter, invoiceLink, billingRecipients } from '../../billing'
import { queueEmail } from '../../notifications'

/**
 * What the dunning steps share: the invoices they may act on, the row lock that re-reads one, and
 * the emails, queued in the caller's transaction to the client's billing recipients.
 */
export type ReminderKind = 'PAYMENT_REMINDER' | 'OVERDUE_1' | 'OVERDUE_2' | 'OVERDUE_3'

export interface LockedInvoice {
  id: string
  clientId: string
  number: string | null
  status: string
  kind: string
  currencyCode: string
  balance: bigint
  dueDate: Date
  issueDate: Date | null
}

/** Locks the invoice and returns it when it is still unpaid, a standard invoice, and owes money. */
export async function lockOwingInvoice(db: DbClient, invoiceId: string): Promise<LockedInvoice | null> {
  const rows = await db.$queryRaw<
    { id: string }[]
  >`SELECT "id" FROM "Invoice" WHERE "id" = ${invoiceId}::uuid FOR UPDATE`
  if (!rows.length) return null
  const inv = await db.invoice.findUniqueOrThrow({
    where: { id: invoiceId },
    select: {
      id: true,
      clientId: true,
      number: true,
      status: true,
      kind: true,
      currencyCode: true,
      balance: true,
      dueDate: true,
      issueDate: true,
    },
  })
  return inv.status === 'UNPAID' && inv.kind === 'STANDARD' && inv.balance > 0n ? inv : null
}

/** Records that `kind` went out for the invoice; false when it already had (the unique key). */
export async function claimReminder(
  db: DbClient,
  invoiceId: string,
  kind: ReminderKind,
  asOf: Date,
): Promise<boolean> {
  const created = await db.invoiceReminder.createMany({
    data: [{ invoiceId, kind, sentOn: asOf }],
    skipDuplicates: true,
  })
  return created.count === 1
}

export type DunningEmail =
  | { template: 'payment-reminder' }
  | { template: 'overdue-notice'; noticeNumber: number; isFinal: boolean; suspensionDate: Date | null }
  | { template: 'late-fee-added'; fee: bigint }

export async function queueDunningEmail(
  db: DbClient,
  invoiceId: string,
  email: DunningEmail,
): Promise<number> {
  const inv = await db.invoice.findUniqueOrThrow({
    where: { id: invoiceId },
    select: { id: true, number: true, clientId: true, currencyCode: true, balance: true, dueDate: true },
  })
  const fmt = await billingFormatter(db)
  const base = {
    invoiceNumber: inv.number ?? '',
    dueDate: fmt.date(inv.dueDate),
    balance: fmt.money(inv.balance, inv.currencyCode),
    invoiceUrl: invoiceLink(inv.id),
  }
  const recipients = await billingRecipients(db, inv.clientId)
  for (const r of recipients) {
    const common = { to: r.email, clientId: inv.clientId, userId: r.userId }
    if (email.template === 'payment-reminder') {
      await queueEmail(db, {
        ...common,
        template: 'payment-reminder',
        props: { firstName: r.firstName, ...base },
      })
    } else if (email.template === 'overdue-notice') {
      await queueEmail(db, {
        ...common,
        template: 'overdue-notice',
        props: {
          firstName: r.firstName,
          ...base,
          noticeNumber: email.noticeNumber,
          isFinal: email.isFinal,
          suspensionDate: email.suspensionDate ? fmt.date(email.suspensionDate) : '',
        },
      })
    } else {
      await queueEmail(db, {
        ...common,
        template: 'late-fee-added',
        props: { firstName: r.firstName, ...base, fee: fmt.money(email.fee, inv.currencyCode) },
      })
    }
  }
  return recipients.length
}
