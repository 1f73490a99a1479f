import { requirePermission } from '../access'
import { recordAuditEvent } from '../audit'
import { addonCycleFor, loadOrderableProduct, resolveConfiguration, priceConfiguration } from '../catalog'
import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { serviceNotFound } from './access'
import { lockService } from './complete-transition'
import { changeBillingCycleInput } from './schemas'

/**
 * Staff move a service to another recurring cycle: its recurring price (and its addons') is
 * re-read from the catalog for that cycle with the same options. It takes effect from the next due
 * date, which does not move; a recurring promotion ends (it was granted for the old cycle).
 */
export async function changeBillingCycle(ctx: Ctx, raw: unknown) {
  requirePermission(ctx.actor, 'orders.manage')
  const input = parseInput(changeBillingCycleInput, raw)
  return inTransaction(ctx, async (tx) => {
    if (!(await lockService(tx.db, input.serviceId))) throw serviceNotFound()
    const s = await tx.db.service.findUniqueOrThrow({
      where: { id: input.serviceId },
      select: {
        id: true,
        clientId: true,
        status: true,
        billingCycle: true,
        currencyCode: true,
        recurringAmount: true,
        domain: true,
        productId: true,
        configOptions: {
          select: { optionId: true, choiceId: true, quantity: true, option: { select: { type: true } } },
        },
        addons: {
          where: { status: { in: ['PENDING', 'ACTIVE', 'SUSPENDED'] } },
          select: { id: true, addonId: true, billingCycle: true },
        },
      },
    })
    if (!['PENDING', 'ACTIVE', 'SUSPENDED'].includes(s.status))
      throw new DomainError(
        'INVALID_TRANSITION',
        `A ${s.status.toLowerCase()} service cannot change its billing cycle.`,
      )
    if (s.billingCycle === 'ONE_TIME')
      throw new DomainError('INVALID_TRANSITION', 'A one-time service has no billing cycle to change.')
    if (s.billingCycle === input.cycle)
      throw new DomainError('VALIDATION_FAILED', 'The service is already billed on this cycle.', {
        field: 'cycle',
      })
    const product = await loadOrderableProduct(tx.db, s.productId, s.currencyCode)
    if (!product?.prices[input.cycle])
      throw new DomainError(
        'VALIDATION_FAILED',
        "The product is not offered on this cycle in the client's currency.",
        { field: 'cycle' },
      )
    const options: Record<string, string | number | boolean> = {}
    for (const o of s.configOptions) {
      if (!product.options.some((po) => po.id === o.optionId && !po.isHidden)) continue
      options[o.optionId] =
        o.option.type === 'QUANTITY'
          ? o.quantity
          : o.option.type === 'YES_NO'
            ? o.choiceId !== null
            : (o.choiceId ?? '')
    }
    const resolved = resolveConfiguration(product, {
      cycle: input.cycle,
      options,
      addonIds: [],
      domain: s.domain,
    })
    const breakdown = priceConfiguration({
      currency: s.currencyCode,
      cycle: input.cycle,
      product: { id: product.id, name: product.name, isTaxable: product.isTaxable, prices: product.prices },
      options: resolved.pricedOptions,
      today: new Date(),
    })
    await tx.db.service.update({
      where: { id: s.id },
      data: {
        billingCycle: input.cycle,
        recurringAmount: breakdown.recurring,
        promotionId: null,
        promotionCyclesRemaining: null,
      },
    })
    const addonChanges: { id: string; cycle: string; recurringAmount: bigint }[] = []
    for (const a of s.addons) {
      const addon = product.addons.find((pa) => pa.id === a.addonId)
      const cycle = addon ? addonCycleFor(addon, input.cycle) : null
      if (!addon || !cycle || cycle === 'ONE_TIME' || a.billingCycle === 'ONE_TIME') continue
      const amount = addon.prices[cycle]!.amount
      await tx.db.serviceAddon.update({
        where: { id: a.id },
        data: { billingCycle: cycle, recurringAmount: amount },
      })
      addonChanges.push({ id: a.id, cycle, recurringAmount: amount })
    }
    await recordAuditEvent(tx, {
      action: 'service.change-cycle',
      targetType: 'Service',
      targetId: s.id,
      clientId: s.clientId,
      before: { billingCycle: s.billingCycle, recurringAmount: s.recurringAmount },
      after: { billingCycle: input.cycle, recurringAmount: breakdown.recurring, addons: addonChanges },
    })
    return { serviceId: s.id, billingCycle: input.cycle, recurringAmount: breakdown.recurring }
  })
}
