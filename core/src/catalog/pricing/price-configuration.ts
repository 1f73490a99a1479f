import type { BillingCycle } from '@berth/prisma'
import { computeInvoiceTotals, type TaxLineResult, type TaxModeName, type TaxRate } from '../../billing'
import { applyRate } from '../../money'
import { billingPeriod, isRecurringCycle, toDateOnly } from './billing-cycles'

/**
 * The pricing engine: a pure function from a configuration to its price breakdown
 * (docs/decisions/0017-pricing-and-proration.md). The cart, the checkout and the store's live
 * price all call it, with prices the server read from the database; nothing here trusts a browser.
 */

/** One cycle's price of a product, option choice or addon, in one currency. */
export interface CyclePrice {
  amount: bigint
  setupFee: bigint
}

/** The prices of one thing in one currency, by cycle. A cycle without an entry is not offered. */
export type PriceTable = Partial<Record<BillingCycle, CyclePrice>>

export interface PricedOption {
  optionId: string
  name: string
  choiceId: string | null
  /** what was chosen, for invoices and emails ("4 GB", "Yes", "3 × IPv4") */
  label: string
  /** units: the quantity of a QUANTITY option, 1 for a chosen choice */
  quantity: number
  /** the chosen choice's prices (per unit for QUANTITY options); a missing cycle costs nothing */
  prices: PriceTable
}

export interface PricedAddon {
  addonId: string
  name: string
  isTaxable: boolean
  /** the addon's billing cycle (the product's, or ONE_TIME for one-time addons) */
  cycle: BillingCycle
  prices: PriceTable
}

export interface PromotionTerms {
  id: string
  code: string
  kind: 'PERCENT' | 'FIXED'
  /** millionths, PERCENT only */
  percent: number | null
  /** minor units in the order's currency, FIXED only (null when the promotion has no amount in it) */
  fixedAmount: bigint | null
  appliesToSetup: boolean
  isRecurring: boolean
  /** payments the discount lasts for, the first included; null = forever (when recurring) */
  recurringCycles: number | null
  /** empty = every cycle */
  cycles: readonly BillingCycle[]
  /** empty = every product */
  productIds: readonly string[]
}

export interface PricingTax {
  rates: readonly TaxRate[]
  mode: TaxModeName
}

export interface PriceConfigurationInput {
  currency: string
  cycle: BillingCycle
  product: { id: string; name: string; isTaxable: boolean; prices: PriceTable }
  options?: readonly PricedOption[]
  addons?: readonly PricedAddon[]
  promotion?: PromotionTerms | null
  tax?: PricingTax | null
  today: Date
}

export type PriceLineKind = 'product' | 'option' | 'addon'

export interface PriceLine {
  kind: PriceLineKind
  /** product, option or addon id */
  refId: string
  description: string
  cycle: BillingCycle
  quantity: number
  /** charged in the first payment for the first period (or once, for one-time) */
  firstAmount: bigint
  /** charged every cycle after (0 for one-time) */
  recurring: bigint
  setupFee: bigint
  isTaxable: boolean
}

export interface PriceBreakdown {
  currency: string
  cycle: BillingCycle
  lines: PriceLine[]
  /** every recurring line, per cycle, before discount */
  recurring: bigint
  setupFees: bigint
  /** what the first payment is for, before discount and tax: every line's first amount */
  firstPeriod: bigint
  discount: {
    /** taken off the first payment */
    firstPayment: bigint
    /** taken off each later payment while the promotion lasts */
    recurring: bigint
    /** later payments the recurring discount still covers: null = forever, 0 = none */
    laterCycles: number | null
    promotionApplies: boolean
  }
  /** firstPeriod + setupFees − discount.firstPayment: before tax (EXCLUSIVE) or tax included (INCLUSIVE) */
  subtotal: bigint
  tax: { mode: TaxModeName; lines: TaxLineResult[]; total: bigint }
  /** the first payment, tax included */
  dueToday: bigint
  /** each renewal before tax while the promotion lasts (then `recurring`) */
  recurringAfterDiscount: bigint
  /** when the first period ends + 1 day: the next payment (null for one-time) */
  nextDueDate: Date | null
  periodStart: Date
  /** last day of the first period (null for one-time) */
  periodEnd: Date | null
}

function priceFor(table: PriceTable, cycle: BillingCycle): CyclePrice | undefined {
  return table[cycle]
}

/** Whether a promotion covers this product and cycle (dates, limits and clients are checked by the caller). */
export function promotionCovers(promotion: PromotionTerms, productId: string, cycle: BillingCycle): boolean {
  if (promotion.productIds.length && !promotion.productIds.includes(productId)) return false
  if (promotion.cycles.length && !promotion.cycles.includes(cycle)) return false
  if (promotion.kind === 'PERCENT' && (promotion.percent ?? 0) <= 0) return false
  if (promotion.kind === 'FIXED' && (promotion.fixedAmount ?? 0n) <= 0n) return false
  return true
}

/**
 * The discount of a promotion on the package (product + its configurable options; addons are never
 * discounted). PERCENT: the rate on the package's price (and on its setup fees when
 * `appliesToSetup`), each rounded half-up. FIXED: the amount off the package's price, then off its
 * setup fees when `appliesToSetup`, never below zero.
 */
