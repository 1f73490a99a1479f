import type { Action, ActionResponse, BaseRecord } from 'adminjs'
import type { Ctx } from '@berth/core'
import type { ResourceDeps } from '../define-resource'

/** One invoice record action, as invoiceResource lists it (each lives in its own file here). */
export type InvoiceAction = Partial<Action<ActionResponse>>
export type InvoiceActionDeps = Pick<ResourceDeps, 'db' | 'components'>

/** The less frequent actions, in one drop-down of the record's header (it holds six buttons otherwise). */
export const MORE = 'More'

export const status = (record?: BaseRecord) => String(record?.param('status') ?? '')

export async function currencyOf(ctx: Ctx, record: BaseRecord) {
  return ctx.db.currency.findUniqueOrThrow({
    where: { code: String(record.param('currencyCode')) },
    select: { code: true, exponent: true },
  })
}

/** The amounts a payment, credit or cancellation form shows above its fields. */
export const facts = (
  m: (v: bigint) => string,
  inv: { total: bigint; amountPaid: bigint; balance: bigint },
) => [
  { label: 'Total', value: m(inv.total) },
  { label: 'Paid so far', value: m(inv.amountPaid) },
  { label: 'Balance due', value: m(inv.balance) },
]
