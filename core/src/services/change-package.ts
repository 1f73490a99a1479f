import { z } from 'zod'
import type { Db, DbClient } from '@berth/prisma'
import { recordAuditEvent } from '../audit'
import {
  addCredit,
  computeInvoiceTotals,
  createServiceInvoice,
  PAYABLE_STATUSES,
  resolveTaxRates,
} from '../billing'
import {
  loadOrderableProduct,
  resolveConfiguration,
  addDays,
  daysBetween,
  formatDateOnly,
  subtractCycle,
  toDateOnly,
  priceConfiguration,
  releaseStock,
  takeStock,
  type ChosenOption,
  type OrderableProduct,
  type Proration,
} from '../catalog'
import type { BillingCycle } from '@berth/prisma'
import { divideRounded, minorUnitsSchema } from '../money'
import { getSettings } from '../settings'
import { DomainError, isUniqueViolation, inTransaction, parseInput, type Actor, type Ctx } from '../shared'
import { assertServiceAccess } from './access'
import { assertNoOpenModuleCall } from '../provisioning'
import { lockService } from './complete-transition'
import { applyPackage, type StoredOption } from './package-changes'
import { paidValueOfRestOfPeriod } from './paid-period-value'
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
  /**
   * a downgrade: account credit for the rest of the period, bounded by what the client actually
   * paid for it (docs/decisions/0023-package-changes-apply-on-payment.md); may be 0
   */
  credit: bigint | null
  /** a downgrade: the prorated difference before that bound (more than `credit` when less was paid) */
  proratedCredit: bigint | null
  /** an upgrade that costs money waits for its invoice: the last day to pay it (its due date); unpaid, both expire after it */
  appliesOnPayment: boolean
  expiresOn: Date | null
}

interface Span {
  start: Date
  /** the day after the span's last day */
  end: Date
}

/**
 * The periods from the one `today` falls in up to `nextDueDate` (the first unpaid day), oldest
 * first: one span normally, more when renewals were paid ahead. Periods keep the service's anchor day.
 */
export function paidSpans(nextDueDate: Date, cycle: BillingCycle, anchorDay: number, today: Date): Span[] {
  const spans: Span[] = []
  let end = toDateOnly(nextDueDate)
  for (let i = 0; i < 120; i += 1) {
    const start = subtractCycle(end, cycle, anchorDay)
    if (!start) break
    spans.unshift({ start, end })
    if (start <= today) return spans
    end = start
  }
  throw new DomainError('INVALID_TRANSITION', "This service's paid periods could not be worked out.")
}

/** Service periods invoiced from `from` on (consecutive) whose invoice is not paid yet. */
async function unpaidPeriodsAfter(db: Db | DbClient, serviceId: string, from: Date) {
  const items = await db.invoiceItem.findMany({
    where: {
      serviceId,
      type: 'SERVICE',
      periodStart: { gte: from },
      periodEnd: { not: null },
      invoice: { status: { in: [...PAYABLE_STATUSES, 'DRAFT'] } },
    },
    orderBy: { periodStart: 'asc' },
    select: { periodStart: true, periodEnd: true, invoice: { select: { number: true } } },
  })
  const out: { periodStart: Date; nextStart: Date; invoiceNumber: string | null }[] = []
  let expected = formatDateOnly(from)
  for (const item of items) {
    if (formatDateOnly(item.periodStart!) !== expected) break
    const nextStart = addDays(item.periodEnd!, 1)
    out.push({ periodStart: item.periodStart!, nextStart, invoiceNumber: item.invoice.number })
    expected = formatDateOnly(nextStart)
  }
  return out
}

/**
 * The prorated difference over several periods (0017's rule per period, summed): for each paid
 * span, (new − current) × days left ÷ days in it, rounded half-up; for each period invoiced ahead,
 * the whole difference. `totalDays`/`remainingDays` describe the whole stretch, for display.
 */
export function prorateAcrossPeriods(input: {
  spans: readonly Span[]
  ahead: readonly Span[]
  currentAmount: bigint
  newAmount: bigint
  today: Date
}): Proration {
  const today = toDateOnly(input.today)
  const difference = input.newAmount - input.currentAmount
  let amount = 0n
  for (const span of input.spans) {
    const total = daysBetween(span.start, span.end)
    if (total <= 0) throw new RangeError('the period must end after it starts')
    const left = daysBetween(today > span.start ? today : span.start, span.end)
    amount += divideRounded(difference * BigInt(left), BigInt(total))
  }
  if (difference > 0n) amount += difference * BigInt(input.ahead.length)
  const first = input.spans[0]!
  const last = input.ahead.length
    ? input.ahead[input.ahead.length - 1]!
    : input.spans[input.spans.length - 1]!
  return {
    totalDays: daysBetween(first.start, last.end),
    remainingDays: daysBetween(today, last.end),
    difference,
    amount,
    kind: amount > 0n ? 'charge' : amount < 0n ? 'credit' : 'none',
  }
}

