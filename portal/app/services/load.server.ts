import { getPendingPackageChange, getService, type Ctx, type ServiceDetail } from '@berth/core'
import { perCycle, type Money } from '~/store/view.server'
import { rethrowAsNotFound } from '~/billing/responses.server'

/** The client's own service, or the 404 page (another client's service answers exactly the same). */
export async function loadService(ctx: Ctx, serviceId: string | undefined): Promise<ServiceDetail> {
  try {
    return await getService(ctx, serviceId ?? '')
  } catch (error) {
    rethrowAsNotFound(error)
  }
}

/**
 * The upgrade of a service waiting for its invoice, shaped for a page: what it changes to, the
 * invoice to pay and the day it expires (docs/decisions/0023-package-changes-apply-on-payment.md).
 */
export async function loadPendingChange(ctx: Ctx, s: ServiceDetail, m: Money) {
  const c = await getPendingPackageChange(ctx, s.id)
  if (!c) return null
  return {
    to: c.toProduct.name,
    price: perCycle(m, c.newRecurring, s.billingCycle),
    options: c.options.filter((o) => o.value !== '' && o.value !== 'No').map((o) => `${o.name}: ${o.value}`),
    invoiceId: c.invoice.id,
    invoiceNumber: c.invoice.number ?? 'the invoice',
    balance: m.of(c.invoice.balance),
    payBy: m.fmt.date(c.payBy),
  }
}
