import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { configureForCart, storedConfiguration } from './add-cart-item'
import { findCart, lockCart, touchCart } from './cart-access'
import { removeCartItemInput, updateCartItemInput } from './schemas'

/** Changes an item's cycle, options, addons or hostname; the whole configuration is checked again. */
export async function updateCartItem(ctx: Ctx, raw: unknown): Promise<{ itemId: string }> {
  const input = parseInput(updateCartItemInput, raw)
  return inTransaction(ctx, async (tx) => {
    const found = await findCart(tx.db, tx.actor, input.cart)
    await lockCart(tx.db, found.id)
    const cart = await findCart(tx.db, tx.actor, input.cart)
    const item = cart.items.find((i) => i.id === input.itemId)
    if (!item?.productId)
      throw new DomainError('NOT_FOUND', 'This item is not in your cart.', { field: 'itemId' })
    const { resolved } = await configureForCart(
      tx.db,
      cart,
      item.productId,
      {
        cycle: input.cycle ?? item.cycle ?? '',
        options: input.options ?? (item.options as Record<string, string | number | boolean>),
        addonIds: input.addonIds ?? item.addonIds,
        domain: input.domain === undefined ? item.domain : input.domain,
      },
      item.id,
    )
    await tx.db.cartItem.update({ where: { id: item.id }, data: storedConfiguration(resolved) })
    await touchCart(tx.db, cart.id)
    return { itemId: item.id }
  })
}

export async function removeCartItem(ctx: Ctx, raw: unknown): Promise<void> {
  const input = parseInput(removeCartItemInput, raw)
  await inTransaction(ctx, async (tx) => {
    const cart = await findCart(tx.db, tx.actor, input.cart)
    const removed = await tx.db.cartItem.deleteMany({ where: { id: input.itemId, cartId: cart.id } })
    if (!removed.count)
      throw new DomainError('NOT_FOUND', 'This item is not in your cart.', { field: 'itemId' })
    await touchCart(tx.db, cart.id)
  })
}
