import {
  toDecimalString,
  type CartSummary,
  type Ctx,
  type PriceBreakdown,
  type TaxLineResult,
} from '@berth/core'
import { billingFormat, type BillingFormat } from '~/billing/format.server'
import { CYCLE_SUFFIX, CYCLE_WORD, cycleLabel } from './labels'

/**
 * Prices as the store, cart and checkout show them: strings formatted on the server in the
 * `billing.locale` setting, never amounts as numbers. Every figure comes from core's pricing engine.
 */
export interface Money {
  fmt: BillingFormat
  currency: { code: string; exponent: number }
  /** "$12.00" */
  of(amount: bigint): string
}

export async function moneyIn(ctx: Ctx, code: string): Promise<Money> {
  const fmt = await billingFormat(ctx)
  const row = await ctx.db.currency.findUnique({ where: { code }, select: { code: true, exponent: true } })
  const currency = row ?? { code, exponent: 2 }
  return { fmt, currency, of: (amount) => fmt.money(amount, currency) }
}

/** "$12.00/mo", "$25.00 once" */
export function perCycle(m: Money, amount: bigint, cycle: string): string {
  return `${m.of(amount)}${CYCLE_SUFFIX[cycle] ?? ''}`
}

/** 200000 millionths → "20%" */
export function rateText(millionths: number): string {
  return `${toDecimalString(BigInt(millionths), 4).replace(/\.?0+$/, '')}%`
}

export interface TaxLineView {
  label: string
  amount: string
}

const taxLines = (m: Money, lines: readonly TaxLineResult[]): TaxLineView[] =>
  lines.map((t) => ({ label: `${t.name} ${rateText(t.rate)}`, amount: m.of(t.amount) }))

export interface BreakdownView {
  cycle: string
  cycleLabel: string
  lines: { key: string; kind: string; description: string; price: string; setupFee: string | null }[]
  setupFees: string | null
  discount: string | null
  promoCode: string | null
  promoError: string | null
  subtotal: string
  taxLines: TaxLineView[]
  taxIncluded: boolean
  /** false: the buyer's address is unknown, tax (if any) is added at checkout */
  taxCalculated: boolean
  dueToday: string
  /** what renews, and when; null for a one-time purchase */
  renewal: string | null
}

/** A product page's quote (core's quoteProduct) for the live price box. */
export function breakdownView(
  m: Money,
  b: PriceBreakdown & { promoError?: string | null },
  options: { taxCalculated: boolean; promoCode: string | null },
): BreakdownView {
  return {
    cycle: b.cycle,
    cycleLabel: cycleLabel(b.cycle),
    lines: b.lines.map((l, i) => ({
      key: `${l.kind}-${l.refId}-${i}`,
      kind: l.kind,
      description: l.description,
      price: l.kind === 'option' && l.firstAmount === 0n ? 'Included' : perCycle(m, l.firstAmount, l.cycle),
      setupFee: l.setupFee > 0n ? m.of(l.setupFee) : null,
    })),
    setupFees: b.setupFees > 0n ? m.of(b.setupFees) : null,
    discount: b.discount.firstPayment > 0n ? `−${m.of(b.discount.firstPayment)}` : null,
    promoCode: options.promoCode,
    promoError: b.promoError ?? null,
    subtotal: m.of(b.subtotal),
    taxLines: taxLines(m, b.tax.lines),
    taxIncluded: b.tax.mode === 'INCLUSIVE',
    taxCalculated: options.taxCalculated,
    dueToday: m.of(b.dueToday),
    renewal: renewalText(m, b),
  }
}

function renewalText(m: Money, b: PriceBreakdown): string | null {
  if (b.cycle === 'ONE_TIME' || !b.nextDueDate) return null
  const from = m.fmt.date(b.nextDueDate)
  // Renewal amounts are before tax; say so when this buyer pays tax on top.
  const word = `${CYCLE_WORD[b.cycle] ?? ''}${b.tax.mode === 'EXCLUSIVE' && b.tax.total > 0n ? ' plus tax' : ''}`
  const full = m.of(b.recurring)
  if (b.discount.recurring > 0n) {
    const discounted = m.of(b.recurringAfterDiscount)
    if (b.discount.laterCycles === null)
      return `Renews at ${discounted} ${word} (promotion included) from ${from}.`
    const n = b.discount.laterCycles
    return `Renews at ${discounted} ${word} from ${from} for ${n} payment${n === 1 ? '' : 's'}, then ${full}.`
  }
  return `Renews at ${full} ${word} from ${from}.`
}