function discountOf(
  promotion: PromotionTerms,
  packagePrice: bigint,
  packageSetup: bigint,
): { first: bigint; recurring: bigint } {
  if (promotion.kind === 'PERCENT') {
    const rate = promotion.percent ?? 0
    const onPrice = applyRate(packagePrice, rate)
    const onSetup = promotion.appliesToSetup ? applyRate(packageSetup, rate) : 0n
    return { first: onPrice + onSetup, recurring: onPrice }
  }
  const fixed = promotion.fixedAmount ?? 0n
  const onPrice = fixed < packagePrice ? fixed : packagePrice
  const left = fixed - onPrice
  const onSetup = promotion.appliesToSetup ? (left < packageSetup ? left : packageSetup) : 0n
  const recurring = fixed < packagePrice ? fixed : packagePrice
  return { first: onPrice + onSetup, recurring }
}

/** The invoice-shaped items of a breakdown (amounts signed, discount negative), for tax totals. */
export function taxableItemsOf(
  breakdown: Pick<PriceBreakdown, 'lines' | 'discount'>,
  productIsTaxable: boolean,
): { amount: bigint; isTaxable: boolean }[] {
  const items: { amount: bigint; isTaxable: boolean }[] = []
  for (const line of breakdown.lines) {
    items.push({ amount: line.firstAmount, isTaxable: line.isTaxable })
    if (line.setupFee > 0n) items.push({ amount: line.setupFee, isTaxable: line.isTaxable })
  }
  if (breakdown.discount.firstPayment > 0n)
    items.push({ amount: -breakdown.discount.firstPayment, isTaxable: productIsTaxable })
  return items
}

export function priceConfiguration(input: PriceConfigurationInput): PriceBreakdown {
  const { cycle, product } = input
  const productPrice = priceFor(product.prices, cycle)
  if (!productPrice)
    throw new RangeError(`product ${product.id} is not offered ${cycle} in ${input.currency}`)
  const recurringCycle = isRecurringCycle(cycle)
  const lines: PriceLine[] = []
  const line = (l: Omit<PriceLine, 'recurring'>): PriceLine => ({
    ...l,
    recurring: isRecurringCycle(l.cycle) ? l.firstAmount : 0n,
  })

  lines.push(
    line({
      kind: 'product',
      refId: product.id,
      description: product.name,
      cycle,
      quantity: 1,
      firstAmount: productPrice.amount,
      setupFee: productPrice.setupFee,
      isTaxable: product.isTaxable,
    }),
  )
  for (const o of input.options ?? []) {
    if (!Number.isInteger(o.quantity) || o.quantity < 0)
      throw new RangeError(`option ${o.optionId}: quantity must be a whole number ≥ 0`)
    const p = priceFor(o.prices, cycle) ?? { amount: 0n, setupFee: 0n }
    const q = BigInt(o.quantity)
    lines.push(
      line({
        kind: 'option',
        refId: o.optionId,
        description: `${o.name}: ${o.label}`,
        cycle,
        quantity: o.quantity,
        firstAmount: p.amount * q,
        setupFee: p.setupFee * q,
        isTaxable: product.isTaxable,
      }),
    )
  }
  for (const a of input.addons ?? []) {
    const p = priceFor(a.prices, a.cycle)
    if (!p) throw new RangeError(`addon ${a.addonId} is not offered ${a.cycle} in ${input.currency}`)
    lines.push(
      line({
        kind: 'addon',
        refId: a.addonId,
        description: a.name,
        cycle: a.cycle,
        quantity: 1,
        firstAmount: p.amount,
        setupFee: p.setupFee,
        isTaxable: a.isTaxable,
      }),
    )
  }

  const sum = (values: bigint[]) => values.reduce((x, y) => x + y, 0n)
  const packageLines = lines.filter((l) => l.kind !== 'addon')
  const packagePrice = sum(packageLines.map((l) => l.firstAmount))
  const packageSetup = sum(packageLines.map((l) => l.setupFee))
  const recurring = sum(lines.map((l) => l.recurring))
  const setupFees = sum(lines.map((l) => l.setupFee))
  const firstPeriod = sum(lines.map((l) => l.firstAmount))

  const promotion = input.promotion ?? null
  const applies = promotion ? promotionCovers(promotion, product.id, cycle) : false
  let discountFirst = 0n
  let discountRecurring = 0n
  let laterCycles: number | null = 0
  if (promotion && applies) {
    const d = discountOf(promotion, packagePrice, packageSetup)
    discountFirst = d.first
    if (promotion.isRecurring && recurringCycle) {
      laterCycles = promotion.recurringCycles === null ? null : Math.max(0, promotion.recurringCycles - 1)
      discountRecurring = laterCycles === 0 ? 0n : d.recurring
    }
  }

  const subtotal = firstPeriod + setupFees - discountFirst
  const discount = {
    firstPayment: discountFirst,
    recurring: discountRecurring,
    laterCycles,
    promotionApplies: applies,
  }
  const mode = input.tax?.mode ?? 'EXCLUSIVE'
  const totals = computeInvoiceTotals(
    taxableItemsOf({ lines, discount }, product.isTaxable),
    input.tax?.rates ?? [],
    mode,
  )
  const periodStart = toDateOnly(input.today)
  const period = billingPeriod(periodStart, cycle)
  return {
    currency: input.currency,
    cycle,
    lines,
    recurring,
    setupFees,
    firstPeriod,
    discount,
    subtotal,
    tax: { mode, lines: totals.taxLines, total: totals.taxTotal },
    dueToday: totals.total,
    recurringAfterDiscount: recurring - discountRecurring,
    nextDueDate: period?.nextStart ?? null,
    periodStart,
    periodEnd: period?.end ?? null,
  }
}
