import { isDeepStrictEqual } from 'node:util'
import { z } from 'zod'
import type { Db, DbClient, Prisma } from '@berth/prisma'
import { parseInput, inTransaction, type Ctx } from '../shared'
import { recordAuditEvent } from '../audit'
import { requirePermission } from '../access'
import { assertSettingsAgree } from './assert-settings-agree'

// supportedLocalesOf throws a RangeError on a malformed tag ("xx-nope-nope"): that is a validation failure too.
function isSupportedLocale(locale: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0
  } catch {
    return false
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

const days = (what: string) =>
  z
    .number({ message: `The ${what} day count must be a whole number.` })
    .int(`The ${what} day count must be a whole number.`)
    .min(0, `The ${what} day count cannot be negative.`)

/** Every setting, its type and default. Stored as JSON rows in `Setting`, one per key. */
export const settingsSchema = z.object({
  'company.name': z.string().trim().min(1).max(120).default('Berth Hosting'),
  'company.email': z.string().trim().email().default('billing@berth.test'),
  'company.address': z.string().trim().max(500).default('1 Harbour Street\nPort Town\nUnited Kingdom'),
  'company.taxId': z.string().trim().max(40).default(''),
  'company.logoUrl': z.string().trim().max(500).default(''),
  // ISO 3166-1 alpha-2 of the seller: decides EU reverse charge (docs/decisions/0012-money-and-tax.md).
  'company.country': z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'Use a two-letter country code such as GB.')
    .default('GB'),
  // {YYYY} {YY} {MM} {DD} and {SEQ} or {SEQ:n} (zero-padded to n digits); the sequence never resets.
  'billing.invoiceNumberFormat': z
    .string()
    .trim()
    .min(1)
    .max(60)
    .refine((f) => /\{SEQ(:\d{1,2})?\}/.test(f), 'The format must contain {SEQ} or {SEQ:n}.')
    .default('INV-{YYYY}-{SEQ:5}'),
  // Whether item prices include tax (INCLUSIVE) or tax is added on top (EXCLUSIVE).
  'billing.taxMode': z.enum(['EXCLUSIVE', 'INCLUSIVE']).default('EXCLUSIVE'),
  // Apply the client's account credit to each invoice when it is published.
  'billing.autoApplyCredit': z.boolean().default(false),
  // Days between issue and due date when staff leave the due date out.
  'billing.paymentTermsDays': z.number().int().min(0).max(365).default(14),
  // Add-funds limits per currency, in minor units (strings); a currency not listed cannot add funds.
  'billing.addFundsMin': z
    .record(z.string().regex(/^[A-Z]{3}$/), z.string().regex(/^\d{1,18}$/))
    .default({ USD: '1000', EUR: '1000', GBP: '1000' }),
  'billing.addFundsMax': z
    .record(z.string().regex(/^[A-Z]{3}$/), z.string().regex(/^\d{1,18}$/))
    .default({ USD: '100000', EUR: '100000', GBP: '100000' }),
  // Locale for amounts and dates in invoices, PDFs and billing emails.
  'billing.locale': z
    .string()
    .trim()
    .min(2)
    .max(35)
    .refine(isSupportedLocale, 'Unknown locale.')
    .default('en-US'),
  // 'auto': paying an order's first invoice activates its services; 'review': staff accept each order.
  'orders.activation': z.enum(['auto', 'review']).default('auto'),
  // Days an upgrade that costs money waits for its invoice to be paid before both expire (docs/decisions/0023).
  'services.packageChangeExpiryDays': z
    .number({ message: 'The package change expiry must be a whole number of days.' })
    .int('The package change expiry must be a whole number of days.')
    .min(1, 'An upgrade must wait at least 1 day for its payment.')
    .max(90, 'An upgrade can wait at most 90 days for its payment.')
    .default(7),
  // The daily billing run (docs/decisions/0027-daily-billing-run.md). Day counts: 0 turns a step off
  // where it says so; assert-settings-agree.ts checks the keys against each other.
  'billing.renewalInvoiceDaysBefore': days('renewal invoice').max(365).default(14),
  'billing.paymentReminderDaysBefore': days('payment reminder').max(60).default(7), // 0: no reminder
  'billing.overdueNotice1Days': days('first overdue notice').max(365).default(1), // 0: no notice
  'billing.overdueNotice2Days': days('second overdue notice').max(365).default(3),
  'billing.overdueNotice3Days': days('third overdue notice').max(365).default(5),
  'billing.lateFeeType': z.enum(['NONE', 'FIXED', 'PERCENT']).default('NONE'),
  'billing.lateFeeDays': days('late fee').max(365).default(7),
  // FIXED: the fee per currency, minor units (strings). PERCENT: millionths of the balance, at least the minimum.
  'billing.lateFeeFixed': z
    .record(z.string().regex(/^[A-Z]{3}$/), z.string().regex(/^\d{1,18}$/))
    .default({ USD: '500', EUR: '500', GBP: '500' }),
  'billing.lateFeePercent': z
    .number()
    .int()
    .min(0, 'The late fee percentage cannot be negative.')
    .max(1_000_000)
    .default(100_000),
  'billing.lateFeeMinimum': z
    .record(z.string().regex(/^[A-Z]{3}$/), z.string().regex(/^\d{1,18}$/))
    .default({ USD: '500', EUR: '500', GBP: '500' }),
  'automation.overdueSuspendDays': days('suspension').max(365).default(7), // 0: never suspend
  'automation.terminateDays': days('termination').max(3650).default(0), // days after suspension; 0: never terminate
  // Advance warning to the client this many days before a suspended service is terminated (0: none);
  // it must fall after the suspension day, so below automation.terminateDays (assertSettingsAgree).
  'billing.terminationWarningDays': days('termination warning').max(3650).default(0),
  // Who gets the daily run's summary (docs/decisions/0053-billing-run-emails.md): staff email
  // addresses; only active staff whose role holds billing.view receive it, whatever is listed here.
  'automation.summaryRecipients': z
    .array(z.string().trim().toLowerCase().email('Enter staff email addresses.'))
    .max(20, 'At most 20 recipients.')
    .default([]),
  'automation.cancelUnpaidOrderDays': days('unpaid order cancellation').max(365).default(0), // 0: never
  'automation.runHour': z
    .number()
    .int()
    .min(0, 'Use an hour from 0 to 23.')
    .max(23, 'Use an hour from 0 to 23.')
    .default(9),
  'automation.timeZone': z
    .string()
    .trim()
    .refine(isTimeZone, 'Unknown time zone: use one such as Europe/London or UTC.')
    .default('UTC'),
  // Support tickets (docs/decisions/0028-support-tickets-and-attachments.md).
  'support.allowReopen': z.boolean().default(true), // a client may reopen a closed ticket
  // Attachment extensions clients may upload, comma-separated; each is also checked by its magic bytes.
  'support.attachmentExtensions': z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^(jpg|jpeg|png|gif|pdf|txt|log|zip)(,(jpg|jpeg|png|gif|pdf|txt|log|zip))*$/,
      'List extensions separated by commas, from: jpg, jpeg, png, gif, pdf, txt, log, zip.',
    )
    .default('jpg,jpeg,png,gif,pdf,txt,log,zip'),
  'support.attachmentMaxBytes': z
    .number()
    .int()
    .min(1024, 'Allow at least 1 KB per attachment.')
    .max(50 * 1024 * 1024, 'Allow at most 50 MB per attachment.')
    .default(5 * 1024 * 1024),
  'support.attachmentMaxCount': z
    .number()
    .int()
    .min(0, 'The attachment count cannot be negative.')
    .max(10, 'Allow at most 10 attachments per message.')
    .default(5), // 0: no attachments
  // Rate limits per hour: new tickets and client replies, per client and per IP address.
  'support.ticketsPerHourPerClient': z.number().int().min(1).max(1000).default(5),
  'support.ticketsPerHourPerIp': z.number().int().min(1).max(10000).default(20),
  'support.repliesPerHourPerClient': z.number().int().min(1).max(1000).default(30),
  'support.repliesPerHourPerIp': z.number().int().min(1).max(10000).default(60),
  // Support desk automation (docs/decisions/0033-support-desk-automation.md).
  'support.autoCloseDays': days('auto-close').max(365).default(7), // ANSWERED tickets idle this long close; 0: never
  'support.unansweredReminderHours': z
    .number({ message: 'The reminder delay must be a whole number of hours.' })
    .int('The reminder delay must be a whole number of hours.')
    .min(0, 'The reminder delay cannot be negative.')
    .max(720, 'The reminder delay can be at most 720 hours.')
    .default(24), // 0: no reminder
  // Domain availability lookups (RDAP/WHOIS) give up after this long and answer "unknown, try later";
  // definitive answers are reused for the cache time (docs/decisions/0041-domain-availability.md).
  'domains.lookupTimeoutMs': z.number().int().min(200).max(15_000).default(3000),
  'domains.availabilityCacheSeconds': z.number().int().min(0).max(3600).default(300),
  // Where the weekly job fetches the IANA RDAP bootstrap file (a mirror, or a local copy offline).
  'domains.rdapBootstrapUrl': z
    .url({ protocol: /^https?$/, message: 'Enter an http(s) address of the RDAP bootstrap file.' })
    .default('https://data.iana.org/rdap/dns.json'),
  // Domain renewals in the daily run (docs/decisions/0049-domain-renewals-in-the-daily-run.md): the
  // renewal invoice goes out this many days before expiry, together with the client's other renewals.
  'domains.renewalInvoiceDays': days('domain renewal invoice').max(365).default(14),
  // Renewal reminder emails, days before and after expiry; each goes out once per domain and expiry.
  'domains.reminderDays': z
    .object({
      before: z.array(days('reminder').min(1).max(365)).max(10, 'At most 10 reminders before expiry.'),
      after: z.array(days('reminder').min(1).max(90)).max(10, 'At most 10 reminders after expiry.'),
    })
    .default({ before: [30, 14, 7, 3, 1], after: [1, 5] }),
  // The daily run reads expiry, status, nameservers and lock from the registrar for domains last
  // synced longer ago than this.
  'domains.syncIntervalDays': days('domain sync').min(1).max(90).default(1),
  // Nameservers a new domain is registered with when the client gave none (the host's own DNS).
  'domains.defaultNameservers': z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .transform((h) => h.replace(/\.$/, ''))
        .pipe(
          z
            .string()
            .regex(
              /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/,
              'Enter host names such as ns1.example.com.',
            ),
        ),
    )
    .min(2, 'Enter at least 2 nameservers.')
    .max(13, 'Enter at most 13 nameservers.')
    .refine((list) => new Set(list).size === list.length, 'A nameserver is listed twice.')
    .default(['ns1.berth.invalid', 'ns2.berth.invalid']),
  'portal.allowRegistration': z.boolean().default(true),
  'portal.requireEmailVerification': z.boolean().default(false),
  // Whether staff with catalog.manage may point the webhook module at loopback, link-local or private
  // addresses, and whether calls to host names resolving there are made (provisioning/webhook-target.ts).
  'provisioning.allowPrivateWebhookTargets': z.boolean().default(false),
})

