import type { DbClient } from '@berth/prisma'
import { registerClient } from '../accounts/register-client'
import { claimAttempt, markAttemptSucceeded } from '../accounts/throttle'
import { registerInput } from '../accounts/schemas'
import { portalLink } from '../accounts/links'
import { recordAuditEvent } from '../audit/record-audit-event'
import {
  createServiceInvoice,
  CREDIT_GATEWAY,
  listCheckoutGateways,
  MANUAL_GATEWAY,
  type ServiceInvoiceItem,
} from '../billing'
import { readCreditBalance } from '../billing/credit/ledger'
import { toDateOnly } from '../catalog/pricing/billing-cycles'
import type { PromotionTerms } from '../catalog/pricing/price-configuration'
import { format } from '../money'
import { queueEmail } from '../notifications/queue-email'
import { requestTransition } from '../services/request-transition'
import { serviceRecipients } from '../services/notify'
import type { Ctx } from '../shared/context'
import { DomainError } from '../shared/domain-error'
import { isUniqueViolation } from '../shared/prisma-errors'
import { inTransaction } from '../shared/transaction'
import { parseInput } from '../shared/validate'
import { getSettings } from '../settings/settings'
import { cartNotFound, findCart, lockCart } from './cart-access'
import { loadCartLines, taxFor } from './cart-summary'
import { checkPromotion, promoInvalid } from './check-promotion'
import { priceCart } from './price-cart'
import { checkoutInput } from './schemas'

export interface CheckoutResult {
  orderId: string
  orderNumber: bigint
  clientId: string
  /** the login created for a visitor who registered at checkout (null otherwise, and on a replay) */
  userId: string | null
  invoiceId: string
  invoiceNumber: string | null
  invoiceStatus: string
  total: bigint
  currency: string
  serviceIds: string[]
  /** true when this idempotency key had already produced the order: nothing new was written */
  isReplay: boolean
}

async function existingOrder(
  db: DbClient | Ctx['db'],
  idempotencyKey: string,
): Promise<CheckoutResult | null> {
  const order = await db.order.findUnique({
    where: { idempotencyKey },
    select: {
      id: true,
      number: true,
      clientId: true,
      currencyCode: true,
      services: { select: { id: true }, orderBy: { createdAt: 'asc' } },
      invoices: {
        select: { id: true, number: true, status: true, total: true },
        orderBy: { createdAt: 'asc' },
        take: 1,
      },
    },
  })
  if (!order) return null
  const invoice = order.invoices[0]
  return {
    orderId: order.id,
    orderNumber: order.number,
    clientId: order.clientId,
    userId: null,
    invoiceId: invoice?.id ?? '',
    invoiceNumber: invoice?.number ?? null,
    invoiceStatus: invoice?.status ?? 'CANCELLED',
    total: invoice?.total ?? 0n,
    currency: order.currencyCode,
    serviceIds: order.services.map((s) => s.id),
    isReplay: true,
  }
}

function replayFor(ctx: Ctx, found: CheckoutResult): CheckoutResult {
  // Someone else's order is never shown, whatever key they send.
  if (ctx.actor.type === 'client' && found.clientId !== ctx.actor.clientId)
    throw new DomainError('VALIDATION_FAILED', 'This checkout form was already used. Reload the page.', {
      field: 'idempotencyKey',
    })
  return found
}

/**
 * Turns a cart into an order (docs/decisions/0019-cart-and-checkout.md), in one transaction:
 * - the buyer is the logged-in client, or a visitor who registers here (accounts' registerClient,
 *   same transaction: a refused checkout leaves no account behind);
 * - every price is recomputed from the catalog; the cart only says what was asked for, so a
 *   foreign option, an impossible quantity, an unknown cycle or a bad promotion code refuses the
 *   whole checkout with nothing written; an `expectedTotal` that differs is PRICE_CHANGED;
 * - stock is taken with a conditional UPDATE (row lock): the last item goes to one buyer only;
 * - the promotion row is locked before its limits are checked and its use is counted;
 * - the order (PENDING), its services (PENDING) with options and addons, the redemption and one
 *   published invoice (billing's createServiceInvoice) are written; the cart is deleted;
 * - the same idempotency key returns the same order, however often it is sent.
 */
