import { isDeepStrictEqual } from 'node:util'
import { z } from 'zod'
import type { Db, DbClient, Prisma } from '@berth/prisma'
import type { Ctx } from '../shared/context'
import { parseInput } from '../shared/validate'
import { inTransaction } from '../shared/transaction'
import { recordAuditEvent } from '../audit/record-audit-event'
import { requirePermission } from '../access/require-permission'

// supportedLocalesOf throws a RangeError on a malformed tag ("xx-nope-nope"): that is a validation failure too.
function isSupportedLocale(locale: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0
  } catch {
    return false
  }
}

/** Every setting, its type and default. Stored as JSON rows in `Setting`, one per key. */
export const settingsSchema = z.object({
  'company.name': z.string().trim().min(1).max(120).default('Berth Hosting'),
  'company.email': z.string().trim().email().default('billing@berth.test'),
  'company.address': z.string().trim().max(500).default('1 Harbour Street\nPort Town\nUnited Kingdom'),
  'company.taxId': z.string().trim().max(40).default(''),
  'company.logoUrl': z.string().trim().max(500).default(''),
  // ISO 3166-1 alpha-2 of the seller: decides EU reverse charge (docs/decisions/0012-money-and-tax.md).
  'company.country': z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'Use a two-letter country code such as GB.').default('GB'),
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
  'billing.addFundsMin': z.record(z.string().regex(/^[A-Z]{3}$/), z.string().regex(/^\d{1,18}$/)).default({ USD: '1000', EUR: '1000', GBP: '1000' }),
  'billing.addFundsMax': z.record(z.string().regex(/^[A-Z]{3}$/), z.string().regex(/^\d{1,18}$/)).default({ USD: '100000', EUR: '100000', GBP: '100000' }),
  // Locale for amounts and dates in invoices, PDFs and billing emails.
  'billing.locale': z.string().trim().min(2).max(35).refine(isSupportedLocale, 'Unknown locale.').default('en-US'),
  // 'auto': paying an order's first invoice activates its services; 'review': staff accept each order.
  'orders.activation': z.enum(['auto', 'review']).default('auto'),
  'portal.allowRegistration': z.boolean().default(true),
  'portal.requireEmailVerification': z.boolean().default(false),
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

export async function updateSettings(ctx: Ctx, patch: Partial<Record<SettingKey, unknown>>): Promise<Settings> {
  requirePermission(ctx.actor, 'settings.manage')
  // zod 4 applies a field's default even inside .partial(): keep only the keys the patch sets, or
  // every other setting would be overwritten with its default.
  const parsed = parseInput(settingsSchema.partial(), patch) as Record<string, unknown>
  const values = Object.fromEntries(Object.entries(parsed).filter(([key]) => patch[key as SettingKey] !== undefined))
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
    const changedBefore: Record<string, unknown> = {}
    const changedAfter: Record<string, unknown> = {}
    for (const key of Object.keys(values) as SettingKey[]) {
      // Key order does not count: jsonb stores object keys in its own order.
      if (!isDeepStrictEqual(before[key], after[key])) {
        changedBefore[key] = before[key]
        changedAfter[key] = after[key]
      }
    }
    await recordAuditEvent(tx, { action: 'settings.update', targetType: 'Setting', before: changedBefore, after: changedAfter })
    return after
  })
}
