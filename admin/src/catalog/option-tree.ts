import type { Db, Prisma } from '@berth/prisma'
import { PRICE_VIEW_SELECT, pricingView } from './pricing'

/**
 * Configurable option groups with their options and choices (each choice's prices as the pricing
 * table's decimal text), for the option group editor and the product page. A read.
 */
const TREE_SELECT = {
  id: true,
  name: true,
  description: true,
  options: {
    orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
    select: {
      id: true,
      name: true,
      moduleKey: true,
      type: true,
      minQuantity: true,
      maxQuantity: true,
      unit: true,
      sortOrder: true,
      isHidden: true,
      choices: {
        orderBy: [{ sortOrder: 'asc' }, { label: 'asc' }],
        select: {
          id: true,
          label: true,
          moduleValue: true,
          sortOrder: true,
          isHidden: true,
          prices: { select: PRICE_VIEW_SELECT },
        },
      },
    },
  },
  products: { select: { product: { select: { id: true, name: true } } } },
} as const satisfies Prisma.ConfigOptionGroupSelect

export type OptionTreeGroup = ReturnType<typeof toView>

function toView(g: Prisma.ConfigOptionGroupGetPayload<{ select: typeof TREE_SELECT }>) {
  return {
    id: g.id,
    name: g.name,
    description: g.description,
    products: g.products.map((p) => p.product),
    options: g.options.map((o) => ({
      ...o,
      choices: o.choices.map(({ prices, ...c }) => ({ ...c, pricing: pricingView(prices) })),
    })),
  }
}

export async function loadOptionGroups(db: Db, where: Prisma.ConfigOptionGroupWhereInput) {
  const groups = await db.configOptionGroup.findMany({ where, orderBy: { name: 'asc' }, select: TREE_SELECT })
  return groups.map(toView)
}