export async function checkout(ctx: Ctx, raw: unknown): Promise<CheckoutResult> {
  const input = parseInput(checkoutInput, raw)
  const early = await existingOrder(ctx.db, input.idempotencyKey)
  if (early) return replayFor(ctx, early)
  // A visitor's details are checked before anything is locked (registerClient checks them again).
  if (ctx.actor.type === 'anonymous' && input.newClient) parseInput(registerInput, input.newClient)
  if (ctx.actor.type === 'anonymous' && !input.newClient)
    throw new DomainError('VALIDATION_FAILED', 'Create an account or log in to place the order.', {
      field: 'newClient',
    })
  if (ctx.actor.type !== 'anonymous' && ctx.actor.type !== 'client')
    throw new DomainError('FORBIDDEN', 'Orders are placed by clients.')
  // Hosts who require confirmed addresses (setting portal.requireEmailVerification) take orders
  // only from clients who have clicked their link: a visitor registers and confirms first.
  if ((await getSettings(ctx.db))['portal.requireEmailVerification']) {
    if (ctx.actor.type === 'anonymous') {
      throw new DomainError(
        'EMAIL_NOT_VERIFIED',
        'Please create your account and confirm your email address before you order: your cart is kept.',
        { field: 'newClient' },
      )
    }
    if (ctx.actor.type === 'client') {
      const user = await ctx.db.user.findUnique({
        where: { id: ctx.actor.userId },
        select: { emailVerifiedAt: true },
      })
      if (!user?.emailVerifiedAt)
        throw new DomainError(
          'EMAIL_NOT_VERIFIED',
          'Please confirm your email address before you order: we sent you a link (you can ask for a new one on your account page).',
        )
    }
  }
  // A gateway must be one staff enabled (and allowed here): the order would otherwise be unpayable as chosen.
  if (
    input.paymentMethod !== MANUAL_GATEWAY &&
    input.paymentMethod !== CREDIT_GATEWAY &&
    !(await listCheckoutGateways(ctx.db)).some((g) => g.id === input.paymentMethod)
  ) {
    throw new DomainError('VALIDATION_FAILED', 'Choose a payment method from the list.', {
      field: 'paymentMethod',
    })
  }
  // A visitor's checkout registers an account: throttled per IP (every attempt counts), claimed before any work.
  const attempt = ctx.actor.type === 'anonymous' ? await claimAttempt(ctx, 'PORTAL', 'CHECKOUT', '') : null

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

      // The buyer.
      let clientId: string
      let userId: string | null = null
      let isNewClient = false
      if (tx.actor.type === 'client') {
        clientId = tx.actor.clientId
      } else {
        const registered = await registerClient(tx, input.newClient!, { throttledByCaller: true })
        if (attempt) await markAttemptSucceeded(tx, attempt)
        clientId = registered.clientId
        userId = registered.userId
        isNewClient = true
        // A new client's account currency is the one it shopped in (it has no invoice yet).
        await tx.db.client.update({ where: { id: clientId }, data: { currencyCode: cart.currencyCode } })
      }
      const client = await tx.db.client.findUniqueOrThrow({
        where: { id: clientId },
        select: {
          status: true,
          currencyCode: true,
          country: true,
          state: true,
          taxId: true,
          isTaxExempt: true,
        },
      })
      if (client.status !== 'ACTIVE')
        throw new DomainError('FORBIDDEN', 'This account cannot place orders. Please contact us.')
      if (client.currencyCode !== cart.currencyCode) {
        await tx.db.cart.update({ where: { id: cart.id }, data: { currencyCode: client.currencyCode } })
        cart.currencyCode = client.currencyCode
      }
      const currency = client.currencyCode

      // Everything the cart asks for, checked and priced from the catalog.
      const { lines, problems } = await loadCartLines(tx.db, cart)
      if (problems.length)
        throw new DomainError('VALIDATION_FAILED', problems[0]!.message, {
          field: `items.${problems[0]!.itemId}`,
          issues: problems.map((p) => ({ field: `items.${p.itemId}`, message: p.message })),
        })
      let promotion: PromotionTerms | null = null
      if (cart.promoCode)
        promotion = await checkPromotion(tx.db, cart.promoCode, {
          currency,
          clientId,
          isNewClient,
          lock: true,
        })
      const tax = await taxFor(tx.db, client)
      const today = toDateOnly(new Date())
      const priced = priceCart({ currency, lines, promotion, tax, today })
      if (promotion && !priced.promotionApplies) throw promoInvalid()
      if (input.expectedTotal !== undefined && input.expectedTotal !== priced.totals.total) {
        throw new DomainError(
          'PRICE_CHANGED',
          'The total has changed since you saw it. Please review your order and confirm again.',
          { field: 'expectedTotal' },
        )
      }
      if (
        input.paymentMethod === CREDIT_GATEWAY &&
        priced.totals.total > 0n &&
        (await readCreditBalance(tx.db, clientId, currency)) < priced.totals.total
      ) {
        throw new DomainError(
          'VALIDATION_FAILED',
          'Your account credit does not cover this order. Choose another payment method.',
          { field: 'paymentMethod' },
        )
      }

      // Stock, under the product rows' locks, in a fixed order (no deadlocks between carts).
      const wanted = new Map<string, { name: string; count: number }>()
      for (const l of lines)
        if (l.product.stockControl)
          wanted.set(l.product.id, {
            name: l.product.name,
            count: (wanted.get(l.product.id)?.count ?? 0) + 1,
          })
      for (const [productId, w] of [...wanted.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const taken = await tx.db
          .$executeRaw`UPDATE "Product" SET "stockQuantity" = "stockQuantity" - ${w.count} WHERE "id" = ${productId}::uuid AND "stockControl" AND "stockQuantity" >= ${w.count}`
        if (taken !== 1)
          throw new DomainError('OUT_OF_STOCK', `${w.name} is out of stock.`, { field: 'cart' })
      }

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

      const invoiceItems: ServiceInvoiceItem[] = []
      const serviceIds: string[] = []
      const autoSetupOnOrder: string[] = []
      for (const item of priced.items) {
        const b = item.breakdown
        const discounted =
          b.discount.promotionApplies && (b.discount.firstPayment > 0n || b.discount.recurring > 0n)
        const packageLines = b.lines.filter((l) => l.kind !== 'addon')
        const firstPayment =
          packageLines.reduce((a, l) => a + l.firstAmount + l.setupFee, 0n) - b.discount.firstPayment
        const packageRecurring = packageLines.reduce((a, l) => a + l.recurring, 0n)
        const service = await tx.db.service.create({
          data: {
            clientId,
            orderId: order.id,
            productId: item.product.id,
            status: 'PENDING',
            billingCycle: item.resolved.cycle,
            currencyCode: currency,
            firstPaymentAmount: firstPayment > 0n ? firstPayment : 0n,
            recurringAmount: packageRecurring - b.discount.recurring,
            promotionId: discounted ? promotion!.id : null,
            promotionCyclesRemaining: discounted && b.discount.recurring > 0n ? b.discount.laterCycles : null,
            domain: item.resolved.domain,
            registrationDate: today,
            // The start of the first unpaid period: paying the invoice moves it past the period.
            nextDueDate: item.resolved.cycle === 'ONE_TIME' ? null : today,
            nextInvoiceDate: item.resolved.cycle === 'ONE_TIME' ? null : today,
          },
          select: { id: true },
        })
        serviceIds.push(service.id)
        if (item.product.autoSetup === 'ON_ORDER') autoSetupOnOrder.push(service.id)
        if (item.resolved.options.length) {
          await tx.db.serviceConfigOption.createMany({
            data: item.resolved.options.map((o) => ({
              serviceId: service.id,
              optionId: o.optionId,
              choiceId: o.choiceId,
              quantity: o.quantity,
            })),
          })
        }
        const addonIds: string[] = []
        for (const a of item.resolved.addons) {
          const price = a.prices[a.cycle]!
          const addon = await tx.db.serviceAddon.create({
            data: {
              // a one-time addon's price is a one-off charge: kept with its setup fee, nothing recurs
              serviceId: service.id,
              addonId: a.addonId,
              status: 'PENDING',
              billingCycle: a.cycle,
              currencyCode: currency,
              setupFee: a.cycle === 'ONE_TIME' ? price.amount + price.setupFee : price.setupFee,
              recurringAmount: a.cycle === 'ONE_TIME' ? 0n : price.amount,
              registrationDate: today,
              nextDueDate: a.cycle === 'ONE_TIME' ? null : today,
            },
            select: { id: true },
          })
          addonIds.push(addon.id)
        }
        for (const d of item.invoiceItems) {
          invoiceItems.push({
            type: d.type,
            description: d.description,
            unitAmount: d.unitAmount,
            isTaxable: d.isTaxable,
            periodStart: d.periodStart,
            periodEnd: d.periodEnd,
            ...(d.target.kind === 'service'
              ? { serviceId: service.id }
              : { serviceAddonId: addonIds[d.target.index]! }),
          })
        }
      }

      if (priced.promotionApplies && promotion) {
        await tx.db.promotionRedemption.create({
          data: { promotionId: promotion.id, clientId, orderId: order.id },
        })
        await tx.db.promotion.update({ where: { id: promotion.id }, data: { usesCount: { increment: 1 } } })
      }

      const invoice = await createServiceInvoice(tx, { clientId, orderId: order.id, items: invoiceItems })
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
          services: serviceIds,
          invoiceId: invoice.id,
          invoiceNumber: invoice.number,
          subtotal: priced.totals.subtotal,
          taxTotal: priced.totals.taxTotal,
          total: priced.totals.total,
          promotion: priced.promotionApplies ? promotion!.code : null,
          paymentMethod: input.paymentMethod,
          newClient: isNewClient,
        },
      })
      await queueOrderConfirmation(tx.db, {
        clientId,
        orderNumber: order.number,
        invoiceId: invoice.id,
        invoiceNumber: invoice.number ?? '',
        currency,
        total: priced.totals.total,
        items: priced.items.map((i) => ({
          description: `${i.product.name}${i.resolved.domain ? ` - ${i.resolved.domain}` : ''}`,
          amount: i.firstPayment,
        })),
      })
      for (const serviceId of autoSetupOnOrder) await requestTransition(tx, serviceId, 'activate')

      return {
        orderId: order.id,
        orderNumber: order.number,
        clientId,
        userId,
        invoiceId: invoice.id,
        invoiceNumber: invoice.number,
        invoiceStatus: invoice.status,
        total: invoice.total,
        currency,
        serviceIds,
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

async function queueOrderConfirmation(
  db: DbClient,
  input: {
    clientId: string
    orderNumber: bigint
    invoiceId: string
    invoiceNumber: string
    currency: string
    total: bigint
    items: { description: string; amount: bigint }[]
  },
) {
  const currency = await db.currency.findUniqueOrThrow({
    where: { code: input.currency },
    select: { exponent: true },
  })
  const money = (amount: bigint) => format(amount, input.currency, currency.exponent)
  for (const r of await serviceRecipients(db, input.clientId)) {
    if (!r.userId) continue
    await queueEmail(db, {
      template: 'order-confirmation',
      to: r.email,
      clientId: input.clientId,
      userId: r.userId,
      props: {
        firstName: r.firstName,
        orderNumber: input.orderNumber.toString(),
        items: input.items.map((i) => ({ description: i.description, amount: money(i.amount) })),
        total: money(input.total),
        invoiceNumber: input.invoiceNumber,
        invoiceUrl: portalLink(`invoices/${input.invoiceId}`),
      },
    })
  }
}
