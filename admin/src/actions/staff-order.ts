import { listStaffOrderChoices, placeStaffOrder, getCurrency } from '@berth/core'
import type { Db } from '@berth/prisma'
import { recordAction, type FormFields } from './core-actions'

/** The fields the New order form sends (core's names); `optionsJson` carries optionId → value. */
const FIELDS = {
  productId: 'text',
  cycle: 'text',
  optionsJson: 'text',
  addonIds: 'list',
  domain: 'text',
  firstDueDate: 'text',
  firstPaymentAmount: 'text',
  recurringAmount: 'text',
  createInvoice: 'boolean',
  provisionNow: 'boolean',
  provisionWithoutPayment: 'boolean',
  notes: 'text',
  idempotencyKey: 'text',
} satisfies FormFields

function parseOptions(raw: unknown): Record<string, string | number | boolean> {
  if (typeof raw !== 'string' || !raw.trim()) return {}
  try {
    const value = JSON.parse(raw) as unknown
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, string | number | boolean>)
      : {}
  } catch {
    return {}
  }
}

/** What the order's success notice says about the service, by how it is provisioned. */
function provisioningText(placed: Awaited<ReturnType<typeof placeStaffOrder>>): string {
  if (placed.provisioning === 'existing') return 'the service is active and renews from its first due date'
  if (placed.provisioning === 'now') return 'the service is being set up; it renews from its first due date'
  if (placed.provisioning === 'now-without-payment')
    return `invoice ${placed.invoiceNumber ?? ''} sent; the service is being set up before payment`
  return `invoice ${placed.invoiceNumber ?? ''} sent; the service is set up when it is paid`
}

/**
 * "New order" on a client (StaffOrder component; docs/decisions/0034-staff-orders.md): GET answers
 * the products the client can be sold in its currency (core's listStaffOrderChoices), POST places
 * the order through core's placeStaffOrder and opens the new order. Core checks orders.manage
 * again, validates every field (errors land on the form's fields) and audits.
 */
export function staffOrderHandler(db: Db) {
  return recordAction({
    db,
    fields: FIELDS,
    load: async (ctx, clientId) => {
      const choices = await listStaffOrderChoices(ctx, clientId)
      const currency = await getCurrency(db, choices.currency)
      return { ...choices, exponent: currency.exponent }
    },
    run: (ctx, clientId, input) => {
      const { optionsJson, ...rest } = input
      return placeStaffOrder(ctx, { ...rest, clientId, options: parseOptions(optionsJson) })
    },
    successMessage: (placed) => `Order #${placed.orderNumber} placed: ${provisioningText(placed)}.`,
    redirect: (context, _clientId, placed) =>
      context.h.recordActionUrl({ resourceId: 'Order', recordId: placed.orderId, actionName: 'show' }),
  })
}
