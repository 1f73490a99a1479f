import {
  getInvoice,
  isPayableStatus,
  MANUAL_METHODS,
  parseInput,
  recordManualPayment,
  recordManualPaymentInput,
  todayUtc,
  toDecimalString,
} from '@berth/core'
import { amountOf, IssueCollector, optionalText, textOf, type FormSpec } from '../../actions/billing-actions'
import { currencyOf, facts, status, type InvoiceAction, type InvoiceActionDeps } from './shared'
import { recordAction } from '../../actions/core-actions'
import { money } from '../../actions/money'

/** The invoice's `recordPayment` action (a section of invoiceResource, one file per action). */
export function recordPaymentAction({ db, components }: InvoiceActionDeps): InvoiceAction {
  return {
    actionType: 'record',
    icon: 'DollarSign',
    component: components.BillingForm,
    isVisible: ({ record }) => isPayableStatus(status(record)),
    handler: recordAction({
      db,
      fields: 'payload',
      load: async (ctx, id): Promise<FormSpec> => {
        const inv = await getInvoice(ctx, { invoiceId: id })
        const m = (v: bigint) => money(v, inv.currency)
        return {
          intro: 'Money received outside a gateway. More than the balance becomes account credit.',
          facts: facts(m, inv),
          fields: [
            {
              name: 'method',
              label: 'Method',
              kind: 'select',
              required: true,
              options: Object.entries(MANUAL_METHODS).map(([value, label]) => ({ value, label })),
            },
            {
              name: 'amount',
              label: 'Amount',
              kind: 'money',
              currency: inv.currency.code,
              required: true,
            },
            { name: 'paidOn', label: 'Date received', kind: 'date', required: true },
            {
              name: 'reference',
              label: 'Reference',
              kind: 'text',
              hint: 'The bank transfer or cheque reference. A reference can be recorded only once; left empty, one is generated.',
            },
            {
              name: 'fee',
              label: 'Fee',
              kind: 'money',
              currency: inv.currency.code,
              hint: 'Optional: a bank charge taken from the payment.',
            },
            { name: 'note', label: 'Note', kind: 'text' },
          ],
          values: {
            method: 'bank_transfer',
            amount: toDecimalString(inv.balance, inv.currency.exponent),
            paidOn: todayUtc().toISOString().slice(0, 10),
            reference: '',
            fee: '',
            note: '',
          },
          confirmLabel: 'Record payment',
        }
      },
      run: async (ctx, id, values, record) => {
        const currency = await currencyOf(ctx, record)
        const issues = new IssueCollector()
        const input = {
          invoiceId: id,
          method: textOf(values.method),
          amount: issues.take(() => amountOf(values.amount, currency.exponent, 'amount')) ?? 1n,
          fee: issues.take(() => amountOf(values.fee, currency.exponent, 'fee', { optional: true })),
          reference: optionalText(values.reference),
          paidOn: optionalText(values.paidOn),
          note: optionalText(values.note),
        }
        if (issues.issues.length) issues.absorbFrom(() => parseInput(recordManualPaymentInput, input))
        issues.throwIfAny()
        const result = await recordManualPayment(ctx, input)
        return { ...result, amount: money(input.amount, currency) }
      },
      successMessage: (r) =>
        `Payment of ${r.amount} recorded (reference ${r.reference}).${r.becamePaid ? ' The invoice is paid.' : ''}${r.credited > 0n ? ' The amount above the balance became account credit.' : ''}`,
    }),
  }
}
