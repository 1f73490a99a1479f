import { z } from 'zod'
import type { Db, DbClient } from '@berth/prisma'
import { recordAuditEvent } from '../audit/record-audit-event'
import { addCredit, computeInvoiceTotals, createServiceInvoice, resolveTaxRates } from '../billing'
import { loadOrderableProduct, resolveConfiguration, type ChosenOption, type OrderableProduct } from '../catalog/orderable-product'
import { addDays, formatDateOnly, subtractCycle, toDateOnly } from '../catalog/pricing/billing-cycles'
import { priceConfiguration } from '../catalog/pricing/price-configuration'
import { prorateChange, type Proration } from '../catalog/pricing/prorate-change'
import { minorUnitsSchema } from '../money'
import { requestModuleCall } from '../provisioning/request-module-call'
import { getSettings } from '../settings/settings'
import type { Actor, Ctx } from '../shared/context'
import { DomainError } from '../shared/domain-error'
import { isUniqueViolation } from '../shared/prisma-errors'
import { inTransaction } from '../shared/transaction'
import { parseInput } from '../shared/validate'
import { assertServiceAccess } from './access'
import { assertNoOpenModuleCall } from '../provisioning/open-module-call'
import { lockService } from './complete-transition'
import { packageChangeInput, serviceIdSchema } from './schemas'

export interface PackageChangePreview {
  serviceId: string
  currency: string
  cycle: string
  currentProduct: { id: string; name: string }
  newProduct: { id: string; name: string }
  options: { name: string; value: string }[]
  currentRecurring: bigint
  newRecurring: bigint
  periodStart: Date
  nextDueDate: Date
  proration: Proration
  /** an upgrade: the prorated amount, its tax, and what the invoice will ask for */
  charge: { amount: bigint; tax: bigint; total: bigint } | null
  /** a downgrade: account credit for the rest of the period */
  credit: bigint | null
}

interface Computed {
  preview: PackageChangePreview
  options: ChosenOption[]
  productIsTaxable: boolean
  clientId: string
  hasModule: boolean
  stock: { newProductId: string; oldProductId: string; newControlled: boolean; oldControlled: boolean }
}

async function compute(db: Db | DbClient, actor: Actor, input: z.output<typeof packageChangeInput>, today: Date): Promise<Computed> {
  const s = await db.service.findUniqueOrThrow({
    where: { id: input.serviceId },
    select: {
      id: true, clientId: true, status: true, billingCycle: true, currencyCode: true, recurringAmount: true, registrationDate: true, nextDueDate: true, domain: true,
      product: { select: { id: true, name: true, groupId: true, stockControl: true } },
      configOptions: { select: { optionId: true, choiceId: true, quantity: true } },
      cancellations: { where: { status: 'OPEN' }, select: { id: true } },
      client: { select: { country: true, state: true, taxId: true, isTaxExempt: true } },
    },
  })
  if (s.status !== 'ACTIVE') throw new DomainError('INVALID_TRANSITION', `A ${s.status.toLowerCase()} service cannot change package.`)
  if (s.billingCycle === 'ONE_TIME' || !s.nextDueDate) throw new DomainError('INVALID_TRANSITION', 'A one-time service has no period to prorate: order the other product instead.')
  if (s.nextDueDate <= today) throw new DomainError('INVALID_TRANSITION', 'This service has an unpaid period: pay its invoice first, then change the package.')
  if (s.cancellations.length) throw new DomainError('INVALID_TRANSITION', 'A cancellation is open for this service: withdraw it before changing the package.')
  const product = await loadOrderableProduct(db, input.productId, s.currencyCode)
  const visible = product && !product.isRetired && (actor.type !== 'client' || (product.groupId === s.product.groupId && !product.isHidden))
  if (!product || !visible) throw new DomainError('VALIDATION_FAILED', 'Choose one of the products offered for this service.', { field: 'productId' })
  let resolved
  try {
    resolved = resolveConfiguration(product, { cycle: s.billingCycle, options: input.options, addonIds: [], domain: s.domain })
  } catch (error) {
    if (error instanceof DomainError && error.field === 'cycle') throw new DomainError('VALIDATION_FAILED', `${product.name} is not offered with this service's billing cycle.`, { field: 'productId' })
    throw error
  }
  const same = product.id === s.product.id && resolved.options.every((o) => {
    const current = s.configOptions.find((c) => c.optionId === o.optionId)
    return current && current.choiceId === o.choiceId && current.quantity === o.quantity
  })
  if (same) throw new DomainError('VALIDATION_FAILED', 'This is the package the service has now.', { field: 'productId' })

  const breakdown = priceConfiguration({ currency: s.currencyCode, cycle: resolved.cycle, product: { id: product.id, name: product.name, isTaxable: product.isTaxable, prices: product.prices }, options: resolved.pricedOptions, today })
  const periodStart = subtractCycle(s.nextDueDate, s.billingCycle, s.registrationDate.getUTCDate())!
  if (today < periodStart) throw new DomainError('INVALID_TRANSITION', 'This service\'s current period has not started yet: change the package once it has.')
  const proration = prorateChange({ currentAmount: s.recurringAmount, newAmount: breakdown.recurring, periodStart, nextDueDate: s.nextDueDate, today })
  let charge: PackageChangePreview['charge'] = null
  if (proration.kind === 'charge') {
    const settings = await getSettings(db)
    const tax = await resolveTaxRates(db, s.client, { country: settings['company.country'] })
    const totals = computeInvoiceTotals([{ amount: proration.amount, isTaxable: product.isTaxable }], tax.rates, settings['billing.taxMode'])
    charge = { amount: proration.amount, tax: totals.taxTotal, total: totals.total }
  }
  return {
    preview: {
      serviceId: s.id, currency: s.currencyCode, cycle: s.billingCycle,
      currentProduct: { id: s.product.id, name: s.product.name }, newProduct: { id: product.id, name: product.name },
      options: resolved.options.map((o) => ({ name: o.name, value: o.label })),
      currentRecurring: s.recurringAmount, newRecurring: breakdown.recurring, periodStart, nextDueDate: s.nextDueDate, proration,
      charge, credit: proration.kind === 'credit' ? -proration.amount : null,
    },
    options: resolved.options,
    productIsTaxable: product.isTaxable,
    clientId: s.clientId,
    hasModule: !!product.provisioningModule,
    stock: { newProductId: product.id, oldProductId: s.product.id, newControlled: product.stockControl, oldControlled: s.product.stockControl },
  }
}

