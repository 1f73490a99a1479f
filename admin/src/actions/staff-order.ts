import { NotFoundError, type ActionContext, type ActionRequest, type RecordActionResponse } from 'adminjs'
import { listStaffOrderChoices, placeStaffOrder, getCurrency } from '@berth/core'
import type { Db } from '@berth/prisma'
import { ctxFor } from '../auth/current-admin'
import { ACTION_DATA, withData } from './record-data'
import { formInput, toAdminError } from './core-actions'

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
} as const

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

/**
 * "New order" on a client (StaffOrder component; docs/decisions/0034-staff-orders.md): GET answers
 * the products the client can be sold in its currency (core's listStaffOrderChoices), POST places
 * the order through core's placeStaffOrder and opens the new order. Core checks orders.manage
 * again, validates every field (errors land on the form's fields) and audits.
 */
export function staffOrderHandler(db: Db) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse> => {
    const record = context.record
    if (!record) throw new NotFoundError('Record not found', 'newOrder')
    const clientId = String(record.id())
    const ctx = ctxFor(db, request)
    const json = record.toJSON(context.currentAdmin)
    if (request.method !== 'post') {
      try {
        const choices = await listStaffOrderChoices(ctx, clientId)
        const currency = await getCurrency(db, choices.currency)
        return {
          record: withData(json, ACTION_DATA, { ...choices, exponent: currency.exponent }),
        }
      } catch (error) {
        toAdminError(error, {}, response as never)
      }
    }
    const input = formInput(request.payload, FIELDS)
    const { optionsJson, ...rest } = input
    try {
      const placed = await placeStaffOrder(ctx, { ...rest, clientId, options: parseOptions(optionsJson) })
      const what =
        placed.provisioning === 'existing'
          ? 'the service is active and renews from its first due date'
          : placed.provisioning === 'now'
            ? 'the service is being set up; it renews from its first due date'
            : placed.provisioning === 'now-without-payment'
              ? `invoice ${placed.invoiceNumber ?? ''} sent; the service is being set up before payment`
              : `invoice ${placed.invoiceNumber ?? ''} sent; the service is set up when it is paid`
      return {
        record: json,
        redirectUrl: context.h.recordActionUrl({
          resourceId: 'Order',
          recordId: placed.orderId,
          actionName: 'show',
        }),
        notice: { message: `Order #${placed.orderNumber} placed: ${what}.`, type: 'success' },
      }
    } catch (error) {
      toAdminError(error, {}, response as never)
    }
    return { record: json }
  }
}
