import { z } from 'zod'
import { requirePermission } from '../access'
import { recordAuditEvent } from '../audit'
import { createServiceInvoice, dateOnlySchema, type ServiceInvoiceItem } from '../billing'
import {
  configurationRequestSchema,
  loadOrderableProduct,
  resolveConfiguration,
  addDays,
  formatDateOnly,
  toDateOnly,
  takeStock,
  type OrderableProduct,
} from '../catalog'
import { minorUnitsSchema } from '../money'
import { completeTransition, requestTransition } from '../services'
import { DomainError, isUniqueViolation, inTransaction, parseInput, type Ctx } from '../shared'
import { priceCart } from './price-cart'
import { taxFor } from './cart-summary'

/** A form's checkbox as it arrives: a boolean, or the strings a browser or AdminJS payload sends. */
const checkbox = z.preprocess(
  (v) =>
    v === 'true' || v === 'on' || v === '1' ? true : v === 'false' || v === '' || v === '0' ? false : v,
  z.boolean({ message: 'Answer yes or no' }),
)
const overrideAmount = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  minorUnitsSchema.refine((v) => v >= 0n, 'The price cannot be negative.').optional(),
)

/** How far ahead a first due date may be set (a migrated customer paid up for years is rare). */
const MAX_DAYS_AHEAD = 3 * 366

export const staffOrderInput = configurationRequestSchema.extend({
  clientId: z.string().trim().uuid('Choose a client.'),
  productId: z.string().trim().uuid('Choose a product.'),
  /** the first invoice's package amount before tax (product, options and setup fees together); addons keep their prices */
  firstPaymentAmount: overrideAmount,
  /** what every renewal of the package costs, before tax, instead of the catalog's price */
  recurringAmount: overrideAmount,
  /** the first day of the first period: the first invoice's due date, or the day the renewal run bills from */
  firstDueDate: z.preprocess((v) => (v === '' || v === null ? undefined : v), dateOnlySchema.optional()),
  /** true: invoice the first period now; false: the daily run's renewal step bills it from the first due date */
  createInvoice: checkbox.default(true),
  /** true: ask the module to set the service up now (with an invoice, only with provisionWithoutPayment) */
  provisionNow: checkbox.default(false),
  /** staff's explicit word that the service is handed over before its invoice is paid */
  provisionWithoutPayment: checkbox.default(false),
  notes: z.string().trim().max(2000).optional(),
  /** one per form: a double submit returns the same order */
  idempotencyKey: z.string().trim().min(16).max(100).optional(),
})
export type StaffOrderInput = z.input<typeof staffOrderInput>

/**
 * How the service is set up (docs/decisions/0034-staff-orders.md):
 * - on-payment: it waits (PENDING) for its invoice, as a client's order does;
 * - now-without-payment: staff hand it over before the invoice is paid, said explicitly;
 * - now: no invoice now (a migrated, paid-up customer): the module sets it up now;
 * - existing: no invoice and no module call: it already runs on the host's server, marked active.
 */
export type StaffOrderProvisioning = 'on-payment' | 'now-without-payment' | 'now' | 'existing'

export interface StaffOrderResult {
  orderId: string
  orderNumber: bigint
  clientId: string
  serviceId: string
  invoiceId: string | null
  invoiceNumber: string | null
  invoiceStatus: string | null
  total: bigint | null
  currency: string
  provisioning: StaffOrderProvisioning
  /** the service's status right after the order (ACTIVE, or PENDING while a module call runs or the invoice waits) */
  serviceStatus: string
  isReplay: boolean
}

const fieldError = (field: string, message: string) =>
  new DomainError('VALIDATION_FAILED', message, { field, issues: [{ field, message }] })

