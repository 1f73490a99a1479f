import { getInvoice, isPayableStatus, parseInput, refundPayment, refundPaymentInput } from '@berth/core'
import { amountOf, IssueCollector, textOf, type FormSpec } from '../../actions/billing-actions'
import { refundablePayments } from '../../actions/invoice-detail'
import { currencyOf, facts, status, type InvoiceAction, type InvoiceActionDeps } from './shared'
import { recordAction } from '../../actions/core-actions'
import { money } from '../../actions/money'

/** The invoice's `refund` action (a section of invoiceResource, one file per action). */
export function refundAction({ db, components }: InvoiceActionDeps): InvoiceAction {
  return {
    actionType: 'record',
    icon: 'RotateCcw',
    variant: 'danger',
    component: components.BillingForm,
    isVisible: ({ record }) =>
      (status(record) === 'PAID' || isPayableStatus(status(record))) &&
      String(record?.param('amountPaid') ?? '0') !== '0',
    handler: recordAction({
      db,
      fields: 'payload',
      load: async (ctx, id): Promise<FormSpec> => {
        const inv = await getInvoice(ctx, { invoiceId: id })
        const m = (v: bigint) => money(v, inv.currency)
        const payments = refundablePayments(inv)
        const first = payments.find((p) => p.refundable > 0n)
        return {
          intro:
            'The money goes back through the gateway that took it (a manual payment is recorded as refunded; a credit payment goes back to account credit).',
          facts: facts(m, inv),
          fields: [
            {
              name: 'transactionId',
              label: 'Payment',
              kind: 'select',
              required: true,
              options: payments.map((p) => ({
                value: p.id,
                label: `${m(p.refundable)} refundable of ${m(p.paid)} · ${p.method} · ${p.createdAt.toISOString().slice(0, 10)} · ${p.reference}`,
              })),
            },
            {
              name: 'amount',
              label: 'Amount',
              kind: 'money',
              currency: inv.currency.code,
              hint: 'Leave empty to refund everything still refundable on that payment.',
            },
            {
              name: 'reason',
              label: 'Reason',
              kind: 'textarea',
              required: true,
              hint: 'Sent to the gateway and kept in the audit log.',
            },
          ],
          values: { transactionId: first?.id ?? payments[0]?.id ?? '', amount: '', reason: '' },
          confirmLabel: 'Refund',
          variant: 'danger',
          ...(first ? {} : { blocked: 'Nothing on this invoice can be refunded.' }),
        }
      },
      run: async (ctx, id, values, record) => {
        const currency = await currencyOf(ctx, record)
        const issues = new IssueCollector()
        const amount = issues.take(() =>
          amountOf(values.amount, currency.exponent, 'amount', { optional: true }),
        )
        const input = {
          transactionId: textOf(values.transactionId),
          reason: textOf(values.reason),
          ...(amount === undefined ? {} : { amount }),
        }
        // An amount that does not parse: core's schema still says what else is wrong (the reason)
        if (issues.issues.length) issues.absorbFrom(() => parseInput(refundPaymentInput, input))
        issues.throwIfAny()
        const result = await refundPayment(ctx, input)
        return { ...result, formatted: money(result.amount, currency) }
      },
      successMessage: (r) =>
        r.toCredit
          ? `${r.formatted} went back to the client's account credit.`
          : r.status === 'PENDING'
            ? `Refund of ${r.formatted} requested; the gateway reports it pending.`
            : `Refunded ${r.formatted}.`,
    }),
  }
}
