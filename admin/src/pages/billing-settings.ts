import { DomainError, parseAmount, toDecimalString, type SettingKey, type Settings } from '@berth/core'
import { flat } from 'adminjs'
import type { Db } from '@berth/prisma'
import { flag, text } from './page-answer'

/**
 * The billing part of the Settings page: invoice number format, tax mode, payment terms, automatic
 * credit, billing locale, the seller's country (EU reverse charge), and the add-funds limits per
 * currency. Limits are typed as decimal text in each currency and stored as minor units (strings)
 * the way core's settings keep them; a currency with neither limit cannot add funds.
 */
const TEXT = {
  invoiceNumberFormat: 'billing.invoiceNumberFormat',
  taxMode: 'billing.taxMode',
  billingLocale: 'billing.locale',
  companyCountry: 'company.country',
} as const satisfies Record<string, SettingKey>

export const BILLING_KEY_TO_FIELD: Record<string, string> = {
  ...Object.fromEntries(Object.entries(TEXT).map(([field, key]) => [key, field])),
  'billing.autoApplyCredit': 'autoApplyCredit',
  'billing.paymentTermsDays': 'paymentTermsDays',
  'billing.addFundsMin': 'addFundsMin',
  'billing.addFundsMax': 'addFundsMax',
}

async function currencies(db: Db) {
  return db.currency.findMany({
    where: { isActive: true },
    select: { code: true, exponent: true },
    orderBy: { code: 'asc' },
  })
}

/** The billing fields of the settings form (merged into the page's `settings`). */
export async function billingSettingsForm(db: Db, settings: Settings): Promise<Record<string, unknown>> {
  const list = await currencies(db)
  const limits = (stored: Record<string, string>) =>
    Object.fromEntries(
      list.map((c) => [
        c.code,
        stored[c.code] === undefined ? '' : toDecimalString(BigInt(stored[c.code]!), c.exponent),
      ]),
    )
  return {
    ...Object.fromEntries(Object.entries(TEXT).map(([field, key]) => [field, settings[key]])),
    autoApplyCredit: settings['billing.autoApplyCredit'],
    paymentTermsDays: String(settings['billing.paymentTermsDays']),
    addFundsMin: limits(settings['billing.addFundsMin']),
    addFundsMax: limits(settings['billing.addFundsMax']),
    billingCurrencies: list.map((c) => c.code),
  }
}

/** The posted billing fields as a settings patch, or the field errors of the add-funds limits. */
export async function billingSettingsPatch(
  db: Db,
  raw: Record<string, unknown>,
): Promise<{ patch: Partial<Record<SettingKey, unknown>>; errors?: Record<string, string> }> {
  // A JSON post keeps the limits as objects; a form post sends them flattened (addFundsMin.USD).
  const payload = flat.unflatten<Record<string, unknown>, Record<string, unknown>>(raw)
  const patch: Partial<Record<SettingKey, unknown>> = {}
  for (const [field, key] of Object.entries(TEXT))
    if (Object.hasOwn(payload, field)) patch[key] = text(payload[field])
  if (Object.hasOwn(payload, 'autoApplyCredit'))
    patch['billing.autoApplyCredit'] = flag(payload.autoApplyCredit)
  if (Object.hasOwn(payload, 'paymentTermsDays')) {
    const days = text(payload.paymentTermsDays).trim()
    patch['billing.paymentTermsDays'] = /^\d{1,4}$/.test(days) ? Number(days) : days
  }
  const hasLimits = Object.hasOwn(payload, 'addFundsMin') || Object.hasOwn(payload, 'addFundsMax')
  if (!hasLimits) return { patch }

  const errors: Record<string, string> = {}
  const min: Record<string, string> = {}
  const max: Record<string, string> = {}
  const posted = (name: 'addFundsMin' | 'addFundsMax') =>
    payload[name] && typeof payload[name] === 'object' ? (payload[name] as Record<string, unknown>) : {}
  for (const c of await currencies(db)) {
    const lo = text(posted('addFundsMin')[c.code]).trim()
    const hi = text(posted('addFundsMax')[c.code]).trim()
    if (!lo && !hi) continue
    const parse = (value: string, field: string): bigint | undefined => {
      try {
        return parseAmount(value, c.exponent, { field })
      } catch (error) {
        if (!(error instanceof DomainError)) throw error
        errors[field] = error.message
        return undefined
      }
    }
    const a = lo ? parse(lo, `addFundsMin.${c.code}`) : undefined
    const b = hi ? parse(hi, `addFundsMax.${c.code}`) : undefined
    if (!lo || !hi)
      errors[lo ? `addFundsMax.${c.code}` : `addFundsMin.${c.code}`] =
        'Give both a minimum and a maximum, or neither (no add funds in this currency).'
    else if (a !== undefined && b !== undefined) {
      if (a <= 0n) errors[`addFundsMin.${c.code}`] = 'The minimum must be more than zero.'
      else if (b < a) errors[`addFundsMax.${c.code}`] = 'The maximum cannot be below the minimum.'
      else {
        min[c.code] = a.toString()
        max[c.code] = b.toString()
      }
    }
  }
  if (Object.keys(errors).length) return { patch, errors }
  return { patch: { ...patch, 'billing.addFundsMin': min, 'billing.addFundsMax': max } }
}
