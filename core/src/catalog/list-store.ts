import type { BillingCycle, Db, DbClient } from '@berth/prisma'
import { DomainError } from '../shared'
import { loadOrderableProduct, type OrderableProduct } from './orderable-product'
import { BILLING_CYCLES } from './pricing/billing-cycles'
import { PRICE_SELECT, priceTable } from './prices'
import type { PriceTable } from './pricing/price-configuration'

/** The store's reads: public, no actor needed. Hidden and retired things never show here. */
export interface FromPrice {
  cycle: BillingCycle
  amount: bigint
  setupFee: bigint
}

export interface StoreProduct {
  id: string
  name: string
  slug: string
  type: string
  description: string | null
  features: string[]
  isInStock: boolean
  /** the price of the shortest recurring cycle offered (or the one-time price) */
  fromPrice: FromPrice
}

export interface StoreGroup {
  id: string
  name: string
  slug: string
  headline: string | null
  description: string | null
  products: StoreProduct[]
}

/** "From" price: the shortest recurring cycle offered, else the one-time price. */
export function fromPriceOf(prices: PriceTable): FromPrice | null {
  const order: BillingCycle[] = [...BILLING_CYCLES.filter((c) => c !== 'ONE_TIME'), 'ONE_TIME']
  for (const cycle of order) {
    const p = prices[cycle]
    if (p) return { cycle, amount: p.amount, setupFee: p.setupFee }
  }
  return null
}

/** Visible groups with their visible products that have a price in `currency`. */
export async function listStoreGroups(db: Db | DbClient, input: { currency: string }): Promise<StoreGroup[]> {
  const currency = input.currency.toUpperCase()
  const groups = await db.productGroup.findMany({
    where: { isHidden: false },
    orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
    select: {
      id: true,
      name: true,
      slug: true,
      headline: true,
      description: true,
      products: {
        where: { isHidden: false, isRetired: false },
        orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
        select: {
          id: true,
          name: true,
          slug: true,
          type: true,
          description: true,
          features: true,
          stockControl: true,
          stockQuantity: true,
          prices: { where: { currencyCode: currency }, select: PRICE_SELECT },
        },
      },
    },
  })
  return groups
    .map((g) => ({
      id: g.id,
      name: g.name,
      slug: g.slug,
      headline: g.headline,
      description: g.description,
      products: g.products.flatMap((p) => {
        const fromPrice = fromPriceOf(priceTable(p.prices, currency))
        if (!fromPrice) return []
        return [
          {
            id: p.id,
            name: p.name,
            slug: p.slug,
            type: p.type,
            description: p.description,
            features: p.features,
            isInStock: !p.stockControl || p.stockQuantity > 0,
            fromPrice,
          },
        ]
      }),
    }))
    .filter((g) => g.products.length > 0)
}

/**
 * One product for its configuration page, by group and product slug. Hidden products are reachable
 * by their link (that is what hidden means); retired ones and ones without a price in the currency
 * are not found.
 */
export async function getStoreProduct(
  db: Db | DbClient,
  input: { groupSlug: string; productSlug: string; currency: string },
): Promise<OrderableProduct & { isInStock: boolean }> {
  const currency = input.currency.toUpperCase()
  const found = await db.product.findFirst({
    where: {
      slug: input.productSlug.toLowerCase(),
      group: { slug: input.groupSlug.toLowerCase() },
      isRetired: false,
    },
    select: { id: true },
  })
  const product = found ? await loadOrderableProduct(db, found.id, currency) : null
  if (!product || product.cycles.length === 0)
    throw new DomainError('NOT_FOUND', 'This product is not available.')
  return {
    ...product,
    options: product.options
      .filter((o) => !o.isHidden)
      .map((o) => ({ ...o, choices: o.choices.filter((c) => !c.isHidden) })),
    addons: product.addons.filter((a) => !a.isHidden && a.showOnOrder),
    isInStock: !product.stockControl || product.stockQuantity > 0,
  }
}
