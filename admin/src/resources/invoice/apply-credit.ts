import {
  applyCreditToInvoice,
  getCreditBalance,
  getInvoice,
  isPayableStatus,
  toDecimalString,
} from '@berth/core'
import { amountOf, type FormSpec } from '../../actions/billing-actions'
import { currencyOf, facts, MORE, status, type InvoiceAction, type InvoiceActionDeps } from './shared'
import { recordAction } from '../../actions/core-actions'
import { money } from '../../actions/money'

/** The invoice's `applyCredit` action (a section of invoiceResource, one file per action). */
export function applyCreditAction({ db, components }: InvoiceActionDeps): InvoiceAction {
  return {
    actionType: 'record',
    icon: 'Gift',
    parent: MORE,
    component: components.BillingForm,
    isVisible: ({ record }) => isPayableStatus(status(record)) && record?.param('kind') === 'STANDARD',
    handler: recordAction({
      db,
      fields: 'payload',
      load: async (ctx, id): Promise<FormSpec> => {
        const inv = await getInvoice(ctx, { invoiceId: id })
        const credit = await getCreditBalance(ctx, { clientId: inv.clientId })
        const m = (v: bigint) => money(v, inv.currency)
        const most = credit.balance < inv.balance ? credit.balance : inv.balance
        return {
          intro: "Pays this invoice with the client's account credit, in full or in part.",
          facts: [...facts(m, inv), { label: 'Credit available', value: m(credit.balance) }],
          fields: [
            {
              name: 'amount',
              label: 'Amount',
              kind: 'money',
              currency: inv.currency.code,
              hint: `At most ${m(most)}. Leave empty to apply as much as possible.`,
            },
          ],
          values: { amount: most > 0n ? toDecimalString(most, inv.currency.exponent) : '' },
          confirmLabel: 'Apply credit',
          ...(credit.balance <= 0n ? { blocked: 'This client has no account credit to apply.' } : {}),
        }
      },
      run: async (ctx, id, values, record) => {
        const currency = await currencyOf(ctx, record)
        const amount = amountOf(values.amount, currency.exponent, 'amount', { optional: true })
        const result = await applyCreditToInvoice(ctx, {
          invoiceId: id,
          ...(amount === undefined ? {} : { amount }),
        })
        return {
          applied: money(result.applied, currency),
          balance: money(result.invoiceBalance, currency),
          credit: money(result.creditBalance, currency),
        }
      },
      successMessage: (r) =>
        `Applied ${r.applied} of credit. Balance due: ${r.balance}; credit left: ${r.credit}.`,
    }),
  }
}
