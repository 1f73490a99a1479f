import type { BillingCycle, Db, DbClient } from '@berth/prisma'
import { resolveTaxRates, type TaxLineResult, type TaxModeName } from '../billing'
import { loadOrderableProduct, resolveConfiguration, toDateOnly, type PromotionTerms } from '../catalog'
import { getSettings } from '../settings'
import { DomainError } from '../shared'
import type { CartRow } from './cart-access'
import { checkPromotion, PROMO_INVALID_MESSAGE } from './check-promotion'
import { loadDomainLines, type DomainCartAction, type DomainCartLine } from './domain-cart-lines'
import { priceCart, type CartLine, type PricedCart } from './price-cart'

/** Internal: a cart's items turned into priced lines, with whatever no longer fits set aside. */
export async function loadCartLines(
  db: Db | DbClient,
  cart: CartRow,
): Promise<{
  lines: CartLine[]
  domains: DomainCartLine[]
  problems: { itemId: string; message: string }[]
}> {
  const lines: CartLine[] = []
  const problems: { itemId: string; message: string }[] = []
  const domainItems = cart.items.filter((i) => i.kind !== 'PRODUCT')
  const domains = await loadDomainLines(db, cart.currencyCode, domainItems)
  problems.push(...domains.problems)
  for (const item of cart.items) {
    if (item.kind !== 'PRODUCT') continue
    if (!item.productId) {
      problems.push({ itemId: item.id, message: 'This product is no longer available.' })
      continue
    }
    const product = await loadOrderableProduct(db, item.productId, cart.currencyCode)
    if (!product || product.isRetired || !product.cycles.length) {
      problems.push({ itemId: item.id, message: 'This product is no longer available.' })
      continue
    }
    try {
      const resolved = resolveConfiguration(product, {
        cycle: item.cycle ?? '',
        options: item.options as Record<string, string | number | boolean>,
        addonIds: item.addonIds,
        domain: item.domain,
      })
      lines.push({ itemId: item.id, product, resolved })
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      problems.push({ itemId: item.id, message: `${product.name}: ${error.message}` })
    }
  }
  return { lines, domains: domains.lines, problems }
}

export interface TaxBuyerInput {
  country: string
  state?: string | null
  taxId?: string | null
  isTaxExempt: boolean
}

export async function taxFor(
  db: Db | DbClient,
  buyer: TaxBuyerInput | null,
): Promise<{ rates: Awaited<ReturnType<typeof resolveTaxRates>>['rates']; mode: TaxModeName } | null> {
  if (!buyer) return null
  const settings = await getSettings(db)
  const resolved = await resolveTaxRates(db, buyer, { country: settings['company.country'] })
  return { rates: resolved.rates, mode: settings['billing.taxMode'] }
}

export interface CartItemView {
  id: string
  productId: string
  productName: string
  groupSlug: string
  productSlug: string
  cycle: BillingCycle
  domain: string | null
  /** every option with its chosen choice (null: "no", or a quantity option without a choice) and quantity, to edit the item */
  options: { optionId: string; name: string; value: string; choiceId: string | null; quantity: number }[]
  addons: { addonId: string; name: string; cycle: BillingCycle }[]
  recurring: bigint
  setupFees: bigint
  discount: bigint
  /** this item's share of the first payment, before tax */
  firstPayment: bigint
  nextDueDate: Date | null
}

/** A domain registration or transfer in the cart, priced for its years. */
export interface CartDomainView {
  id: string
  action: DomainCartAction
  /** as people read it (Unicode) */
  name: string
  tld: string
  years: number
  /** the whole period, before tax */
  amount: bigint
  /** what renewing for the same years costs; null when the TLD has no such renewal price */
  renewAmount: bigint | null
  nameservers: string[]
  idProtection: boolean
  isIdProtectionOffered: boolean
  hasEppCode: boolean
  yearOptions: { years: number; amount: bigint }[]
  /** the end of the paid period, from today */
  periodEnd: Date
}

