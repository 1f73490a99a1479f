import { cancelInvoice, getInvoice, isPayableStatus } from '@berth/core'
import { optionalText, type FormSpec } from '../../actions/billing-actions'
import { facts, MORE, status, type InvoiceAction, type InvoiceActionDeps } from './shared'
import { recordAction } from '../../actions/core-actions'
import { money } from '../../actions/money'

/** The invoice's `cancel` action (a section of invoiceResource, one file per action). */
export function cancelAction({ db, components }: InvoiceActionDeps): InvoiceAction {
  return {
    actionType: 'record',
    icon: 'XCircle',
    parent: MORE,
    variant: 'danger',
    component: components.BillingForm,
    isVisible: ({ record }) => isPayableStatus(status(record)),
    handler: recordAction({
      db,
      fields: 'payload',
      load: async (ctx, id): Promise<FormSpec> => {
        const inv = await getInvoice(ctx, { invoiceId: id })
        const m = (v: bigint) => money(v, inv.currency)
        return {
          intro:
            'The client no longer owes this invoice. An invoice with payments or credit on it cannot be cancelled: refund them first.',
          facts: facts(m, inv),
          fields: [{ name: 'reason', label: 'Reason', kind: 'textarea', hint: 'Kept in the audit log.' }],
          values: { reason: '' },
          confirmLabel: 'Cancel invoice',
          variant: 'danger',
        }
      },
      run: (ctx, id, values) => cancelInvoice(ctx, { invoiceId: id, reason: optionalText(values.reason) }),
      successMessage: (inv) => `Invoice ${inv.number} was cancelled.`,
    }),
  }
}