/**
 * The upgrade or downgrade a client (own service) or staff would get, priced now: the new recurring
 * price and the prorated difference for the rest of the current period, with tax on an upgrade.
 * Nothing is written. Clients may move within the product's group; staff to any product.
 */
export async function previewPackageChange(ctx: Ctx, raw: unknown): Promise<PackageChangePreview> {
  const input = parseInput(packageChangeInput, raw)
  await assertServiceAccess(ctx.db, ctx.actor, input.serviceId, 'orders.manage')
  return (await compute(ctx.db, ctx.actor, input, toDateOnly(new Date()))).preview
}

export const confirmPackageChangeInput = packageChangeInput.extend({
  /** the prorated amount the client saw (signed minor units): a different one now is PRICE_CHANGED */
  expectedAmount: minorUnitsSchema.optional(),
})

/**
 * Applies a package change at once (docs/decisions/0017-pricing-and-proration.md): the service gets
 * the new product, options and recurring price; an upgrade is invoiced now for the prorated
 * difference (a PRORATION item for the rest of the period), a downgrade credits the client's
 * account; the module's changePackage is queued. One change per service per day.
 */
export async function changePackage(ctx: Ctx, raw: unknown) {
  const input = parseInput(confirmPackageChangeInput, raw)
  await assertServiceAccess(ctx.db, ctx.actor, input.serviceId, 'orders.manage')
  const today = toDateOnly(new Date())
  try {
    return await inTransaction(ctx, async (tx) => {
      await lockService(tx.db, input.serviceId)
      await assertNoOpenModuleCall(tx.db, input.serviceId)
      const c = await compute(tx.db, tx.actor, input, today)
      const p = c.preview
      if (input.expectedAmount !== undefined && input.expectedAmount !== p.proration.amount) {
        throw new DomainError('PRICE_CHANGED', 'The price of this change has changed since you saw it. Please review it again.')
      }
      if (c.stock.newProductId !== c.stock.oldProductId) {
        if (c.stock.newControlled) {
          const taken = await tx.db.$executeRaw`UPDATE "Product" SET "stockQuantity" = "stockQuantity" - 1 WHERE "id" = ${c.stock.newProductId}::uuid AND "stockQuantity" >= 1`
          if (taken !== 1) throw new DomainError('OUT_OF_STOCK', `${p.newProduct.name} is out of stock.`, { field: 'productId' })
        }
        if (c.stock.oldControlled) await tx.db.$executeRaw`UPDATE "Product" SET "stockQuantity" = "stockQuantity" + 1 WHERE "id" = ${c.stock.oldProductId}::uuid`
      }
      await tx.db.service.update({ where: { id: p.serviceId }, data: { productId: p.newProduct.id, recurringAmount: p.newRecurring, promotionId: null, promotionCyclesRemaining: null } })
      await tx.db.serviceConfigOption.deleteMany({ where: { serviceId: p.serviceId } })
      if (c.options.length) await tx.db.serviceConfigOption.createMany({ data: c.options.map((o) => ({ serviceId: p.serviceId, optionId: o.optionId, choiceId: o.choiceId, quantity: o.quantity })) })
      const periodText = `${formatDateOnly(today)} to ${formatDateOnly(addDays(p.nextDueDate, -1))}`
      let invoiceId: string | null = null
      if (p.charge) {
        const invoice = await createServiceInvoice(tx, {
          clientId: c.clientId,
          items: [{ type: 'PRORATION', description: `Upgrade from ${p.currentProduct.name} to ${p.newProduct.name}, ${periodText}`, unitAmount: p.charge.amount, isTaxable: c.productIsTaxable, serviceId: p.serviceId, periodStart: today, periodEnd: addDays(p.nextDueDate, -1) }],
        })
        invoiceId = invoice.id
      }
      if (p.credit) {
        await addCredit({ ...tx, actor: { type: 'system', label: 'package change' } }, { clientId: c.clientId, amount: p.credit, reason: `Downgrade from ${p.currentProduct.name} to ${p.newProduct.name}, ${periodText}` })
      }
      if (c.hasModule) {
        await requestModuleCall(tx.db, { serviceId: p.serviceId, action: 'changePackage', transition: null, params: { previousProductId: p.currentProduct.id, previousProductName: p.currentProduct.name }, staffId: tx.actor.type === 'staff' ? tx.actor.staffId : null })
      }
      await recordAuditEvent(tx, {
        action: 'service.change-package', targetType: 'Service', targetId: p.serviceId, clientId: c.clientId,
        before: { productId: p.currentProduct.id, recurringAmount: p.currentRecurring },
        after: { productId: p.newProduct.id, recurringAmount: p.newRecurring, options: p.options, prorated: p.proration.amount, invoiceId, credit: p.credit },
      })
      return { ...p, invoiceId }
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError('INVALID_TRANSITION', 'This service\'s package was already changed today: try again tomorrow, or ask us to do it.')
    throw error
  }
}

export interface PackageChoices {
  serviceId: string
  currency: string
  cycle: string
  currentProductId: string
  /** the service's options as a package change request takes them (optionId → choice, yes/no or quantity) */
  currentOptions: Record<string, string | number | boolean>
  /** the products a client may move to (the service's group, not hidden or retired, offered in its cycle and currency), with their visible options */
  products: OrderableProduct[]
}

/**
 * What an upgrade or downgrade form offers for a service (a client's own; staff with orders.view):
 * the products of its group offered in its cycle and currency (its own product included, for other
 * options), and its current options. Prices come from previewPackageChange.
 */
export async function listPackageChoices(ctx: Ctx, serviceId: string): Promise<PackageChoices> {
  const id = ctx.actor.type === 'client' ? serviceId : parseInput(serviceIdSchema, serviceId)
  await assertServiceAccess(ctx.db, ctx.actor, id, 'orders.view')
  const s = await ctx.db.service.findUniqueOrThrow({
    where: { id },
    select: { id: true, billingCycle: true, currencyCode: true, product: { select: { id: true, groupId: true } }, configOptions: { select: { optionId: true, choiceId: true, quantity: true, option: { select: { type: true } } } } },
  })
  const candidates = await ctx.db.product.findMany({
    where: { groupId: s.product.groupId, isRetired: false, OR: [{ isHidden: false }, { id: s.product.id }] },
    orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
    select: { id: true },
  })
  const products: OrderableProduct[] = []
  for (const c of candidates) {
    const p = await loadOrderableProduct(ctx.db, c.id, s.currencyCode)
    if (!p?.prices[s.billingCycle]) continue
    products.push({ ...p, options: p.options.filter((o) => !o.isHidden).map((o) => ({ ...o, choices: o.choices.filter((ch) => !ch.isHidden) })), addons: [] })
  }
  const currentOptions: Record<string, string | number | boolean> = {}
  for (const o of s.configOptions) {
    currentOptions[o.optionId] = o.option.type === 'QUANTITY' ? o.quantity : o.option.type === 'YES_NO' ? o.choiceId !== null && o.quantity > 0 : (o.choiceId ?? '')
  }
  return { serviceId: s.id, currency: s.currencyCode, cycle: s.billingCycle, currentProductId: s.product.id, currentOptions, products }
}