export type Settings = z.infer<typeof settingsSchema>
export type SettingKey = keyof Settings

const KEYS = Object.keys(settingsSchema.shape) as SettingKey[]

export async function getSettings(db: Db | DbClient): Promise<Settings> {
  const rows = await db.setting.findMany({ where: { key: { in: KEYS } }, select: { key: true, value: true } })
  const raw: Record<string, unknown> = {}
  for (const r of rows) raw[r.key] = r.value
  // A stored value that no longer fits the schema falls back to the default rather than breaking pages.
  const out: Record<string, unknown> = {}
  for (const key of KEYS) {
    const field = settingsSchema.shape[key]
    const parsed = field.safeParse(raw[key])
    out[key] = parsed.success ? parsed.data : field.parse(undefined)
  }
  return out as Settings
}

export async function updateSettings(
  ctx: Ctx,
  patch: Partial<Record<SettingKey, unknown>>,
): Promise<Settings> {
  requirePermission(ctx.actor, 'settings.manage')
  // zod 4 applies a field's default even inside .partial(): keep only the keys the patch sets, or
  // every other setting would be overwritten with its default.
  const parsed = parseInput(settingsSchema.partial(), patch) as Record<string, unknown>
  const values = Object.fromEntries(
    Object.entries(parsed).filter(([key]) => patch[key as SettingKey] !== undefined),
  )
  return inTransaction(ctx, async (tx) => {
    const before = await getSettings(tx.db)
    const updatedById = tx.actor.type === 'staff' ? tx.actor.staffId : null
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) continue
      await tx.db.setting.upsert({
        where: { key },
        create: { key, value: value as Prisma.InputJsonValue, updatedById },
        update: { value: value as Prisma.InputJsonValue, updatedById },
      })
    }
    const after = await getSettings(tx.db)
    assertSettingsAgree(after)
    const changedBefore: Record<string, unknown> = {}
    const changedAfter: Record<string, unknown> = {}
    for (const key of Object.keys(values) as SettingKey[]) {
      // Key order does not count: jsonb stores object keys in its own order.
      if (!isDeepStrictEqual(before[key], after[key])) {
        changedBefore[key] = before[key]
        changedAfter[key] = after[key]
      }
    }
    await recordAuditEvent(tx, {
      action: 'settings.update',
      targetType: 'Setting',
      before: changedBefore,
      after: changedAfter,
    })
    return after
  })
}
