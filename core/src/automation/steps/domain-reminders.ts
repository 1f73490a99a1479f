import type { DomainStatus } from '@berth/prisma'
import { portalLink } from '../../accounts'
import { recordAuditEvent } from '../../audit'
import { formatDate, billingRecipients } from '../../billing'
import { addDays, daysBetween } from '../../catalog'
import { queueEmails, type QueueEmailInput } from '../../notifications'
import { getSettings, type Settings } from '../../settings'
import { defineStep, type DueItem } from '../../pipeline'

/** Domains that still belong to the client and can still be renewed get reminders. */
const REMINDED: readonly DomainStatus[] = ['ACTIVE', 'GRACE', 'REDEMPTION']

/**
 * The reminder offsets as days relative to expiry, earliest first: `before` days are negative
 * (30 days before: -30), `after` days positive.
 */
export function reminderOffsets(setting: Settings['domains.reminderDays']): number[] {
  return [...new Set([...setting.before.map((d) => -d), ...setting.after])].sort((a, b) => a - b)
}

/** The latest offset the date has reached for this expiry, or null when none has yet. */
export function latestReachedOffset(offsets: readonly number[], expiryDate: Date, asOf: Date): number | null {
  let latest: number | null = null
  for (const o of offsets) if (addDays(expiryDate, o) <= asOf) latest = o
  return latest
}

/**
 * Domain renewal reminders (setting `domains.reminderDays`: days before and after expiry): for
 * active domains, and those in grace or redemption, with or without auto-renew (as WHMCS does),
 * once per domain, expiry and offset (DomainReminder's unique key). A run that missed days sends
 * only the latest reminder reached, never a backlog. No reminder while the renewal from this
 * expiry is paid and waiting for the registrar: there is nothing for the client to do. A renewed
 * domain has a new expiry, so its reminders start again for that one.
 */
export const domainRemindersStep = defineStep<DueItem>({
  name: 'domain-reminders',
  async select(db, asOf, afterKey, limit) {
    const offsets = reminderOffsets((await getSettings(db))['domains.reminderDays'])
    if (!offsets.length) return []
    return db.$queryRaw<DueItem[]>`
      SELECT d."id"::text AS "key", d."clientId"::text AS "clientId"
      FROM "Domain" d
      CROSS JOIN LATERAL (SELECT max(o) AS "offset" FROM unnest(${offsets}::int[]) o
        WHERE d."expiryDate" + o <= ${asOf}::date) latest
      WHERE d."status" IN ('ACTIVE', 'GRACE', 'REDEMPTION') AND d."expiryDate" IS NOT NULL
        AND d."expiryDate" <= ${asOf}::date - ${offsets[0]!}::int AND latest."offset" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "DomainReminder" r WHERE r."domainId" = d."id"
          AND r."expiryDate" = d."expiryDate" AND r."offsetDays" = -latest."offset")
        AND NOT EXISTS (SELECT 1 FROM "InvoiceItem" i JOIN "Invoice" v ON v."id" = i."invoiceId"
          WHERE i."domainId" = d."id" AND i."type" = 'DOMAIN' AND i."periodStart" = d."expiryDate" AND v."status" = 'PAID')
        AND (${afterKey}::uuid IS NULL OR d."id" > ${afterKey}::uuid)
      ORDER BY d."id" LIMIT ${limit}::int`
  },
  async processItem(tx, item, asOf) {
    const offsets = reminderOffsets((await getSettings(tx.db))['domains.reminderDays'])
    await tx.db.$queryRaw`SELECT "id" FROM "Domain" WHERE "id" = ${item.key}::uuid FOR UPDATE`
    const domain = await tx.db.domain.findUniqueOrThrow({
      where: { id: item.key },
      select: { id: true, clientId: true, name: true, status: true, expiryDate: true, isAutoRenew: true },
    })
    if (!domain.expiryDate || !REMINDED.includes(domain.status)) return { changed: false }
    const offset = latestReachedOffset(offsets, domain.expiryDate, asOf)
    if (offset === null) return { changed: false }
    const isPaid = await tx.db.invoiceItem.count({
      where: {
        domainId: domain.id,
        type: 'DOMAIN',
        periodStart: domain.expiryDate,
        invoice: { status: 'PAID' },
      },
    })
    if (isPaid) return { changed: false }
    const claimed = await tx.db.domainReminder.createMany({
      data: [{ domainId: domain.id, expiryDate: domain.expiryDate, offsetDays: -offset, sentOn: asOf }],
      skipDuplicates: true,
    })
    if (!claimed.count) return { changed: false }
    const days = daysBetween(asOf, domain.expiryDate)
    const recipients = await billingRecipients(tx.db, domain.clientId)
    const emails: QueueEmailInput<'domain-renewal-reminder'>[] = recipients.map((r) => ({
      template: 'domain-renewal-reminder',
      to: r.email,
      clientId: domain.clientId,
      userId: r.userId,
      props: {
        firstName: r.firstName,
        domain: domain.name,
        expiryDate: formatDate(domain.expiryDate!),
        days: Math.abs(days),
        isExpired: days < 0,
        isAutoRenew: domain.isAutoRenew,
        domainUrl: portalLink(`domains/${domain.id}`),
      },
    }))
    await queueEmails(tx.db, emails)
    await recordAuditEvent(tx, {
      action: 'domain.reminder',
      targetType: 'Domain',
      targetId: domain.id,
      clientId: domain.clientId,
      after: { expiryDate: domain.expiryDate, offsetDays: -offset, on: asOf, emails: emails.length },
    })
    return { changed: true, counts: { domainRemindersSent: 1 } }
  },
})
