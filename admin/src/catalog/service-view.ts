import {
  addDays,
  CYCLE_LABELS,
  findPendingPackageChange,
  formatDateOnly,
  getCurrency,
  getOrder,
  getService,
  listPackageChoices,
  listModuleCalls,
  listStaffTasks,
  maskSecrets,
  previewPackageChange,
  type Ctx,
  type PackageChangePreview,
} from '@berth/core'
import type { BillingCycle } from '@berth/prisma'
import { money } from '../actions/money'

/**
 * What the order and service pages show beyond their columns, read through core (permissions,
 * masking): a service's options, addons, login details (never the password), module data with
 * secret-looking keys masked, its module call log and open staff tasks; an order's services and
 * invoices; the choices of a package change and its prorated price.
 */
// Core's one masking rule (module calls come from core already masked; module data is masked here).
const pretty = (value: unknown) =>
  value === null || value === undefined ? null : JSON.stringify(maskSecrets(value), null, 2)
const date = (d: Date | null | undefined) => (d ? formatDateOnly(d) : null)
const cycleLabel = (c: string) => CYCLE_LABELS[c as BillingCycle] ?? c

export async function serviceDetail(ctx: Ctx, serviceId: string) {
  const [service, calls, tasks, row] = await Promise.all([
    getService(ctx, serviceId),
    listModuleCalls(ctx, { serviceId, take: 50 }),
    listStaffTasks(ctx, { serviceId, status: 'OPEN' }),
    ctx.db.service.findUniqueOrThrow({
      where: { id: serviceId },
      select: { moduleData: true, product: { select: { provisioningModule: true } } },
    }),
  ])
  const { exponent } = await getCurrency(ctx.db, service.currency)
  const m = (amount: bigint) => money(amount, { code: service.currency, exponent })
  // A failed request can be retried (from its newest attempt) unless an attempt of it succeeded.
  const keyOf = (c: (typeof calls)[number]) =>
    (c.request as { idempotencyKey?: string } | null)?.idempotencyKey
  const succeededKeys = new Set(
    calls
      .filter((c) => c.success)
      .map(keyOf)
      .filter(Boolean),
  )
  const newestFailed = new Set<string>()
  const seenKeys = new Set<string>()
  for (const c of calls) {
    const key = keyOf(c) ?? c.id
    if (!seenKeys.has(key) && !c.success) newestFailed.add(c.id)
    seenKeys.add(key)
  }
  return {
    status: service.status,
    module: row.product.provisioningModule,
    lastModuleError: service.lastModuleError,
    allowedTransitions: service.allowedTransitions,
    canChangePackage: service.canChangePackage,
    suspensionReason: service.suspensionReason,
    suspendedForNonPayment: service.suspendedForNonPayment,
    openCancellation: service.openCancellation
      ? { ...service.openCancellation, createdAt: service.openCancellation.createdAt.toISOString() }
      : null,
    options: service.options.map((o) => ({ name: o.name, value: o.value })),
    addons: service.addons.map((a) => ({
      id: a.id,
      name: a.name,
      status: a.status,
      cycle: cycleLabel(a.billingCycle),
      recurring: a.billingCycle === 'ONE_TIME' ? null : m(a.recurringAmount),
      setupFee: a.setupFee ? m(a.setupFee) : null,
      nextDueDate: date(a.nextDueDate),
    })),
    // The password is never sent to the page: the client got it in the welcome email.
    login: {
      username: service.login.username,
      hasPassword: service.login.hasPassword,
      dedicatedIp: service.login.dedicatedIp,
      serverHost: service.login.serverHost,
    },
    moduleData: pretty(
      row.moduleData && Object.keys(row.moduleData as object).length ? row.moduleData : null,
    ),
    moduleCalls: calls.map((c) => {
      const key = keyOf(c)
      return {
        id: c.id,
        module: c.module,
        action: c.action,
        success: c.success,
        error: c.error,
        durationMs: c.durationMs,
        attempt: c.attempt,
        createdAt: c.createdAt.toISOString(),
        request: pretty(c.request),
        response: pretty(c.response),
        // The manual module answers "waiting": a staff task holds the action until someone completes it.
        waiting: c.success && (c.response as { waitingFor?: string } | null)?.waitingFor === 'staff',
        canRetry: newestFailed.has(c.id) && c.action !== 'testConnection' && !(key && succeededKeys.has(key)),
      }
    }),
    staffTasks: tasks.map((t) => ({
      id: t.id,
      title: t.title,
      kind: t.kind,
      description: t.description,
      createdAt: t.createdAt.toISOString(),
    })),
    pendingChange: await pendingChangeView(ctx, serviceId, m),
  }
}

/**
 * The upgrade waiting for its invoice (docs/decisions/0023-package-changes-apply-on-payment.md):
 * what it changes, the invoice, the day both expire. Callers have checked access (getService).
 */
