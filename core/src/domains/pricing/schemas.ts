import { z } from 'zod'
import { currencyCodeSchema, minorUnitsSchema } from '../../money'
import { partialUpdate } from '../../shared'
import { tldNameSchema } from '../names/parse-domain-name'
import { isRegistrarName } from '../registrars/registry'

const years = z.number().int('Whole years only.').min(1, 'At least 1 year.').max(10, 'At most 10 years.')

const tldObject = z.object({
  name: tldNameSchema,
  registrar: z.string().trim().refine(isRegistrarName, 'Choose a registrar from the list.'),
  isActive: z.boolean().default(true),
  isFeatured: z.boolean().default(false),
  eppRequired: z.boolean().default(true),
  dnsManagement: z.boolean().default(true),
  idProtection: z.boolean().default(false),
  minYears: years.default(1),
  maxYears: years.default(10),
  graceDays: z.number().int().min(0).max(90).default(30),
  redemptionDays: z.number().int().min(0).max(90).default(30),
  sortOrder: z.number().int().min(0).max(100_000).default(0),
  whoisHost: z
    .string()
    .trim()
    .max(253)
    .regex(/^[a-z0-9.-]*$/i, 'A host name: letters, digits, dots and hyphens.')
    .transform((v) => v || null)
    .nullable()
    .default(null),
  whoisPort: z.number().int().min(1).max(65_535).nullable().default(null),
  // Days before expiry the daily run invoices auto-renewals of this TLD; null: domains.renewalInvoiceDays.
  renewalInvoiceDays: z
    .number()
    .int('Whole days only.')
    .min(0, 'The day count cannot be negative.')
    .max(365, 'At most 365 days.')
    .nullable()
    .default(null),
})

export const tldSchema = tldObject.refine((t) => t.minYears <= t.maxYears, {
  message: 'The minimum cannot be above the maximum.',
  path: ['minYears'],
})

export const tldUpdateSchema = partialUpdate(tldObject)

const amount = minorUnitsSchema.refine((v) => BigInt(v) >= 0n, 'Prices cannot be negative.')

/** One currency's whole price grid for a TLD: replaces what was there for that currency. */
export const tldPricesSchema = z.object({
  currency: currencyCodeSchema,
  prices: z
    .array(
      z.object({
        action: z.enum(['REGISTER', 'TRANSFER', 'RENEW']),
        years,
        amount,
        costAmount: amount.nullable().default(null),
      }),
    )
    .max(30)
    .refine(
      (rows) => new Set(rows.map((r) => `${r.action}|${r.years}`)).size === rows.length,
      'Each action and period can have one price.',
    ),
  fees: z
    .array(
      z.object({
        kind: z.enum(['GRACE', 'REDEMPTION']),
        amount,
        costAmount: amount.nullable().default(null),
      }),
    )
    .max(2)
    .default([]),
})

export const tldMarkupSchema = z.object({
  tldIds: z.array(z.string().uuid()).min(1, 'Choose at least one TLD.').max(5000),
  /** percentage over cost, e.g. 25 or 12.5 */
  percent: z.number().min(0, 'The markup cannot be negative.').max(1000, 'At most 1000%.'),
  currency: currencyCodeSchema.optional(),
})