interface Computed {
  preview: PackageChangePreview
  options: ChosenOption[]
  productIsTaxable: boolean
  clientId: string
  stock: { newProductId: string; oldProductId: string }
}

async function compute(
  db: Db | DbClient,
  actor: Actor,
  input: z.output<typeof packageChangeInput>,
  today: Date,
): Promise<Computed> {
  const service = await db.service.findUniqueOrThrow({
    where: { id: input.serviceId },
    select: {
      id: true,
      clientId: true,
      status: true,
      billingCycle: true,
      currencyCode: true,
      recurringAmount: true,
      registrationDate: true,
      nextDueDate: true,
      domain: true,
      product: { select: { id: true, name: true, groupId: true, stockControl: true } },
      configOptions: { select: { optionId: true, choiceId: true, quantity: true } },
      cancellations: { where: { status: 'OPEN' }, select: { id: true } },
      client: { select: { country: true, state: true, taxId: true, isTaxExempt: true } },
    },
  })
  if (service.status !== 'ACTIVE')
    throw new DomainError(
      'INVALID_TRANSITION',
      `A ${service.status.toLowerCase()} service cannot change package.`,
    )
  if (service.billingCycle === 'ONE_TIME' || !service.nextDueDate)
    throw new DomainError(
      'INVALID_TRANSITION',
      'A one-time service has no period to prorate: order the other product instead.',
    )
  if (service.nextDueDate <= today)
    throw new DomainError(
      'INVALID_TRANSITION',
      'This service has an unpaid period: pay its invoice first, then change the package.',
    )
  if (service.cancellations.length)
    throw new DomainError(
      'INVALID_TRANSITION',
      'A cancellation is open for this service: withdraw it before changing the package.',
    )
  const pending = await db.packageChange.findUnique({
    where: { pendingServiceId: service.id },
    select: { expiresAt: true, toProduct: { select: { name: true } }, invoice: { select: { number: true } } },
  })
  if (pending) {
    const invoice = pending.invoice?.number ? `invoice ${pending.invoice.number}` : 'its invoice'
    const until = pending.expiresAt ? ` (pay by ${formatDateOnly(addDays(pending.expiresAt, -1))})` : ''
    throw new DomainError(
      'INVALID_TRANSITION',
      `A change to ${pending.toProduct.name} is waiting for payment of ${invoice}${until}: pay it, or cancel that change, before asking for another.`,
    )
  }
  const product = await loadOrderableProduct(db, input.productId, service.currencyCode)
  const visible =
    product &&
    !product.isRetired &&
    (actor.type !== 'client' || (product.groupId === service.product.groupId && !product.isHidden))
  if (!product || !visible)
    throw new DomainError('VALIDATION_FAILED', 'Choose one of the products offered for this service.', {
      field: 'productId',
    })
  let resolved
  try {
    resolved = resolveConfiguration(product, {
      cycle: service.billingCycle,
      options: input.options,
      addonIds: [],
      domain: service.domain,
    })
  } catch (error) {
    if (error instanceof DomainError && error.field === 'cycle')
      throw new DomainError(
        'VALIDATION_FAILED',
        `${product.name} is not offered with this service's billing cycle.`,
        { field: 'productId' },
      )
    throw error
  }
  const same =
    product.id === service.product.id &&
    resolved.options.every((o) => {
      const current = service.configOptions.find((c) => c.optionId === o.optionId)
      return current && current.choiceId === o.choiceId && current.quantity === o.quantity
    })
  if (same)
    throw new DomainError('VALIDATION_FAILED', 'This is the package the service has now.', {
      field: 'productId',
    })

  const breakdown = priceConfiguration({
    currency: service.currencyCode,
    cycle: resolved.cycle,
    product: { id: product.id, name: product.name, isTaxable: product.isTaxable, prices: product.prices },
    options: resolved.pricedOptions,
    today,
  })
  // Every period from the one today falls in to the next due date: more than one when the client
  // paid a renewal ahead (docs/decisions/0035-cancellation-decisions-and-changes-across-periods.md).
  const spans = paidSpans(
    service.nextDueDate,
    service.billingCycle,
    service.registrationDate.getUTCDate(),
    today,
  )
  const difference = breakdown.recurring - service.recurringAmount
  // Periods invoiced after the next due date and not paid yet (a renewal invoice waiting): an
  // upgrade is charged the whole difference for them too, so the old price never carries the new package.
  const invoicedAhead = await unpaidPeriodsAfter(db, service.id, service.nextDueDate)
  if (difference < 0n && invoicedAhead.length)
    throw new DomainError(
      'INVALID_TRANSITION',
      `The next period is already invoiced at the current price (invoice ${invoicedAhead[0]!.invoiceNumber ?? ''}, due ${formatDateOnly(service.nextDueDate)}): pay it first, and the downgrade then credits the difference for that period too.`,
    )
  const proration = prorateAcrossPeriods({
    spans,
    ahead: invoicedAhead.map((p) => ({ start: p.periodStart, end: p.nextStart })),
    currentAmount: service.recurringAmount,
    newAmount: breakdown.recurring,
    today,
  })
  const periodStart = spans[0]!.start
  const coveredUntil = invoicedAhead.length
    ? invoicedAhead[invoicedAhead.length - 1]!.nextStart
    : service.nextDueDate
  let charge: PackageChangePreview['charge'] = null
  let credit: bigint | null = null
  let expiresOn: Date | null = null
  if (proration.kind === 'credit') {
    // never more than was paid for the rest of the period(s), less what the new package is worth for them
    let paid = 0n
    let newValue = 0n
    for (const span of spans) {
      paid += await paidValueOfRestOfPeriod(db, {
        serviceId: service.id,
        periodStart: span.start,
        nextDueDate: span.end,
        from: today,
      })
      const total = BigInt(daysBetween(span.start, span.end))
      const left = BigInt(daysBetween(today > span.start ? today : span.start, span.end))
      newValue += divideRounded(breakdown.recurring * left, total)
    }
    const bound = paid - newValue
    credit = bound <= 0n ? 0n : bound < -proration.amount ? bound : -proration.amount
  }
  if (proration.kind === 'charge') {
    const settings = await getSettings(db)
    expiresOn = addDays(today, settings['services.packageChangeExpiryDays'])
    const tax = await resolveTaxRates(db, service.client, { country: settings['company.country'] })
    const totals = computeInvoiceTotals(
      [{ amount: proration.amount, isTaxable: product.isTaxable }],
      tax.rates,
      settings['billing.taxMode'],
    )
    charge = { amount: proration.amount, tax: totals.taxTotal, total: totals.total }
  }
  return {
    preview: {
      serviceId: service.id,
      currency: service.currencyCode,
      cycle: service.billingCycle,
      currentProduct: { id: service.product.id, name: service.product.name },
      newProduct: { id: product.id, name: product.name },
      options: resolved.options.map((o) => ({ name: o.name, value: o.label })),
      currentRecurring: service.recurringAmount,
      newRecurring: breakdown.recurring,
      periodStart,
      nextDueDate: coveredUntil,
      proration,
      charge,
      credit,
      proratedCredit: proration.kind === 'credit' ? -proration.amount : null,
      appliesOnPayment: charge !== null,
      expiresOn,
    },
    options: resolved.options,
    productIsTaxable: product.isTaxable,
    clientId: service.clientId,
    stock: { newProductId: product.id, oldProductId: service.product.id },
  }
}