async function pendingChangeView(ctx: Ctx, serviceId: string, m: (amount: bigint) => string) {
  const c = await findPendingPackageChange(ctx.db, serviceId)
  if (!c) return null
  return {
    from: c.fromProduct.name,
    to: c.toProduct.name,
    options: c.options,
    newRecurring: m(c.newRecurring),
    prorated: m(c.prorated),
    invoice: {
      id: c.invoice.id,
      number: c.invoice.number,
      status: c.invoice.status,
      total: m(c.invoice.total),
      balance: m(c.invoice.balance),
    },
    payBy: formatDateOnly(c.payBy),
    requestedAt: c.requestedAt.toISOString(),
  }
}

export async function orderDetail(ctx: Ctx, orderId: string) {
  const order = await getOrder(ctx, orderId)
  const { exponent } = await getCurrency(ctx.db, order.currencyCode)
  const m = (amount: bigint) => money(amount, { code: order.currencyCode, exponent })
  const owner = order.client.users[0]
  return {
    status: order.status,
    client: {
      id: order.clientId,
      name: order.client.companyName || (owner ? `${owner.firstName} ${owner.lastName}` : '—'),
      email: owner?.email ?? null,
    },
    promotion: order.promotion?.code ?? null,
    services: order.services.map((s) => ({
      id: s.id,
      product: s.product.name,
      status: s.status,
      domain: s.domain,
      cycle: cycleLabel(s.billingCycle),
      firstPayment: m(s.firstPaymentAmount),
      recurring: s.billingCycle === 'ONE_TIME' ? null : m(s.recurringAmount),
    })),
    invoices: order.invoices.map((i) => ({
      id: i.id,
      number: i.number,
      status: i.status,
      total: m(i.total),
      balance: m(i.balance),
    })),
  }
}

/**
 * Change package's form: core's choices (listPackageChoices: for staff, every product offered in
 * the service's currency and cycle, hidden ones included) with prices formatted, the current
 * package, and a change waiting for payment.
 */
export async function packageChoices(ctx: Ctx, serviceId: string) {
  const service = await getService(ctx, serviceId)
  const choices = await listPackageChoices(ctx, serviceId)
  const { exponent } = await getCurrency(ctx.db, choices.currency)
  const m = (amount: bigint) => money(amount, { code: choices.currency, exponent })
  const cycle = choices.cycle as BillingCycle
  const products = choices.products.map((p) => ({
    id: p.id,
    name: p.name,
    isHidden: p.isHidden,
    price: m(p.prices[cycle]!.amount),
    options: p.options.map((o) => ({
      id: o.id,
      name: o.name,
      type: o.type,
      minQuantity: o.minQuantity,
      maxQuantity: o.maxQuantity,
      unit: o.unit,
      choices: o.choices.map((c) => ({
        id: c.id,
        label: c.label,
        price: c.prices[cycle] ? m(c.prices[cycle]!.amount) : null,
      })),
    })),
  }))
  // the form's selects hold text: a yes/no option as 'true'/'false', a quantity as digits
  const selections = Object.fromEntries(
    Object.entries(choices.currentOptions).map(([optionId, value]) => [optionId, String(value)]),
  )
  return {
    canChangePackage: service.canChangePackage,
    pendingChange: await pendingChangeView(ctx, serviceId, m),
    current: {
      productId: choices.currentProductId,
      productName: service.productName,
      cycle: cycleLabel(cycle),
      recurring: m(service.recurringAmount),
      options: service.options.map((o) => ({ name: o.name, value: o.value })),
    },
    products,
    selections,
  }
}

/** previewPackageChange, formatted for the page; `expectedAmount` is what confirming sends back. */
export async function packagePreview(
  ctx: Ctx,
  input: { serviceId: string; productId: string; options: Record<string, string> },
) {
  const p: PackageChangePreview = await previewPackageChange(ctx, input)
  const { exponent } = await getCurrency(ctx.db, p.currency)
  const m = (amount: bigint) => money(amount, { code: p.currency, exponent })
  return {
    currentProduct: p.currentProduct.name,
    newProduct: p.newProduct.name,
    options: p.options,
    cycle: cycleLabel(p.cycle),
    currentRecurring: m(p.currentRecurring),
    newRecurring: m(p.newRecurring),
    periodStart: formatDateOnly(p.periodStart),
    nextDueDate: formatDateOnly(p.nextDueDate),
    periodEnd: formatDateOnly(addDays(p.nextDueDate, -1)),
    remainingDays: p.proration.remainingDays,
    totalDays: p.proration.totalDays,
    kind: p.proration.kind,
    prorated: m(p.proration.amount < 0n ? -p.proration.amount : p.proration.amount),
    charge: p.charge ? { amount: m(p.charge.amount), tax: m(p.charge.tax), total: m(p.charge.total) } : null,
    credit: p.credit !== null && p.proratedCredit ? m(p.credit) : null,
    /** the prorated difference when the credit is less (bounded by what the client paid for the rest of the period) */
    creditBoundedFrom:
      p.credit !== null && p.proratedCredit !== null && p.credit < p.proratedCredit
        ? m(p.proratedCredit)
        : null,
    expiresOn: p.expiresOn ? formatDateOnly(p.expiresOn) : null,
    expectedAmount: p.proration.amount.toString(),
  }
}
