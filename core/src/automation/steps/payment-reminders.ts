import { addDays } from '../../catalog'
import { recordAuditEvent } from '../../audit'
import { getSettings } from '../../settings'
import { defineStep, type DueItem } from '../../pipeline'
import { claimReminder, lockOwingInvoice, queueDunningEmail } from './dunning'

/**
 * Payment reminders: `billing.paymentReminderDaysBefore` days before an unpaid invoice is due (0:
 * none), once per invoice (InvoiceReminder's unique (invoiceId, kind)). An invoice issued on the
 * reminder day or later has just been emailed: it gets none. A late run still reminds until the
 * due date, never after it (the overdue notices take over).
 */
export const paymentRemindersStep = defineStep<DueItem>({
  name: 'payment-reminders',
  async select(db, asOf, afterKey, limit) {
    const days = (await getSettings(db))['billing.paymentReminderDaysBefore']
    if (days === 0) return []
    const rows = await db.$queryRaw<{ id: string; clientId: string }[]>`
      SELECT i."id"::text AS "id", i."clientId"::text AS "clientId" FROM "Invoice" i
      WHERE i."status" = 'UNPAID' AND i."kind" = 'STANDARD' AND i."balance" > 0
        AND i."dueDate" > ${asOf}::date AND i."dueDate" - ${days}::int <= ${asOf}::date AND i."issueDate" < i."dueDate" - ${days}::int
        AND NOT EXISTS (SELECT 1 FROM "InvoiceReminder" r WHERE r."invoiceId" = i."id" AND r."kind" = 'PAYMENT_REMINDER')
        AND (${afterKey}::uuid IS NULL OR i."id" > ${afterKey}::uuid)
      ORDER BY i."id" LIMIT ${limit}::int`
    return rows.map((r) => ({ key: r.id, clientId: r.clientId }))
  },
  async processItem(tx, item, asOf) {
    const days = (await getSettings(tx.db))['billing.paymentReminderDaysBefore']
    const inv = await lockOwingInvoice(tx.db, item.key)
    if (!inv || days === 0 || inv.dueDate <= asOf || addDays(inv.dueDate, -days) > asOf)
      return { changed: false }
    if (!(await claimReminder(tx.db, inv.id, 'PAYMENT_REMINDER', asOf))) return { changed: false }
    const emails = await queueDunningEmail(tx.db, inv.id, { template: 'payment-reminder' })
    await recordAuditEvent(tx, {
      action: 'invoice.reminder',
      targetType: 'Invoice',
      targetId: inv.id,
      clientId: inv.clientId,
      after: { kind: 'PAYMENT_REMINDER', on: asOf, emails },
    })
    return { changed: true, counts: { remindersSent: 1 } }
  },
})