async function existingStaffOrder(db: Ctx['db'], idempotencyKey: string): Promise<StaffOrderResult | null> {
  const order = await db.order.findUnique({
    where: { idempotencyKey },
    select: {
      id: true,
      number: true,
      clientId: true,
      currencyCode: true,
      services: { select: { id: true, status: true }, take: 1, orderBy: { createdAt: 'asc' } },
      invoices: { select: { id: true, number: true, status: true, total: true }, take: 1 },
    },
  })
  if (!order || !order.services[0]) return null
  const invoice = order.invoices[0] ?? null
  const placed = await db.auditEvent.findFirst({
    where: { action: 'order.staff-create', targetId: order.id },
    select: { after: true },
  })
  const provisioning = ((placed?.after as { provisioning?: StaffOrderProvisioning } | null)?.provisioning ??
    'on-payment') as StaffOrderProvisioning
  return {
    orderId: order.id,
    orderNumber: order.number,
    clientId: order.clientId,
    serviceId: order.services[0].id,
    invoiceId: invoice?.id ?? null,
    invoiceNumber: invoice?.number ?? null,
    invoiceStatus: invoice?.status ?? null,
    total: invoice?.total ?? null,
    currency: order.currencyCode,
    provisioning,
    serviceStatus: order.services[0].status,
    isReplay: true,
  }
}

/**
 * Staff place an order for an existing client (issue 10, "for hosts bringing their customers
 * over"): one product with its cycle, options and addons, priced by the same engine as the cart
 * (`priceCart`), with optional price overrides in the client's currency, a first due date, an
 * invoice now or not, and provisioning now or not. In one transaction: the stock unit taken, the
 * order (placed by staff), the service with its options and addons, the invoice (billing's
 * createServiceInvoice, so tax, number, credit and email as usual), the provisioning request and
 * the audit event (staff, IP, overrides, how it is set up).
 *
 * Nothing is handed over before it is paid: with an invoice, provisioning waits for payment unless
 * staff tick `provisionWithoutPayment`, which the audit event records. Without an invoice the
 * service is ACTIVE (set up now by its module, or marked as already running) and the daily run's
 * renewal step bills it from `firstDueDate` on.
 */
