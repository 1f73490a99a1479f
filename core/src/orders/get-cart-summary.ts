import { isDomainError, parseInput, type Ctx } from '../shared'
import { findCart } from './cart-access'
import { summarizeCart, type CartSummary, type TaxBuyerInput } from './cart-summary'
import { cartOnlyInput, cartSummaryInput } from './schemas'

/**
 * The cart with every price recomputed from the catalog: items, recurring and setup amounts,
 * discount, tax (for a client's address, or a visitor's country when given) and the total due today.
 */
export async function getCartSummary(ctx: Ctx, raw: unknown): Promise<CartSummary> {
  const input = parseInput(cartSummaryInput, raw)
  const cart = await findCart(ctx.db, ctx.actor, input.cart)
  let tax: TaxBuyerInput | null = input.country
    ? { country: input.country, state: input.state ?? null, isTaxExempt: false }
    : null
  if (ctx.actor.type === 'client') {
    tax = await ctx.db.client.findUniqueOrThrow({
      where: { id: ctx.actor.clientId },
      select: { country: true, state: true, taxId: true, isTaxExempt: true },
    })
  }
  return summarizeCart(ctx.db, cart, {
    clientId: ctx.actor.type === 'client' ? ctx.actor.clientId : null,
    tax,
  })
}

/** How many items the cart holds (a header's count); 0 when there is no cart. Nothing is created. */
export async function countCartItems(ctx: Ctx, raw: unknown): Promise<number> {
  const input = parseInput(cartOnlyInput, raw)
  if (ctx.actor.type === 'anonymous' && !input.cart.token) return 0
  try {
    return (await findCart(ctx.db, ctx.actor, input.cart)).items.length
  } catch (error) {
    if (isDomainError(error) && error.code === 'NOT_FOUND') return 0
    throw error
  }
}
