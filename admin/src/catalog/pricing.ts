import { money as formatAmount } from '../actions/money'
import {
  BILLING_CYCLES,
  CYCLE_LABELS,
  DomainError,
  formatMoney,
  parseAmount,
  toDecimalString,
  type FieldIssue,
} from '@berth/core'
import type { BillingCycle, Db } from '@berth/prisma'

/**
 * The pricing table as forms send it and show it: one row per currency, one column per billing
 * cycle, each cell an amount and a setup fee typed as decimal text ("12.50"). A blank amount means
 * the cycle is not offered in that currency. Parsing is core's parseAmount (string arithmetic, the
 * currency's own number of decimals); saving is core's createProduct / setPrices, which validate
 * again and audit.
 */
export interface CurrencyFacts {
  code: string
  exponent: number
  symbol: string
  isDefault: boolean
}

/** Active currencies, default first: the rows every pricing table offers. */
export async function activeCurrencies(db: Db): Promise<CurrencyFacts[]> {
  return db.currency.findMany({
    where: { isActive: true },
    select: { code: true, exponent: true, symbol: true, isDefault: true },
    orderBy: [{ isDefault: 'desc' }, { code: 'asc' }],
  })
}

export interface PriceRowInput {
  currency: string
  cycle: BillingCycle
  amount: bigint
  setupFee: bigint
}

type Cell = { amount?: unknown; setupFee?: unknown }

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v)).trim()
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * `{ USD: { MONTHLY: { amount: '12.00', setupFee: '5' } } }` → price rows. Every bad cell is a field
 * issue on its own path (`pricing.USD.MONTHLY.amount`), all reported at once; nothing is returned
 * when any is bad.
 */
export function parsePricing(
  raw: unknown,
  currencies: readonly CurrencyFacts[],
  field = 'pricing',
): PriceRowInput[] {
  if (raw === undefined || raw === null || raw === '') return []
  if (!isObject(raw))
    throw new DomainError(
      'VALIDATION_FAILED',
      'The pricing table was not sent correctly. Reload the page and try again.',
      { field },
    )
  const byCode = new Map(currencies.map((c) => [c.code, c]))
  const rows: PriceRowInput[] = []
  const issues: FieldIssue[] = []
  for (const [code, cycles] of Object.entries(raw)) {
    const currency = byCode.get(code.toUpperCase())
    if (!currency) {
      issues.push({ field: `${field}.${code}`, message: `${code} is not an active currency.` })
      continue
    }
    if (!isObject(cycles)) continue
    for (const [cycle, cell] of Object.entries(cycles)) {
      if (!(BILLING_CYCLES as readonly string[]).includes(cycle)) {
        issues.push({ field: `${field}.${code}.${cycle}`, message: `${cycle} is not a billing cycle.` })
        continue
      }
      const { amount: rawAmount, setupFee: rawFee } = (isObject(cell) ? cell : {}) as Cell
      const amountText = text(rawAmount)
      const feeText = text(rawFee)
      const path = `${field}.${code}.${cycle}`
      if (amountText === '') {
        if (feeText !== '' && !/^0+(\.0+)?$/.test(feeText))
          issues.push({
            field: `${path}.amount`,
            message: 'Enter the price too, or clear the setup fee: a cycle without a price is not offered.',
          })
        continue
      }
      let amount: bigint | undefined
      let setupFee: bigint | undefined = 0n
      try {
        amount = parseAmount(amountText, currency.exponent, { field: `${path}.amount` })
      } catch (error) {
        if (!(error instanceof DomainError)) throw error
        issues.push({ field: `${path}.amount`, message: error.message })
      }
      if (feeText !== '') {
        try {
          setupFee = parseAmount(feeText, currency.exponent, { field: `${path}.setupFee` })
        } catch (error) {
          if (!(error instanceof DomainError)) throw error
          issues.push({ field: `${path}.setupFee`, message: error.message })
          setupFee = undefined
        }
      }
      if (amount !== undefined && setupFee !== undefined)
        rows.push({ currency: currency.code, cycle: cycle as BillingCycle, amount, setupFee })
    }
  }
  if (issues.length)
    throw new DomainError(
      'VALIDATION_FAILED',
      issues.length === 1 ? issues[0]!.message : 'Some prices are not valid.',
      { issues },
    )
  return rows
}

export interface StoredPrice {
  currencyCode: string
  cycle: BillingCycle
  amount: bigint
  setupFee: bigint
  currency: { exponent: number; symbol?: string; isDefault?: boolean }
}

/** Prisma select of a price with what showing it needs. */
export const PRICE_VIEW_SELECT = {
  currencyCode: true,
  cycle: true,
  amount: true,
  setupFee: true,
  currency: { select: { exponent: true, isDefault: true } },
} as const

/** Stored prices → the table's values as decimal text (what the form shows and sends back). */
export function pricingView(
  prices: readonly StoredPrice[],
): Record<string, Record<string, { amount: string; setupFee: string }>> {
  const out: Record<string, Record<string, { amount: string; setupFee: string }>> = {}
  const sorted = [...prices].sort(
    (a, b) =>
      Number(Boolean(b.currency.isDefault)) - Number(Boolean(a.currency.isDefault)) ||
      a.currencyCode.localeCompare(b.currencyCode) ||
      BILLING_CYCLES.indexOf(a.cycle) - BILLING_CYCLES.indexOf(b.cycle),
  )
  for (const p of sorted) {
    const e = p.currency.exponent
    ;(out[p.currencyCode] ??= {})[p.cycle] = {
      amount: toDecimalString(p.amount, e),
      setupFee: p.setupFee === 0n ? '' : toDecimalString(p.setupFee, e),
    }
  }
  return out
}

const SHORT: Record<BillingCycle, string> = {
  ONE_TIME: 'once',
  MONTHLY: 'mo',
  QUARTERLY: 'qtr',
  SEMI_ANNUAL: '6 mo',
  ANNUAL: 'yr',
  BIENNIAL: '2 yr',
  TRIENNIAL: '3 yr',
}

/** For lists: the default currency's prices in one line ("$3.99/mo · $39.99/yr"), or "Not priced". */
export function priceSummary(prices: readonly StoredPrice[]): string {
  if (!prices.length) return 'Not priced'
  const currency =
    prices.find((p) => p.currency.isDefault)?.currencyCode ??
    [...prices].map((p) => p.currencyCode).sort()[0]!
  const order = (c: BillingCycle) => BILLING_CYCLES.indexOf(c)
  return prices
    .filter((p) => p.currencyCode === currency)
    .sort((a, b) => order(a.cycle) - order(b.cycle))
    .map((p) => `${formatMoney(p.amount, p.currencyCode, p.currency.exponent)}/${SHORT[p.cycle]}`)
    .join(' · ')
}

/** Column headings of the pricing table, in cycle order. */
export const CYCLE_COLUMNS = BILLING_CYCLES.map((cycle) => ({ cycle, label: CYCLE_LABELS[cycle] }))

/** Transitional: domain.resource.ts's old call; actions/money.ts is the one formatter. */
export function money(
  amount: bigint | string | number | null | undefined,
  currency: string,
  exponent: number,
): string {
  return formatAmount(amount, { code: currency, exponent })
}