export interface CartSummary {
  cartId: string
  currency: string
  promoCode: string | null
  /** why the code in the cart does not apply now (it stays until removed) */
  promoError: string | null
  items: CartItemView[]
  domains: CartDomainView[]
  /** items that can no longer be ordered as they are: checkout refuses until they are fixed */
  problems: { itemId: string; message: string }[]
  subtotal: bigint
  taxLines: TaxLineResult[]
  taxTotal: bigint
  total: bigint
  taxMode: TaxModeName
  /** false when the buyer's address is unknown (a visitor): tax is added at checkout */
  isTaxCalculated: boolean
}

export function toCartView(
  cart: CartRow,
  priced: PricedCart,
  extra: {
    promoError: string | null
    problems: { itemId: string; message: string }[]
    isTaxCalculated: boolean
  },
): CartSummary {
  return {
    cartId: cart.id,
    currency: cart.currencyCode,
    promoCode: cart.promoCode,
    promoError: extra.promoError,
    problems: extra.problems,
    items: priced.items.map((i) => ({
      id: i.itemId,
      productId: i.product.id,
      productName: i.product.name,
      groupSlug: i.product.groupSlug,
      productSlug: i.product.slug,
      cycle: i.resolved.cycle,
      domain: i.resolved.domain,
      options: i.resolved.options.map((o) => ({
        optionId: o.optionId,
        name: o.name,
        value: o.label,
        choiceId: o.choiceId,
        quantity: o.quantity,
      })),
      addons: i.resolved.addons.map((a) => ({ addonId: a.addonId, name: a.name, cycle: a.cycle })),
      recurring: i.breakdown.recurring,
      setupFees: i.breakdown.setupFees,
      discount: i.breakdown.discount.firstPayment,
      firstPayment: i.firstPayment,
      nextDueDate: i.breakdown.nextDueDate,
    })),
    domains: priced.domains.map((d) => ({
      id: d.line.itemId,
      action: d.line.action,
      name: d.line.unicode,
      tld: d.line.tld,
      years: d.line.years,
      amount: d.line.amount,
      renewAmount: d.line.renewAmount,
      nameservers: d.line.nameservers,
      idProtection: d.line.idProtection,
      isIdProtectionOffered: d.line.isIdProtectionOffered,
      hasEppCode: d.line.eppCodeEnc !== null,
      yearOptions: d.line.yearOptions,
      periodEnd: d.invoiceItem.periodEnd,
    })),
    subtotal: priced.totals.subtotal,
    taxLines: priced.totals.taxLines,
    taxTotal: priced.totals.taxTotal,
    total: priced.totals.total,
    taxMode: priced.taxMode,
    isTaxCalculated: extra.isTaxCalculated,
  }
}

/** Internal: the summary of a cart for a buyer (null = unknown address), its promo code checked softly. */
export async function summarizeCart(
  db: Db | DbClient,
  cart: CartRow,
  buyer: { clientId: string | null; tax: TaxBuyerInput | null },
): Promise<CartSummary> {
  const { lines, domains, problems } = await loadCartLines(db, cart)
  let promotion: PromotionTerms | null = null
  let promoError: string | null = null
  if (cart.promoCode) {
    try {
      promotion = await checkPromotion(db, cart.promoCode, {
        currency: cart.currencyCode,
        clientId: buyer.clientId,
      })
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      promoError = error.message
    }
  }
  const tax = await taxFor(db, buyer.tax)
  const priced = priceCart({
    currency: cart.currencyCode,
    lines,
    domains,
    promotion,
    tax,
    today: toDateOnly(new Date()),
  })
  if (promotion && lines.length && !priced.promotionApplies) promoError = PROMO_INVALID_MESSAGE
  return toCartView(cart, priced, { promoError, problems, isTaxCalculated: !!buyer.tax })
}