/**
 * The upgrade or downgrade a client (own service) or staff would get, priced now: the new recurring
 * price and the prorated difference for the rest of the current period, with tax on an upgrade, and
 * on a downgrade the credit bounded by what was paid. Nothing is written. Clients may move within
 * the product's group; staff to any product. `options.today` is the day it is priced for (tests).
 */
export async function previewPackageChange(
  ctx: Ctx,
  raw: unknown,
  options: { today?: Date } = {},
): Promise<PackageChangePreview> {
  const input = parseInput(packageChangeInput, raw)
  await assertServiceAccess(ctx.db, ctx.actor, input.serviceId, 'orders.manage')
  return (await compute(ctx.db, ctx.actor, input, toDateOnly(options.today ?? new Date()))).preview
}

export const confirmPackageChangeInput = packageChangeInput.extend({
  /** the prorated amount the client saw (signed minor units): a different one now is PRICE_CHANGED */
  expectedAmount: minorUnitsSchema.optional(),
})

export interface PackageChangeResult extends PackageChangePreview {
  changeId: string
  /** PENDING: an upgrade waiting for its invoice; APPLIED: the service has the new package now */
  status: 'PENDING' | 'APPLIED'
  invoiceId: string | null
}

/**
 * Asks for a package change (docs/decisions/0023-package-changes-apply-on-payment.md). An upgrade
 * that costs money is recorded PENDING with its invoice (one PRORATION item for the rest of the
 * period, due `services.packageChangeExpiryDays` ahead; both expire at the end of that day) and the new
 * product's stock reserved; the service keeps its package until the invoice is paid (the paid hook
 * applies it and only then calls the module). A change that costs nothing applies at once: the
 * downgrade's credit (bounded by what was paid) goes to the account and the module's changePackage
 * is queued. One pending change per service; one upgrade invoice per service per day.
 */
