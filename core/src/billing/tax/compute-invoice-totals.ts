import { applyRate, divideRounded, MILLION } from '../../money'

/**
 * Invoice arithmetic, a pure function (docs/decisions/0012-money-and-tax.md).
 *
 * - Items: amount = quantity × unitAmount (minor units). Only taxable items form the tax base.
 * - Rates are integers in millionths. Level 1 rates apply to the taxable base. Level 2 rates apply
 *   after level 1: to the base plus every level 1 tax when `isCompound` (e.g. Quebec's old QST on
 *   GST), to the plain base otherwise.
 * - Tax is computed per rate on the SUM of the taxable lines (never per line), rounded half-up
 *   away from zero once per rate.
 * - EXCLUSIVE prices: subtotal = Σ items; total = subtotal + Σ taxes.
 * - INCLUSIVE prices: the item amounts are what the client pays, so total = Σ items exactly.
 *   The net of the taxable lines is gross ÷ (1 + effective rate), rounded half-up; each rate's tax
 *   is computed on that net exactly as in exclusive mode; subtotal = total − Σ taxes (it absorbs
 *   the one-unit rounding difference, never the client's total).
 * - A negative taxable base (discounts larger than the taxable lines) is taxed as zero.
 */
export type TaxModeName = 'EXCLUSIVE' | 'INCLUSIVE'

export interface TotalsItem {
  amount: bigint
  isTaxable: boolean
}

export interface TaxRate {
  name: string
  /** millionths: 20% = 200000 */
  rate: number
  /** 1 or 2 */
  level: number
  /** level 2 only: applies to base + level 1 taxes */
  isCompound?: boolean
}

export interface TaxLineResult {
  name: string
  rate: number
  level: number
  base: bigint
  amount: bigint
}

export interface InvoiceTotals {
  subtotal: bigint
  taxLines: TaxLineResult[]
  taxTotal: bigint
  total: bigint
}

function taxesOnNet(net: bigint, rates: readonly TaxRate[]): TaxLineResult[] {
  const ordered = [...rates].sort((a, b) => a.level - b.level)
  const lines: TaxLineResult[] = []
  let levelOneTax = 0n
  for (const r of ordered) {
    const base = r.level >= 2 && r.isCompound ? net + levelOneTax : net
    const amount = applyRate(base, r.rate)
    if (r.level <= 1) levelOneTax += amount
    lines.push({ name: r.name, rate: r.rate, level: r.level <= 1 ? 1 : 2, base, amount })
  }
  return lines
}

/**
 * The gross multiplier of a set of rates, scaled by MILLION²: net × factor / MILLION² = gross.
 * 1 + Σ level-1 + Σ plain level-2 + Σ compound level-2 × (1 + Σ level-1).
 */
function grossFactor(rates: readonly TaxRate[]): bigint {
  const m = MILLION
  const l1 = rates.filter((r) => r.level <= 1).reduce((a, r) => a + BigInt(r.rate), 0n)
  const l2plain = rates.filter((r) => r.level >= 2 && !r.isCompound).reduce((a, r) => a + BigInt(r.rate), 0n)
  const l2compound = rates
    .filter((r) => r.level >= 2 && r.isCompound)
    .reduce((a, r) => a + BigInt(r.rate), 0n)
  return (m + l1 + l2plain) * m + l2compound * (m + l1)
}

export function computeInvoiceTotals(
  items: readonly TotalsItem[],
  rates: readonly TaxRate[],
  mode: TaxModeName = 'EXCLUSIVE',
): InvoiceTotals {
  for (const r of rates) {
    if (!Number.isInteger(r.rate) || r.rate < 0 || r.rate > 1_000_000)
      throw new RangeError(`tax rate ${r.name} must be 0..1000000 millionths`)
  }
  const itemsTotal = items.reduce((a, i) => a + i.amount, 0n)
  const taxableGross = items.filter((i) => i.isTaxable).reduce((a, i) => a + i.amount, 0n)
  const base = taxableGross > 0n ? taxableGross : 0n

  if (mode === 'EXCLUSIVE') {
    const taxLines = taxesOnNet(base, rates)
    const taxTotal = taxLines.reduce((a, l) => a + l.amount, 0n)
    return { subtotal: itemsTotal, taxLines, taxTotal, total: itemsTotal + taxTotal }
  }

  // INCLUSIVE: extract the tax from the taxable gross.
  const net = rates.length ? divideRounded(base * MILLION * MILLION, grossFactor(rates)) : base
  const taxLines = taxesOnNet(net, rates)
  const taxTotal = taxLines.reduce((a, l) => a + l.amount, 0n)
  return { subtotal: itemsTotal - taxTotal, taxLines, taxTotal, total: itemsTotal }
}
