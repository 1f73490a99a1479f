import { claimAttempt, markAttemptSucceeded } from '../accounts'
import { inTransaction, parseInput, type Ctx } from '../shared'
import { findCart, touchCart } from './cart-access'
import { loadCartLines } from './cart-summary'
import { checkPromotion, promoInvalid } from './check-promotion'
import { promotionCovers } from '../catalog'
import { applyPromoCodeInput, cartOnlyInput } from './schemas'

/**
 * Puts a promotion code on the cart after checking it (valid now, not used up, usable in the cart's
 * currency, by this client, on at least one item of the cart). Refused with PROMO_INVALID, one
 * message for every reason; wrong codes are throttled per IP (RATE_LIMITED).
 */
export async function applyPromoCode(ctx: Ctx, raw: unknown): Promise<{ code: string }> {
  const input = parseInput(applyPromoCodeInput, raw)
  const attempt = await claimAttempt(ctx, 'PORTAL', 'PROMO_CODE', '')
  return inTransaction(ctx, async (tx) => {
    const cart = await findCart(tx.db, tx.actor, input.cart)
    const terms = await checkPromotion(tx.db, input.code, {
      currency: cart.currencyCode,
      clientId: tx.actor.type === 'client' ? tx.actor.clientId : null,
    })
    const { lines } = await loadCartLines(tx.db, cart)
    if (lines.length && !lines.some((l) => promotionCovers(terms, l.product.id, l.resolved.cycle)))
      throw promoInvalid()
    await markAttemptSucceeded(tx, attempt)
    await tx.db.cart.update({ where: { id: cart.id }, data: { promoCode: terms.code } })
    await touchCart(tx.db, cart.id)
    return { code: terms.code }
  })
}

export async function removePromoCode(ctx: Ctx, raw: unknown): Promise<void> {
  const input = parseInput(cartOnlyInput, raw)
  await inTransaction(ctx, async (tx) => {
    const cart = await findCart(tx.db, tx.actor, input.cart)
    await tx.db.cart.update({ where: { id: cart.id }, data: { promoCode: null } })
  })
}
