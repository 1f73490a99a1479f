import { recordAuditEvent } from '../audit'
import { createServiceInvoice } from '../billing'
import { requestTransition } from '../services'
import { DomainError, isUniqueViolation, inTransaction, parseInput, type Ctx } from '../shared'
import { cartNotFound, findCart, lockCart } from './cart-access'
import { admitBuyer, resolveBuyer } from './checkout-buyer'
import { confirmationLines, queueOrderConfirmation } from './checkout-confirmation'
import { priceCheckout } from './checkout-pricing'
import { existingOrder, replayFor, type CheckoutResult } from './checkout-replay'
import { createOrderedServices, takeOrderStock } from './checkout-services'
import { createOrderedDomains, recheckCartDomains, type DomainLookUp } from './order-domains'
import { checkoutInput } from './schemas'

export type { CheckoutResult } from './checkout-replay'

/**
 * Turns a cart into an order (docs/decisions/0019-cart-and-checkout.md), in one transaction:
 * - the buyer is the logged-in client, or a visitor who registers here (checkout-buyer.ts);
 * - every price is recomputed from the catalog and the TLDs (checkout-pricing.ts); the cart only
 *   says what was asked for, so anything that no longer fits refuses the whole checkout with
 *   nothing written; an `expectedTotal` that differs is PRICE_CHANGED;
 * - stock is taken with a conditional UPDATE (row lock): the last item goes to one buyer only;
 * - the promotion row is locked before its limits are checked and its use is counted;
 * - the order (PENDING), its services (PENDING) with options and addons (checkout-services.ts),
 *   its domains (PENDING or PENDING_TRANSFER, order-domains.ts; decision 0063), the redemption
 *   and one published invoice (billing's createServiceInvoice) are written; the cart is deleted;
 * - the same idempotency key returns the same order, however often it is sent.
 * Domain names are looked up once more before anything is locked (`lookUpDomain` for tests).
 */
export async function checkout(
  ctx: Ctx,
  raw: unknown,
  options: { lookUpDomain?: DomainLookUp } = {},
): Promise<CheckoutResult> {
  const input = parseInput(checkoutInput, raw)
  const early = await existingOrder(ctx.db, input.idempotencyKey)
  if (early) return replayFor(ctx, early)
  await recheckCartDomains(ctx, input.cart, options.lookUpDomain)
  const attempt = await admitBuyer(ctx, input)

  try {
    return await inTransaction(ctx, async (tx) => {
      // One checkout of a cart at a time; a concurrent double submit waits here, then finds the order.
      const found = await findCart(tx.db, tx.actor, input.cart).catch(async (error) => {
        const replay = await existingOrder(tx.db, input.idempotencyKey)
        if (replay) return replay
        throw error
      })
      if ('isReplay' in found) return replayFor(tx, found)
      if (!(await lockCart(tx.db, found.id))) {
        const replay = await existingOrder(tx.db, input.idempotencyKey)
        if (replay) return replayFor(tx, replay)
        throw cartNotFound()
      }
      const replay = await existingOrder(tx.db, input.idempotencyKey)
      if (replay) return replayFor(tx, replay)
      const cart = await findCart(tx.db, tx.actor, input.cart)
      if (!cart.items.length)
        throw new DomainError('VALIDATION_FAILED', 'Your cart is empty.', { field: 'cart' })

      const buyer = await resolveBuyer(tx, input, cart, attempt)
      const { clientId, currency } = buyer
      const { priced, promotion, today } = await priceCheckout(tx.db, cart, buyer, input)
      await takeOrderStock(tx.db, priced.items)

      const order = await tx.db.order.create({
        data: {
          clientId,
          currencyCode: currency,
          promotionId: priced.promotionApplies ? promotion!.id : null,
          idempotencyKey: input.idempotencyKey,
          paymentMethod: input.paymentMethod,
          ip: tx.request.ip,
          notes: input.notes ?? null,
        },
        select: { id: true, number: true },
      })
      const services = await createOrderedServices(tx.db, {
        clientId,
        orderId: order.id,
        currency,
        today,
        promotion,
        items: priced.items,
      })
      const domains = await createOrderedDomains(tx.db, {
        clientId,
        orderId: order.id,
        currency,
        domains: priced.domains,
      })

      if (priced.promotionApplies && promotion) {
        await tx.db.promotionRedemption.create({
          data: { promotionId: promotion.id, clientId, orderId: order.id },
        })
        await tx.db.promotion.update({ where: { id: promotion.id }, data: { usesCount: { increment: 1 } } })
      }

      const invoice = await createServiceInvoice(tx, {
        clientId,
        orderId: order.id,
        items: [...services.invoiceItems, ...domains.invoiceItems],
      })
      if (invoice.total !== priced.totals.total)
        throw new Error(
          `checkout: the invoice total ${invoice.total} differs from the priced total ${priced.totals.total}`,
        )
      await tx.db.cart.delete({ where: { id: cart.id } })

      await recordAuditEvent(tx, {
        action: 'order.create',
        targetType: 'Order',
        targetId: order.id,
        clientId,
        after: {
          number: order.number,
          currency,
          services: services.serviceIds,
          domains: priced.domains.map((d, i) => ({
            id: domains.domainIds[i],
            name: d.line.name,
            action: d.line.action,
            years: d.line.years,
          })),
          invoiceId: invoice.id,
          invoiceNumber: invoice.number,
          subtotal: priced.totals.subtotal,
          taxTotal: priced.totals.taxTotal,
          total: priced.totals.total,
          promotion: priced.promotionApplies ? promotion!.code : null,
          paymentMethod: input.paymentMethod,
          newClient: buyer.isNewClient,
        },
      })
      await queueOrderConfirmation(tx.db, {
        clientId,
        orderNumber: order.number,
        invoiceId: invoice.id,
        invoiceNumber: invoice.number ?? '',
        currency,
        total: priced.totals.total,
        items: confirmationLines(priced),
      })
      for (const serviceId of services.autoSetupOnOrder) await requestTransition(tx, serviceId, 'activate')

      return {
        orderId: order.id,
        orderNumber: order.number,
        clientId,
        userId: buyer.userId,
        invoiceId: invoice.id,
        invoiceNumber: invoice.number,
        invoiceStatus: invoice.status,
        total: invoice.total,
        currency,
        serviceIds: services.serviceIds,
        domainIds: domains.domainIds,
        isReplay: false,
      }
    })
  } catch (error) {
    if (isUniqueViolation(error, 'idempotencyKey')) {
      const replay = await existingOrder(ctx.db, input.idempotencyKey)
      if (replay) return replayFor(ctx, replay)
    }
    throw error
  }
}