export interface CartItemViewModel {
  id: string
  productName: string
  href: string
  cycleLabel: string
  domain: string | null
  options: { name: string; value: string }[]
  addons: { name: string; cycle: string }[]
  recurring: string | null
  setupFees: string | null
  discount: string | null
  firstPayment: string
  renewsOn: string
}

export interface CartDomainViewModel {
  id: string
  action: 'register' | 'transfer'
  /** "Domain registration", "Domain transfer" */
  title: string
  name: string
  years: number
  price: string
  /** "Renews at $12.99 a year", or null when the TLD has no renewal price for the period */
  renews: string | null
  yearOptions: { years: number; label: string }[]
  nameservers: string
  idProtection: boolean
  isIdProtectionOffered: boolean
  hasEppCode: boolean
}

const yearsText = (years: number) => (years === 1 ? '1 year' : `${years} years`)

export function cartDomainView(m: Money, d: CartSummary['domains'][number]): CartDomainViewModel {
  return {
    id: d.id,
    action: d.action,
    title: d.action === 'register' ? 'Domain registration' : 'Domain transfer',
    name: d.name,
    years: d.years,
    price: m.of(d.amount),
    renews: d.renewAmount === null ? null : `Renews at ${m.of(d.renewAmount)} every ${yearsText(d.years)}`,
    yearOptions: d.yearOptions.map((o) => ({
      years: o.years,
      label: `${yearsText(o.years)} · ${m.of(o.amount)}`,
    })),
    nameservers: d.nameservers.join('\n'),
    idProtection: d.idProtection,
    isIdProtectionOffered: d.isIdProtectionOffered,
    hasEppCode: d.hasEppCode,
  }
}

export interface CartView {
  currency: string
  promoCode: string | null
  promoError: string | null
  items: CartItemViewModel[]
  domains: CartDomainViewModel[]
  /** items that can no longer be ordered as they are (removed from sale, options changed…): remove or edit them */
  problems: { itemId: string; message: string }[]
  subtotal: string
  taxLines: TaxLineView[]
  taxIncluded: boolean
  taxCalculated: boolean
  total: string
  /** the total in minor units: what the checkout form sends back as the total the buyer saw */
  totalMinor: string
  isEmpty: boolean
  canCheckout: boolean
}

/** Core's cart summary, formatted. Items that can no longer be ordered are listed with why. */
export function cartView(m: Money, s: CartSummary): CartView {
  return {
    currency: s.currency,
    promoCode: s.promoCode,
    promoError: s.promoError,
    items: s.items.map((i) => ({
      id: i.id,
      productName: i.productName,
      href: `/store/${i.groupSlug}/${i.productSlug}?item=${i.id}`,
      cycleLabel: cycleLabel(i.cycle),
      domain: i.domain,
      options: i.options
        .filter((o) => o.quantity > 0 || o.value !== 'No')
        .map((o) => ({ name: o.name, value: o.value })),
      addons: i.addons.map((a) => ({ name: a.name, cycle: cycleLabel(a.cycle) })),
      recurring: i.cycle === 'ONE_TIME' ? null : perCycle(m, i.recurring, i.cycle),
      setupFees: i.setupFees > 0n ? m.of(i.setupFees) : null,
      discount: i.discount > 0n ? `−${m.of(i.discount)}` : null,
      firstPayment: m.of(i.firstPayment),
      renewsOn: i.nextDueDate ? m.fmt.date(i.nextDueDate) : '',
    })),
    domains: s.domains.map((d) => cartDomainView(m, d)),
    problems: s.problems.map((p) => ({ itemId: p.itemId, message: p.message })),
    subtotal: m.of(s.subtotal),
    taxLines: taxLines(m, s.taxLines),
    taxIncluded: s.taxMode === 'INCLUSIVE',
    taxCalculated: s.isTaxCalculated,
    total: m.of(s.total),
    totalMinor: s.total.toString(),
    isEmpty: s.items.length === 0 && s.domains.length === 0 && s.problems.length === 0,
    canCheckout: s.items.length + s.domains.length > 0 && s.problems.length === 0,
  }
}
