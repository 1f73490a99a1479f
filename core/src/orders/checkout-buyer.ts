import type { DbClient } from '@berth/prisma'
import { registerClient, claimAttempt, markAttemptSucceeded, registerInput } from '../accounts'
import { CREDIT_GATEWAY, listCheckoutGateways, MANUAL_GATEWAY } from '../billing'
import { DomainError, parseInput, type Ctx } from '../shared'
import { getSettings } from '../settings'
import type { CartRow } from './cart-access'
import type { checkoutInput } from './schemas'
import type { z } from 'zod'

type Input = z.output<typeof checkoutInput>
type Attempt = Awaited<ReturnType<typeof claimAttempt>> | null

/**
 * What is checked before anything is locked: who may order (a client, or a visitor who registers
 * here), the host's email-verification rule, and a payment method staff enabled. A visitor's
 * checkout registers an account, so it is throttled per IP: the attempt is claimed last, here.
 */
export async function admitBuyer(ctx: Ctx, input: Input): Promise<Attempt> {
  // A visitor's details are checked before anything is locked (registerClient checks them again).
  if (ctx.actor.type === 'anonymous' && input.newClient) parseInput(registerInput, input.newClient)
  if (ctx.actor.type === 'anonymous' && !input.newClient)
    throw new DomainError('VALIDATION_FAILED', 'Create an account or log in to place the order.', {
      field: 'newClient',
    })
  if (ctx.actor.type !== 'anonymous' && ctx.actor.type !== 'client')
    throw new DomainError('FORBIDDEN', 'Orders are placed by clients.')
  await requireVerifiedEmail(ctx)
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
  return ctx.actor.type === 'anonymous' ? claimAttempt(ctx, 'PORTAL', 'CHECKOUT', '') : null
}

/**
 * Hosts who require confirmed addresses (setting portal.requireEmailVerification) take orders
 * only from clients who have clicked their link: a visitor registers and confirms first.
 */
async function requireVerifiedEmail(ctx: Ctx): Promise<void> {
  if (!(await getSettings(ctx.db))['portal.requireEmailVerification']) return
  if (ctx.actor.type === 'anonymous') {
    throw new DomainError(
      'EMAIL_NOT_VERIFIED',
      'Please create your account and confirm your email address before you order: your cart is kept.',
      { field: 'newClient' },
    )
  }
  if (ctx.actor.type !== 'client') return
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

export interface Buyer {
  clientId: string
  /** the login created for a visitor who registered at checkout */
  userId: string | null
  isNewClient: boolean
  currency: string
  /** what tax is computed from */
  tax: { country: string; state: string | null; taxId: string | null; isTaxExempt: boolean }
}

/**
 * The buyer, inside the checkout's transaction: the logged-in client, or the visitor registered
 * now (same transaction: a refused checkout leaves no account behind). The cart follows the
 * client's account currency (a new client's currency is the one it shopped in).
 */
export async function resolveBuyer(
  tx: Ctx & { db: DbClient },
  input: Input,
  cart: CartRow,
  attempt: Attempt,
): Promise<Buyer> {
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
  const { status: _status, currencyCode, ...tax } = client
  return { clientId, userId, isNewClient, currency: currencyCode, tax }
}