export async function placeStaffOrder(ctx: Ctx, raw: unknown): Promise<StaffOrderResult> {
  requirePermission(ctx.actor, 'orders.manage')
  const input = parseInput(staffOrderInput, raw)
  if (input.idempotencyKey) {
    const early = await existingStaffOrder(ctx.db, input.idempotencyKey)
    if (early) return early
  }
  const today = toDateOnly(new Date())
  const firstDueDate = input.firstDueDate ?? today
  if (firstDueDate < today)
    throw fieldError('firstDueDate', 'The first due date cannot be in the past: use today or a later day.')
  if (firstDueDate > addDays(today, MAX_DAYS_AHEAD))
    throw fieldError('firstDueDate', 'The first due date is too far ahead (at most three years).')
  if (input.provisionWithoutPayment && !(input.createInvoice && input.provisionNow))
    throw fieldError(
      'provisionWithoutPayment',
      'Provision without payment only goes with an invoice now and provision now.',
    )

  try {
    return await inTransaction(ctx, async (tx) => {
      const client = await tx.db.client.findUnique({
        where: { id: input.clientId },
        select: {
          id: true,
          status: true,
          currencyCode: true,
          country: true,
          state: true,
          taxId: true,
          isTaxExempt: true,
        },
      })
      if (!client) throw fieldError('clientId', 'Choose an existing client.')
      if (client.status !== 'ACTIVE')
        throw fieldError('clientId', 'This client account is closed or disabled: re-enable it first.')
      const currency = client.currencyCode
      const product = await loadOrderableProduct(tx.db, input.productId, currency)
      if (!product || product.isRetired || !product.cycles.length)
        throw fieldError('productId', `Choose a product that is offered in ${currency}.`)
      const resolved = resolveConfiguration(product, input)
      const isRecurring = resolved.cycle !== 'ONE_TIME'
      if (!isRecurring && input.recurringAmount !== undefined)
        throw fieldError('recurringAmount', 'A one-time product has no recurring price.')
      if (!isRecurring && !input.createInvoice && input.firstPaymentAmount !== undefined)
        throw fieldError('firstPaymentAmount', 'Without an invoice now there is no first payment to price.')

      // The same engine and invoice items as a client's cart, the period starting on the first due date.
      const priced = priceCart({
        currency,
        lines: [{ itemId: 'staff-order', product, resolved }],
        promotion: null,
        tax: await taxFor(tx.db, client),
        today: firstDueDate,
      }).items[0]!
      const packageLines = priced.breakdown.lines.filter((l) => l.kind !== 'addon')
      const catalogFirst = packageLines.reduce((a, l) => a + l.firstAmount + l.setupFee, 0n)
      const catalogRecurring = packageLines.reduce((a, l) => a + l.recurring, 0n)
      const firstPayment = input.firstPaymentAmount ?? catalogFirst
      const recurring = isRecurring ? (input.recurringAmount ?? catalogRecurring) : 0n

      const provisioning: StaffOrderProvisioning = input.createInvoice
        ? input.provisionNow
          ? 'now-without-payment'
          : 'on-payment'
        : input.provisionNow
          ? 'now'
          : 'existing'

      if (product.stockControl) await takeStock(tx.db, product)

      const order = await tx.db.order.create({
        data: {
          clientId: client.id,
          currencyCode: currency,
          // Accepted by the staff member who placed it, unless it waits for a payment due today, as a
          // client's order does (the run's unpaid-order cancellation counts from the day it was placed).
          status: provisioning === 'on-payment' && firstDueDate <= today ? 'PENDING' : 'ACTIVE',
          idempotencyKey: input.idempotencyKey ?? null,
          ip: tx.request.ip,
          notes: input.notes ?? null,
        },
        select: { id: true, number: true },
      })
      const service = await tx.db.service.create({
        data: {
          clientId: client.id,
          orderId: order.id,
          productId: product.id,
          status: 'PENDING',
          billingCycle: resolved.cycle,
          currencyCode: currency,
          firstPaymentAmount: input.createInvoice ? firstPayment : 0n,
          recurringAmount: recurring,
          domain: resolved.domain,
          registrationDate: today,
          // The first unpaid period starts here: paying its invoice, or the renewal run, takes it from there.
          nextDueDate: isRecurring || input.createInvoice ? firstDueDate : null,
          nextInvoiceDate: isRecurring ? firstDueDate : null,
          notes: input.notes ?? null,
        },
        select: { id: true },
      })
      if (resolved.options.length)
        await tx.db.serviceConfigOption.createMany({
          data: resolved.options.map((o) => ({
            serviceId: service.id,
            optionId: o.optionId,
            choiceId: o.choiceId,
            quantity: o.quantity,
          })),
        })
      const addonIds: string[] = []
      for (const a of resolved.addons) {
        const price = a.prices[a.cycle]!
        const addon = await tx.db.serviceAddon.create({
          data: {
            serviceId: service.id,
            addonId: a.addonId,
            status: 'PENDING',
            billingCycle: a.cycle,
            currencyCode: currency,
            setupFee: a.cycle === 'ONE_TIME' ? price.amount + price.setupFee : price.setupFee,
            recurringAmount: a.cycle === 'ONE_TIME' ? 0n : price.amount,
            registrationDate: today,
            nextDueDate: a.cycle === 'ONE_TIME' ? null : firstDueDate,
          },
          select: { id: true },
        })
        addonIds.push(addon.id)
      }

      let invoice: Awaited<ReturnType<typeof createServiceInvoice>> | null = null
      if (input.createInvoice) {
        const items: ServiceInvoiceItem[] = []
        for (const d of priced.invoiceItems) {
          const isPackage = d.target.kind === 'service'
          // An overridden first payment replaces the package's own lines (price, options, setup fee).
          if (input.firstPaymentAmount !== undefined && isPackage && d.type !== 'SERVICE') continue
          items.push({
            type: d.type,
            description: d.description,
            unitAmount: input.firstPaymentAmount !== undefined && isPackage ? firstPayment : d.unitAmount,
            isTaxable: d.isTaxable,
            periodStart: d.periodStart,
            periodEnd: d.periodEnd,
            ...(d.target.kind === 'service'
              ? { serviceId: service.id }
              : { serviceAddonId: addonIds[d.target.index]! }),
          })
        }
        invoice = await createServiceInvoice(tx, {
          clientId: client.id,
          orderId: order.id,
          dueDate: firstDueDate,
          items,
        })
      }

      const isUnpaid = invoice !== null && invoice.status !== 'PAID'
      if (input.provisionNow && isUnpaid && !input.provisionWithoutPayment)
        throw fieldError(
          'provisionWithoutPayment',
          'Nothing is handed over before it is paid: tick "Provision without payment" to set the service up before its invoice is paid, or untick "Provision now".',
        )
      if (provisioning === 'existing') {
        await completeTransition(tx, service.id, 'activate', {
          params: { reason: 'set up before this order (staff order without invoice)' },
        })
      } else if (input.provisionNow) {
        await requestTransition(tx, service.id, 'activate')
      }

      await recordAuditEvent(tx, {
        action: 'order.staff-create',
        targetType: 'Order',
        targetId: order.id,
        clientId: client.id,
        after: {
          number: order.number,
          serviceId: service.id,
          productId: product.id,
          cycle: resolved.cycle,
          options: resolved.options.map((o) => ({ option: o.name, value: o.label })),
          addons: resolved.addons.map((a) => a.addonId),
          currency,
          firstDueDate: formatDateOnly(firstDueDate),
          firstPayment,
          recurring,
          catalogFirstPayment: catalogFirst,
          catalogRecurring,
          priceOverridden: input.firstPaymentAmount !== undefined || input.recurringAmount !== undefined,
          invoiceId: invoice?.id ?? null,
          invoiceTotal: invoice?.total ?? null,
          provisioning,
          provisionedWithoutPayment: provisioning === 'now-without-payment' && isUnpaid,
        },
      })

      const now = await tx.db.service.findUniqueOrThrow({
        where: { id: service.id },
        select: { status: true },
      })
      return {
        orderId: order.id,
        orderNumber: order.number,
        clientId: client.id,
        serviceId: service.id,
        invoiceId: invoice?.id ?? null,
        invoiceNumber: invoice?.number ?? null,
        invoiceStatus: invoice?.status ?? null,
        total: invoice?.total ?? null,
        currency,
        provisioning,
        serviceStatus: now.status,
        isReplay: false,
      }
    })
  } catch (error) {
    if (input.idempotencyKey && isUniqueViolation(error, 'idempotencyKey')) {
      const replay = await existingStaffOrder(ctx.db, input.idempotencyKey)
      if (replay) return replay
    }
    throw error
  }
}

