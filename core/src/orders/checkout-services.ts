import type { DbClient } from '@berth/prisma'
import type { ServiceInvoiceItem } from '../billing'
import { takeStock, type PromotionTerms } from '../catalog'
import type { PricedCartItem } from './price-cart'

/**
 * Stock for every stock-controlled product in the order, under the product rows' locks, in a
 * fixed order (no deadlocks between carts): the last unit goes to one buyer only.
 */
export async function takeOrderStock(db: DbClient, items: readonly PricedCartItem[]): Promise<void> {
  const wanted = new Map<string, { id: string; name: string; count: number }>()
  for (const { product } of items)
    if (product.stockControl)
      wanted.set(product.id, {
        id: product.id,
        name: product.name,
        count: (wanted.get(product.id)?.count ?? 0) + 1,
      })
  for (const w of [...wanted.values()].sort((a, b) => a.id.localeCompare(b.id)))
    await takeStock(db, w, { count: w.count, field: 'cart' })
}

/**
 * The order's services (PENDING) with their options and addons, and the invoice lines each
 * becomes. A service's first unpaid period starts today: paying the invoice moves it on.
 */
export async function createOrderedServices(
  db: DbClient,
  input: {
    clientId: string
    orderId: string
    currency: string
    today: Date
    promotion: PromotionTerms | null
    items: readonly PricedCartItem[]
  },
): Promise<{ serviceIds: string[]; autoSetupOnOrder: string[]; invoiceItems: ServiceInvoiceItem[] }> {
  const serviceIds: string[] = []
  const autoSetupOnOrder: string[] = []
  const invoiceItems: ServiceInvoiceItem[] = []
  for (const item of input.items) {
    const serviceId = await createService(db, input, item)
    serviceIds.push(serviceId)
    if (item.product.autoSetup === 'ON_ORDER') autoSetupOnOrder.push(serviceId)
    const addonIds = await createAddons(db, input, item, serviceId)
    for (const d of item.invoiceItems) {
      invoiceItems.push({
        type: d.type,
        description: d.description,
        unitAmount: d.unitAmount,
        isTaxable: d.isTaxable,
        periodStart: d.periodStart,
        periodEnd: d.periodEnd,
        ...(d.target.kind === 'service' ? { serviceId } : { serviceAddonId: addonIds[d.target.index]! }),
      })
    }
  }
  return { serviceIds, autoSetupOnOrder, invoiceItems }
}

type ServiceInput = Parameters<typeof createOrderedServices>[1]

async function createService(db: DbClient, input: ServiceInput, item: PricedCartItem): Promise<string> {
  const { promotion, today } = input
  const b = item.breakdown
  const discounted =
    b.discount.promotionApplies && (b.discount.firstPayment > 0n || b.discount.recurring > 0n)
  const packageLines = b.lines.filter((l) => l.kind !== 'addon')
  const firstPayment =
    packageLines.reduce((a, l) => a + l.firstAmount + l.setupFee, 0n) - b.discount.firstPayment
  const packageRecurring = packageLines.reduce((a, l) => a + l.recurring, 0n)
  const isOneTime = item.resolved.cycle === 'ONE_TIME'
  const service = await db.service.create({
    data: {
      clientId: input.clientId,
      orderId: input.orderId,
      productId: item.product.id,
      status: 'PENDING',
      billingCycle: item.resolved.cycle,
      currencyCode: input.currency,
      firstPaymentAmount: firstPayment > 0n ? firstPayment : 0n,
      recurringAmount: packageRecurring - b.discount.recurring,
      promotionId: discounted ? promotion!.id : null,
      promotionCyclesRemaining: discounted && b.discount.recurring > 0n ? b.discount.laterCycles : null,
      domain: item.resolved.domain,
      registrationDate: today,
      // The start of the first unpaid period: paying the invoice moves it past the period.
      nextDueDate: isOneTime ? null : today,
      nextInvoiceDate: isOneTime ? null : today,
    },
    select: { id: true },
  })
  if (item.resolved.options.length) {
    await db.serviceConfigOption.createMany({
      data: item.resolved.options.map((o) => ({
        serviceId: service.id,
        optionId: o.optionId,
        choiceId: o.choiceId,
        quantity: o.quantity,
      })),
    })
  }
  return service.id
}

async function createAddons(
  db: DbClient,
  input: ServiceInput,
  item: PricedCartItem,
  serviceId: string,
): Promise<string[]> {
  const addonIds: string[] = []
  for (const a of item.resolved.addons) {
    const price = a.prices[a.cycle]!
    const isOneTime = a.cycle === 'ONE_TIME'
    const addon = await db.serviceAddon.create({
      data: {
        // a one-time addon's price is a one-off charge: kept with its setup fee, nothing recurs
        serviceId,
        addonId: a.addonId,
        status: 'PENDING',
        billingCycle: a.cycle,
        currencyCode: input.currency,
        setupFee: isOneTime ? price.amount + price.setupFee : price.setupFee,
        recurringAmount: isOneTime ? 0n : price.amount,
        registrationDate: input.today,
        nextDueDate: isOneTime ? null : input.today,
      },
      select: { id: true },
    })
    addonIds.push(addon.id)
  }
  return addonIds
}
