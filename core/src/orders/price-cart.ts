import type { BillingCycle } from '@berth/prisma'
import { computeInvoiceTotals, type InvoiceTotals, type TaxModeName, type TaxRate } from '../billing'
import {
  CYCLE_LABELS,
  formatDateOnly,
  priceConfiguration,
  type OrderableProduct,
  type ResolvedConfiguration,
  type PriceBreakdown,
  type PromotionTerms,
} from '../catalog'
import { domainInvoiceItem, type DomainCartLine, type DraftDomainInvoiceItem } from './domain-cart-lines'

/**
 * Prices a whole cart the way its invoice will be priced: each item through the pricing engine,
 * then the invoice items it will become, then tax once over all of them (billing's
 * computeInvoiceTotals, as the invoice does), so the total shown is the total invoiced. Pure.
 *
 * Per service and period there is one SERVICE item (product + options), one SETUP_FEE item and one
 * PROMOTION item (the discount, negative); each addon has its own ADDON (and SETUP_FEE) item.
 *
 * An order uses a promotion once (docs/decisions/0025-promotion-uses.md): a PERCENT promotion
 * discounts every item it covers; a FIXED one takes its amount off one item only, the first in
 * the cart it discounts, and that item's service alone keeps a recurring discount.
 */
export interface CartLine {
  itemId: string
  product: OrderableProduct
  resolved: ResolvedConfiguration
}

export type DraftTarget = { kind: 'service' } | { kind: 'addon'; index: number }

export interface DraftInvoiceItem {
  target: DraftTarget
  type: 'SERVICE' | 'SETUP_FEE' | 'PROMOTION' | 'ADDON'
  description: string
  unitAmount: bigint
  isTaxable: boolean
  periodStart: Date
  periodEnd: Date | null
}

export interface PricedCartItem {
  itemId: string
  product: OrderableProduct
  resolved: ResolvedConfiguration
  breakdown: PriceBreakdown
  /** what this item adds to the first payment, before tax */
  firstPayment: bigint
  invoiceItems: DraftInvoiceItem[]
}

/** A domain in the cart and the DOMAIN invoice line it becomes (promotions do not apply to domains). */
export interface PricedDomainItem {
  line: DomainCartLine
  invoiceItem: DraftDomainInvoiceItem
}

export interface PricedCart {
  currency: string
  items: PricedCartItem[]
  domains: PricedDomainItem[]
  /** whether the promotion discounted at least one item */
  promotionApplies: boolean
  totals: InvoiceTotals
  taxMode: TaxModeName
}

function periodText(b: PriceBreakdown): string {
  return b.periodEnd ? ` (${formatDateOnly(b.periodStart)} to ${formatDateOnly(b.periodEnd)})` : ''
}

export function serviceDescription(
  product: { name: string },
  resolved: ResolvedConfiguration,
  cycle: BillingCycle,
): string {
  const opts = resolved.options
    .filter((o) => o.quantity > 0 || o.type !== 'YES_NO')
    .map((o) => `${o.name}: ${o.label}`)
  return `${product.name}${resolved.domain ? ` - ${resolved.domain}` : ''} (${CYCLE_LABELS[cycle]})${opts.length ? ` [${opts.join(', ')}]` : ''}`
}

export function priceCart(input: {
  currency: string
  lines: readonly CartLine[]
  /** domain registrations and transfers, priced from their TLDs (domain-cart-lines.ts) */
  domains?: readonly DomainCartLine[]
  promotion: PromotionTerms | null
  tax: { rates: readonly TaxRate[]; mode: TaxModeName } | null
  today: Date
}): PricedCart {
  let isFixedAmountSpent = false
  const items: PricedCartItem[] = input.lines.map((line) => {
    const { product, resolved } = line
    const promotion = isFixedAmountSpent ? null : input.promotion
    const breakdown = priceConfiguration({
      currency: input.currency,
      cycle: resolved.cycle,
      today: input.today,
      promotion,
      product: { id: product.id, name: product.name, isTaxable: product.isTaxable, prices: product.prices },
      options: resolved.pricedOptions,
      addons: resolved.addons,
    })
    if (promotion?.kind === 'FIXED' && breakdown.discount.firstPayment > 0n) isFixedAmountSpent = true
    const period = { periodStart: breakdown.periodStart, periodEnd: breakdown.periodEnd }
    const packageLines = breakdown.lines.filter((l) => l.kind !== 'addon')
    const packageAmount = packageLines.reduce((a, l) => a + l.firstAmount, 0n)
    const packageSetup = packageLines.reduce((a, l) => a + l.setupFee, 0n)
    const drafts: DraftInvoiceItem[] = [
      {
        target: { kind: 'service' },
        type: 'SERVICE',
        description: `${serviceDescription(product, resolved, resolved.cycle)}${periodText(breakdown)}`,
        unitAmount: packageAmount,
        isTaxable: product.isTaxable,
        ...period,
      },
    ]
    if (packageSetup > 0n)
      drafts.push({
        target: { kind: 'service' },
        type: 'SETUP_FEE',
        description: `Setup fee: ${product.name}`,
        unitAmount: packageSetup,
        isTaxable: product.isTaxable,
        ...period,
      })
    if (breakdown.discount.firstPayment > 0n && promotion) {
      drafts.push({
        target: { kind: 'service' },
        type: 'PROMOTION',
        description: `Promotion ${promotion.code}: ${product.name}`,
        unitAmount: -breakdown.discount.firstPayment,
        isTaxable: product.isTaxable,
        ...period,
      })
    }
    const addonLines = breakdown.lines.filter((l) => l.kind === 'addon')
    addonLines.forEach((l, index) => {
      const addonPeriod =
        l.cycle === 'ONE_TIME' ? { periodStart: breakdown.periodStart, periodEnd: null } : period
      drafts.push({
        target: { kind: 'addon', index },
        type: 'ADDON',
        description: `${l.description} (${CYCLE_LABELS[l.cycle]}) for ${product.name}`,
        unitAmount: l.firstAmount,
        isTaxable: l.isTaxable,
        ...addonPeriod,
      })
      if (l.setupFee > 0n)
        drafts.push({
          target: { kind: 'addon', index },
          type: 'SETUP_FEE',
          description: `Setup fee: ${l.description}`,
          unitAmount: l.setupFee,
          isTaxable: l.isTaxable,
          ...addonPeriod,
        })
    })
    return {
      itemId: line.itemId,
      product,
      resolved,
      breakdown,
      firstPayment: breakdown.subtotal,
      invoiceItems: drafts,
    }
  })
  const domains = (input.domains ?? []).map((line) => ({
    line,
    invoiceItem: domainInvoiceItem(line, input.today),
  }))
  const mode = input.tax?.mode ?? 'EXCLUSIVE'
  const totals = computeInvoiceTotals(
    [...items.flatMap((i) => i.invoiceItems), ...domains.map((d) => d.invoiceItem)].map((d) => ({
      amount: d.unitAmount,
      isTaxable: d.isTaxable,
    })),
    input.tax?.rates ?? [],
    mode,
  )
  return {
    currency: input.currency,
    items,
    domains,
    promotionApplies: items.some(
      (i) => i.breakdown.discount.promotionApplies && i.breakdown.discount.firstPayment > 0n,
    ),
    totals,
    taxMode: mode,
  }
}
