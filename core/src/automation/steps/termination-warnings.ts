import type { DbClient } from '@berth/prisma'
import { addDays, toDateOnly } from '../../catalog'
import { recordAuditEvent } from '../../audit'
import { billingFormatter, invoiceLink, billingRecipients } from '../../billing'
import { queueEmail } from '../../notifications'
import { lockService } from '../../services'
import { getSettings, type Settings } from '../../settings'
import { defineStep, type DueItem } from '../../pipeline'

/**
 * The termination warning (docs/decisions/0053-billing-run-emails.md): `billing.terminationWarningDays`
 * days before the terminations step would terminate a service suspended for non-payment (0: none),
 * the client's billing recipients are told the date. Once per service and suspension, whatever
 * happens (ServiceNotice's unique (serviceId, kind, suspendedAt)): a rerun, a late run, two workers.
 * A run later than the warning day still warns while the termination is ahead; on the termination
 * day itself the service-terminated email says it instead.
 */
export const TERMINATION_WARNING = 'TERMINATION_WARNING'

/** The day the terminations step terminates the service: both of its conditions met (see service-steps.ts). */
export function terminationDay(
  suspendedAt: Date,
  oldestUnpaidDue: Date,
  suspendDays: number,
  terminateDays: number,
): Date {
  const bySuspension = addDays(suspendedAt, terminateDays)
  const byInvoice = addDays(oldestUnpaidDue, suspendDays + terminateDays)
  return bySuspension > byInvoice ? bySuspension : byInvoice
}

const active = (s: Settings) =>
  s['automation.terminateDays'] > 0 &&
  s['billing.terminationWarningDays'] > 0 &&
  s['billing.terminationWarningDays'] < s['automation.terminateDays']

/** The oldest unpaid invoice billing the service or one of its addons, due by `dueBy`. */
async function oldestUnpaid(db: DbClient, serviceId: string, dueBy: Date) {
  return db.invoice.findFirst({
    where: {
      status: 'UNPAID',
      balance: { gt: 0n },
      dueDate: { lte: dueBy },
      items: { some: { OR: [{ serviceId }, { serviceAddon: { serviceId } }] } },
    },
    orderBy: [{ dueDate: 'asc' }, { id: 'asc' }],
    select: { id: true, number: true, dueDate: true, balance: true, currencyCode: true },
  })
}

export const terminationWarningsStep = defineStep<DueItem>({
  name: 'termination-warnings',
  async select(db, asOf, afterKey, limit) {
    const s = await getSettings(db)
    if (!active(s)) return []
    const lead = s['automation.terminateDays'] - s['billing.terminationWarningDays']
    // Loose on purpose (the exact day is checked under the lock): suspended at least `lead` days
    // ago, an invoice still unpaid, no warning yet for this suspension.
    const rows = await db.$queryRaw<{ id: string; clientId: string }[]>`
      SELECT s."id"::text AS "id", s."clientId"::text AS "clientId" FROM "Service" s
      WHERE s."status" = 'SUSPENDED' AND s."suspendedForNonPayment" AND s."suspendedAt" IS NOT NULL
        AND s."suspendedAt" < (${addDays(asOf, 1 - lead)}::date)::timestamp AT TIME ZONE 'UTC'
        AND NOT EXISTS (SELECT 1 FROM "ServiceNotice" n WHERE n."serviceId" = s."id"
                          AND n."kind" = ${TERMINATION_WARNING} AND n."suspendedAt" = s."suspendedAt")
        AND EXISTS (SELECT 1 FROM "Invoice" i JOIN "InvoiceItem" it ON it."invoiceId" = i."id"
                      LEFT JOIN "ServiceAddon" sa ON sa."id" = it."serviceAddonId"
                    WHERE i."status" = 'UNPAID' AND i."balance" > 0 AND i."dueDate" <= ${asOf}::date
                      AND (it."serviceId" = s."id" OR sa."serviceId" = s."id"))
        AND (${afterKey}::uuid IS NULL OR s."id" > ${afterKey}::uuid)
      ORDER BY s."id" LIMIT ${limit}::int`
    return rows.map((r) => ({ key: r.id, clientId: r.clientId }))
  },
  async processItem(tx, item, asOf) {
    const settings = await getSettings(tx.db)
    if (!active(settings) || !(await lockService(tx.db, item.key))) return { changed: false }
    const s = await tx.db.service.findUniqueOrThrow({
      where: { id: item.key },
      select: {
        clientId: true,
        status: true,
        suspendedForNonPayment: true,
        suspendedAt: true,
        domain: true,
        product: { select: { name: true, overdueSuspendDays: true } },
      },
    })
    if (s.status !== 'SUSPENDED' || !s.suspendedForNonPayment || !s.suspendedAt) return { changed: false }
    const invoice = await oldestUnpaid(tx.db, item.key, asOf)
    if (!invoice) return { changed: false }
    const suspendDays = s.product.overdueSuspendDays ?? settings['automation.overdueSuspendDays']
    const terminateOn = terminationDay(
      s.suspendedAt,
      invoice.dueDate,
      suspendDays,
      settings['automation.terminateDays'],
    )
    const day = toDateOnly(asOf)
    // Not yet in the warning window, or the termination is due today (its own email says so).
    if (day < addDays(terminateOn, -settings['billing.terminationWarningDays']) || day >= terminateOn)
      return { changed: false }
    const claimed = await tx.db.serviceNotice.createMany({
      data: [{ serviceId: item.key, kind: TERMINATION_WARNING, suspendedAt: s.suspendedAt, sentOn: day }],
      skipDuplicates: true,
    })
    if (claimed.count === 0) return { changed: false }
    const fmt = await billingFormatter(tx.db)
    const recipients = await billingRecipients(tx.db, s.clientId)
    for (const r of recipients)
      await queueEmail(tx.db, {
        template: 'termination-warning',
        to: r.email,
        clientId: s.clientId,
        userId: r.userId,
        props: {
          firstName: r.firstName,
          productName: s.product.name,
          domain: s.domain ?? '',
          invoiceNumber: invoice.number ?? '',
          dueDate: fmt.date(invoice.dueDate),
          balance: fmt.money(invoice.balance, invoice.currencyCode),
          terminationDate: fmt.date(terminateOn),
          invoiceUrl: invoiceLink(invoice.id),
        },
      })
    await recordAuditEvent(tx, {
      action: 'service.termination-warning',
      targetType: 'Service',
      targetId: item.key,
      clientId: s.clientId,
      after: { invoiceId: invoice.id, terminationDate: terminateOn, on: day, emails: recipients.length },
    })
    return { changed: true, counts: { terminationWarnings: 1 } }
  },
})