export interface StaffOrderChoices {
  clientId: string
  currency: string
  /** today, the earliest first due date */
  today: Date
  /** every product not retired with a price in the client's currency (hidden ones too: staff may sell them) */
  products: OrderableProduct[]
}

/**
 * What the console's "New order" form offers for a client (orders.manage): the client's currency
 * and the products priced in it, with their cycles, visible options and the addons sold with them.
 */
export async function listStaffOrderChoices(ctx: Ctx, clientId: string): Promise<StaffOrderChoices> {
  requirePermission(ctx.actor, 'orders.manage')
  const id = parseInput(staffOrderInput.shape.clientId, clientId)
  const client = await ctx.db.client.findUnique({ where: { id }, select: { id: true, currencyCode: true } })
  if (!client) throw fieldError('clientId', 'Choose an existing client.')
  const rows = await ctx.db.product.findMany({
    where: { isRetired: false, prices: { some: { currencyCode: client.currencyCode } } },
    orderBy: [{ group: { name: 'asc' } }, { sortOrder: 'asc' }, { name: 'asc' }],
    select: { id: true },
  })
  const products: OrderableProduct[] = []
  for (const row of rows) {
    const p = await loadOrderableProduct(ctx.db, row.id, client.currencyCode)
    if (!p?.cycles.length) continue
    products.push({
      ...p,
      options: p.options
        .filter((o) => !o.isHidden)
        .map((o) => ({ ...o, choices: o.choices.filter((c) => !c.isHidden) })),
      addons: p.addons.filter((a) => !a.isHidden && a.showOnOrder),
    })
  }
  return { clientId: client.id, currency: client.currencyCode, today: toDateOnly(new Date()), products }
}
