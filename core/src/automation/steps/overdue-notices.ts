import { addDays } from '../../catalog'
import { recordAuditEvent } from '../../audit'
import { getSettings, type Settings } from '../../settings'
import { defineStep, type DueItem } from '../../pipeline'
import { claimReminder, lockOwingInvoice, queueDunningEmail, type ReminderKind } from './dunning'

const NOTICE_KEYS = [
  'billing.overdueNotice1Days',
  'billing.overdueNotice2Days',
  'billing.overdueNotice3Days',
] as const

/** The notices that are on (day > 0), in order: [number, days after due]. */
function enabledNotices(settings: Settings): [number, number][] {
  return NOTICE_KEYS.map((k, i) => [i + 1, settings[k]] as [number, number]).filter(([, days]) => days > 0)
}

/** The latest notice an invoice due on `dueDate` has reached on `asOf`, if any. */
export function noticeDue(
  settings: Settings,
  dueDate: Date,
  asOf: Date,
): { number: number; isFinal: boolean } | null {
  const notices = enabledNotices(settings)
  const reached = notices.filter(([, days]) => addDays(dueDate, days) <= asOf)
  const last = reached[reached.length - 1]
  return last ? { number: last[0], isFinal: last[0] === notices[notices.length - 1]![0] } : null
}

/**
 * Overdue notices 1, 2 and 3 at `billing.overdueNotice{1,2,3}Days` days after the due date (0: that
 * notice is off). Each at most once per invoice (InvoiceReminder's unique key). A run that missed
 * days sends only the latest notice reached, never a burst of the ones it skipped, and never an
 * earlier notice after a later one.
 */
export const overdueNoticesStep = defineStep<DueItem>({
  name: 'overdue-notices',
  async select(db, asOf, afterKey, limit) {
    const s = await getSettings(db)
    const [n1, n2, n3] = NOTICE_KEYS.map((k) => s[k])
    const rows = await db.$queryRaw<{ id: string; clientId: string }[]>`
      SELECT due."id"::text AS "id", due."clientId"::text AS "clientId" FROM (
        SELECT i."id", i."clientId", CASE
          WHEN ${n3}::int > 0 AND i."dueDate" + ${n3}::int <= ${asOf}::date THEN 'OVERDUE_3'
          WHEN ${n2}::int > 0 AND i."dueDate" + ${n2}::int <= ${asOf}::date THEN 'OVERDUE_2'
          WHEN ${n1}::int > 0 AND i."dueDate" + ${n1}::int <= ${asOf}::date THEN 'OVERDUE_1'
        END AS "notice"
        FROM "Invoice" i
        WHERE i."status" = 'UNPAID' AND i."kind" = 'STANDARD' AND i."balance" > 0 AND i."dueDate" < ${asOf}::date
          AND (${afterKey}::uuid IS NULL OR i."id" > ${afterKey}::uuid)
      ) due
      WHERE due."notice" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "InvoiceReminder" r WHERE r."invoiceId" = due."id" AND r."kind" LIKE 'OVERDUE_%' AND r."kind" >= due."notice")
      ORDER BY due."id" LIMIT ${limit}::int`
    return rows.map((r) => ({ key: r.id, clientId: r.clientId }))
  },
  async processItem(tx, item, asOf) {
    const settings = await getSettings(tx.db)
    const inv = await lockOwingInvoice(tx.db, item.key)
    const notice = inv ? noticeDue(settings, inv.dueDate, asOf) : null
    if (!inv || !notice) return { changed: false }
    const sent = await tx.db.invoiceReminder.findMany({
      where: { invoiceId: inv.id, kind: { startsWith: 'OVERDUE_' } },
      select: { kind: true },
    })
    const kind = `OVERDUE_${notice.number}` as ReminderKind
    if (sent.some((r) => r.kind >= kind)) return { changed: false }
    if (!(await claimReminder(tx.db, inv.id, kind, asOf))) return { changed: false }
    const suspendDays = settings['automation.overdueSuspendDays']
    const suspensionDate = suspendDays > 0 ? addDays(inv.dueDate, suspendDays) : null
    const emails = await queueDunningEmail(tx.db, inv.id, {
      template: 'overdue-notice',
      noticeNumber: notice.number,
      isFinal: notice.isFinal,
      suspensionDate: suspensionDate && suspensionDate > asOf ? suspensionDate : null,
    })
    await recordAuditEvent(tx, {
      action: 'invoice.overdue-notice',
      targetType: 'Invoice',
      targetId: inv.id,
      clientId: inv.clientId,
      after: { kind, on: asOf, emails },
    })
    return { changed: true, counts: { noticesSent: 1 } }
  },
})
