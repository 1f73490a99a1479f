import type { DbClient, Prisma } from '@berth/prisma'
import {
  loadOrderableProduct,
  resolveConfiguration,
  type OrderableProduct,
  type ResolvedConfiguration,
} from '../catalog'
import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { findCart, lockCart, touchCart, type CartRow } from './cart-access'
import { addCartItemInput } from './schemas'

/** Internal: the product, configured and checked against the catalog, in the cart's currency. */
export async function configureForCart(
  db: DbClient,
  cart: CartRow,
  productId: string,
  request: {
    cycle: string
    options?: Record<string, string | number | boolean>
    addonIds?: string[]
    domain?: string | null
  },
  ignoreItemId?: string,
): Promise<{ product: OrderableProduct; resolved: ResolvedConfiguration }> {
  const product = await loadOrderableProduct(db, productId, cart.currencyCode)
  if (!product || product.isRetired || !product.cycles.length)
    throw new DomainError('NOT_FOUND', 'This product is not available.', { field: 'productId' })
  const resolved = resolveConfiguration(product, {
    cycle: request.cycle,
    options: request.options ?? {},
    addonIds: request.addonIds ?? [],
    domain: request.domain ?? null,
  })
  if (product.stockControl) {
    const inCart = cart.items.filter((i) => i.productId === product.id && i.id !== ignoreItemId).length
    if (product.stockQuantity < inCart + 1)
      throw new DomainError(
        'OUT_OF_STOCK',
        product.stockQuantity > 0
          ? `Only ${product.stockQuantity} of ${product.name} left.`
          : `${product.name} is out of stock.`,
        { field: 'productId' },
      )
  }
  return { product, resolved }
}

/** The request as stored on the cart item: only what was asked, re-checked at every read. */
export function storedConfiguration(resolved: ResolvedConfiguration): {
  cycle: ResolvedConfiguration['cycle']
  options: Prisma.InputJsonValue
  addonIds: string[]
  domain: string | null
} {
  const options: Record<string, string | number | boolean> = {}
  for (const o of resolved.options)
    options[o.optionId] =
      o.type === 'QUANTITY' ? o.quantity : o.type === 'YES_NO' ? o.quantity > 0 : (o.choiceId ?? '')
  return {
    cycle: resolved.cycle,
    options,
    addonIds: resolved.addons.map((a) => a.addonId),
    domain: resolved.domain,
  }
}

/**
 * Adds a configured product to a cart. Everything is checked against the catalog now (and again at
 * checkout): the cycle is offered, options and choices belong to the product, quantities are whole
 * and within limits, addons are offered with it, the hostname is valid, and stock remains.
 */
export async function addCartItem(ctx: Ctx, raw: unknown): Promise<{ itemId: string; cartId: string }> {
  const input = parseInput(addCartItemInput, raw)
  return inTransaction(ctx, async (tx) => {
    const found = await findCart(tx.db, tx.actor, input.cart)
    await lockCart(tx.db, found.id)
    const cart = await findCart(tx.db, tx.actor, input.cart)
    if (cart.items.length >= 20)
      throw new DomainError('VALIDATION_FAILED', 'A cart holds at most 20 items.', { field: 'productId' })
    const { product, resolved } = await configureForCart(tx.db, cart, input.productId, input)
    const item = await tx.db.cartItem.create({
      data: { cartId: cart.id, kind: 'PRODUCT', productId: product.id, ...storedConfiguration(resolved) },
      select: { id: true },
    })
    await touchCart(tx.db, cart.id)
    return { itemId: item.id, cartId: cart.id }
  })
}