export async function changePackage(
  ctx: Ctx,
  raw: unknown,
  options: { today?: Date } = {},
): Promise<PackageChangeResult> {
  const input = parseInput(confirmPackageChangeInput, raw)
  await assertServiceAccess(ctx.db, ctx.actor, input.serviceId, 'orders.manage')
  const today = toDateOnly(options.today ?? new Date())
  try {
    return await inTransaction(ctx, async (tx) => {
      await lockService(tx.db, input.serviceId)
      await assertNoOpenModuleCall(tx.db, input.serviceId)
      const computation = await compute(tx.db, tx.actor, input, today)
      const preview = computation.preview
      if (input.expectedAmount !== undefined && input.expectedAmount !== preview.proration.amount) {
        throw new DomainError(
          'PRICE_CHANGED',
          'The price of this change has changed since you saw it. Please review it again.',
        )
      }
      const isOtherProduct = computation.stock.newProductId !== computation.stock.oldProductId
      // the new product's stock is taken now (reserved while the change is pending, given back if it ends unpaid)
      if (isOtherProduct) await takeStock(tx.db, preview.newProduct)
      const stored: StoredOption[] = computation.options.map((o) => ({
        optionId: o.optionId,
        choiceId: o.choiceId,
        quantity: o.quantity,
        name: o.name,
        label: o.label,
      }))
      const periodText = `${formatDateOnly(today)} to ${formatDateOnly(addDays(preview.nextDueDate, -1))}`
      const requestedBy =
        tx.actor.type === 'client'
          ? { requestedByType: 'CLIENT' as const, requestedById: tx.actor.userId }
          : tx.actor.type === 'staff'
            ? { requestedByType: 'STAFF' as const, requestedById: tx.actor.staffId }
            : { requestedByType: 'SYSTEM' as const, requestedById: null }
      const row = {
        serviceId: preview.serviceId,
        fromProductId: preview.currentProduct.id,
        toProductId: preview.newProduct.id,
        options: stored as unknown as object[],
        currencyCode: preview.currency,
        fromRecurring: preview.currentRecurring,
        newRecurring: preview.newRecurring,
        prorated: preview.proration.amount,
        periodStart: preview.periodStart,
        nextDueDate: preview.nextDueDate,
        ...requestedBy,
      }

      if (preview.charge && preview.expiresOn) {
        const invoice = await createServiceInvoice(tx, {
          clientId: computation.clientId,
          dueDate: preview.expiresOn,
          items: [
            {
              type: 'PRORATION',
              description: `Upgrade from ${preview.currentProduct.name} to ${preview.newProduct.name}, ${periodText}`,
              unitAmount: preview.charge.amount,
              isTaxable: computation.productIsTaxable,
              serviceId: preview.serviceId,
              periodStart: today,
              periodEnd: addDays(preview.nextDueDate, -1),
            },
          ],
        })
        const change = await tx.db.packageChange.create({
          data: {
            ...row,
            status: 'PENDING',
            pendingServiceId: preview.serviceId,
            invoiceId: invoice.id,
            expiresAt: addDays(preview.expiresOn, 1),
          },
          select: { id: true },
        })
        await recordAuditEvent(tx, {
          action: 'service.change-package.request',
          targetType: 'Service',
          targetId: preview.serviceId,
          clientId: computation.clientId,
          before: { productId: preview.currentProduct.id, recurringAmount: preview.currentRecurring },
          after: {
            changeId: change.id,
            status: 'PENDING',
            productId: preview.newProduct.id,
            recurringAmount: preview.newRecurring,
            options: preview.options,
            prorated: preview.proration.amount,
            invoiceId: invoice.id,
            expiresOn: formatDateOnly(preview.expiresOn),
          },
        })
        return { ...preview, changeId: change.id, status: 'PENDING' as const, invoiceId: invoice.id }
      }

      if (isOtherProduct) await releaseStock(tx.db, preview.currentProduct.id)
      await applyPackage(tx, {
        serviceId: preview.serviceId,
        fromProduct: preview.currentProduct,
        toProductId: preview.newProduct.id,
        newRecurring: preview.newRecurring,
        options: stored,
      })
      const credit = preview.credit ?? 0n
      if (credit > 0n) {
        await addCredit(
          { ...tx, actor: { type: 'system', label: 'package change' } },
          {
            clientId: computation.clientId,
            amount: credit,
            reason: `Downgrade from ${preview.currentProduct.name} to ${preview.newProduct.name}, ${periodText}`,
          },
        )
      }
      const change = await tx.db.packageChange.create({
        data: {
          ...row,
          status: 'APPLIED',
          credit,
          resolvedAt: today,
          resolution: 'applied at once (nothing to pay)',
        },
        select: { id: true },
      })
      await recordAuditEvent(tx, {
        action: 'service.change-package',
        targetType: 'Service',
        targetId: preview.serviceId,
        clientId: computation.clientId,
        before: { productId: preview.currentProduct.id, recurringAmount: preview.currentRecurring },
        after: {
          changeId: change.id,
          productId: preview.newProduct.id,
          recurringAmount: preview.newRecurring,
          options: preview.options,
          prorated: preview.proration.amount,
          invoiceId: null,
          credit,
          proratedCredit: preview.proratedCredit,
        },
      })
      return { ...preview, changeId: change.id, status: 'APPLIED' as const, invoiceId: null }
    })
  } catch (error) {
    if (isUniqueViolation(error, 'pendingServiceId'))
      throw new DomainError(
        'INVALID_TRANSITION',
        'A package change for this service is already waiting for payment: pay it, or cancel it, before asking for another.',
      )
    if (isUniqueViolation(error))
      throw new DomainError(
        'INVALID_TRANSITION',
        "This service's package was already changed today: try again tomorrow, or ask us to do it.",
      )
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
 * the products offered in its cycle and currency (its own product included, for other options), and
 * its current options. A client sees the products of the service's group that are not hidden; staff
 * see every product that is not retired, hidden ones included (previewPackageChange accepts the
 * same sets). The portal's form and the console's both read this. Prices come from
 * previewPackageChange.
 */
export async function listPackageChoices(ctx: Ctx, serviceId: string): Promise<PackageChoices> {
  const id = ctx.actor.type === 'client' ? serviceId : parseInput(serviceIdSchema, serviceId)
  await assertServiceAccess(ctx.db, ctx.actor, id, 'orders.view')
  const service = await ctx.db.service.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      billingCycle: true,
      currencyCode: true,
      product: { select: { id: true, groupId: true } },
      configOptions: {
        select: { optionId: true, choiceId: true, quantity: true, option: { select: { type: true } } },
      },
    },
  })
  const isClient = ctx.actor.type === 'client'
  const candidates = await ctx.db.product.findMany({
    where: {
      isRetired: false,
      prices: { some: { currencyCode: service.currencyCode, cycle: service.billingCycle } },
      ...(isClient
        ? { groupId: service.product.groupId, OR: [{ isHidden: false }, { id: service.product.id }] }
        : {}),
    },
    orderBy: [{ group: { sortOrder: 'asc' } }, { sortOrder: 'asc' }, { name: 'asc' }],
    select: { id: true },
  })
  const products: OrderableProduct[] = []
  for (const candidate of candidates) {
    const product = await loadOrderableProduct(ctx.db, candidate.id, service.currencyCode)
    if (!product?.prices[service.billingCycle]) continue
    products.push({
      ...product,
      options: product.options
        .filter((o) => !o.isHidden)
        .map((o) => ({ ...o, choices: o.choices.filter((ch) => !ch.isHidden) })),
      addons: [],
    })
  }
  const currentOptions: Record<string, string | number | boolean> = {}
  for (const o of service.configOptions) {
    currentOptions[o.optionId] =
      o.option.type === 'QUANTITY'
        ? o.quantity
        : o.option.type === 'YES_NO'
          ? o.choiceId !== null && o.quantity > 0
          : (o.choiceId ?? '')
  }
  return {
    serviceId: service.id,
    currency: service.currencyCode,
    cycle: service.billingCycle,
    currentProductId: service.product.id,
    currentOptions,
    products,
  }
}
