import type { Db, DbClient } from '@berth/prisma'
import { requireClient } from '../../access'
import type { Ctx } from '../../shared'
import { findGateway } from '../gateways/registry'
import { CREDIT_GATEWAY, MANUAL_GATEWAY } from '../shared/labels'
import { isGatewayAllowedHere } from './load-gateway'

export type PaymentMethodView =
  | { kind: 'gateway'; id: string; displayName: string; isTestMode: boolean; isDemoOnly: boolean }
  | { kind: 'credit'; id: typeof CREDIT_GATEWAY; displayName: string; balance: bigint; currency: string }

/**
 * How the logged-in client can pay: the enabled gateways (never a demo-only one in production), in
 * staff's order, then account credit when the client has some. Credit is spent with
 * applyCreditToInvoice; gateways with startPayment.
 */
export async function listPaymentMethods(ctx: Ctx): Promise<PaymentMethodView[]> {
  const actor = requireClient(ctx.actor)
  const client = await ctx.db.client.findUniqueOrThrow({
    where: { id: actor.clientId },
    select: { currencyCode: true, creditBalances: { select: { currencyCode: true, balance: true } } },
  })
  const methods: PaymentMethodView[] = await listCheckoutGateways(ctx.db)
  const credit = client.creditBalances.find((b) => b.currencyCode === client.currencyCode)?.balance ?? 0n
  if (credit > 0n)
    methods.push({
      kind: 'credit',
      id: CREDIT_GATEWAY,
      displayName: 'Account credit',
      balance: credit,
      currency: client.currencyCode,
    })
  return methods
}

export type GatewayMethodView = Extract<PaymentMethodView, { kind: 'gateway' }>

/**
 * The enabled gateways (never a demo-only one in production), in staff's order: what a checkout
 * offers anyone, a visitor who is about to register included. No actor needed: nothing secret.
 */
export async function listCheckoutGateways(db: Db | DbClient): Promise<GatewayMethodView[]> {
  const configs = await db.gatewayConfig.findMany({
    where: { isEnabled: true },
    orderBy: [{ sortOrder: 'asc' }, { gateway: 'asc' }],
  })
  const methods: GatewayMethodView[] = []
  for (const c of configs) {
    const gateway = findGateway(c.gateway)
    if (!gateway || !isGatewayAllowedHere(gateway)) continue
    methods.push({
      kind: 'gateway',
      id: gateway.id,
      displayName: c.displayName,
      isTestMode: c.isTestMode,
      isDemoOnly: gateway.isDemoOnly ?? false,
    })
  }
  return methods
}

export type CheckoutPaymentMethod =
  | GatewayMethodView
  | Extract<PaymentMethodView, { kind: 'credit' }>
  | { kind: 'manual'; id: typeof MANUAL_GATEWAY; displayName: string }

/**
 * How an order can be paid at checkout, for the shop to render as it is: the enabled gateways;
 * account credit when it is a logged-in client's, in the order's currency, and covers the total;
 * and bank transfer (manual) only when no gateway is enabled, since a shop that takes cards should
 * not invite slow manual payments (credit does not count: it cannot pay every order).
 */
export async function listCheckoutPaymentMethods(
  ctx: Ctx,
  order: { currency: string; total: bigint },
): Promise<CheckoutPaymentMethod[]> {
  const methods: CheckoutPaymentMethod[] = []
  if (ctx.actor.type === 'client') {
    for (const method of await listPaymentMethods(ctx)) {
      if (method.kind === 'gateway') methods.push(method)
      else if (method.currency === order.currency && method.balance >= order.total) methods.push(method)
    }
  } else {
    methods.push(...(await listCheckoutGateways(ctx.db)))
  }
  if (!methods.some((method) => method.kind === 'gateway'))
    methods.push({ kind: 'manual', id: MANUAL_GATEWAY, displayName: 'Bank transfer' })
  return methods
}
