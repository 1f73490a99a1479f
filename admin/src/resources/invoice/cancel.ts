import { cancelInvoice, getInvoice, isPayableStatus } from '@berth/core'
import { formActionHandler, money, optionalText, type FormSpec } from '../../actions/billing-actions'
import { facts, MORE, status, type InvoiceAction, type InvoiceActionDeps } from './shared'

/** The invoice's `cancel` action (a section of invoiceResource, one file per action). */
export function cancelAction({ db, components }: InvoiceActionDeps): InvoiceAction {
  return {
    actionType: 'record',
    icon: 'XCircle',
    parent: MORE,
    variant: 'danger',
    component: components.BillingForm,
    isVisible: ({ record }) => isPayableStatus(status(record)),
    handler: formActionHandler({
      db,
      prepare: async (ctx, record): Promise<FormSpec> => {
        const inv = await getInvoice(ctx, { invoiceId: String(record.id()) })
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
      run: (ctx, record, values) =>
        cancelInvoice(ctx, { invoiceId: String(record.id()), reason: optionalText(values.reason) }),
      successMessage: (inv) => `Invoice ${inv.number} was cancelled.`,
    }),
  }
}
