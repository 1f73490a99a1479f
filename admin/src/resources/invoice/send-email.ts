import { sendInvoiceEmail } from '@berth/core'
import { MORE, status, type InvoiceAction, type InvoiceActionDeps } from './shared'
import { recordAction } from '../../actions/core-actions'

/** The invoice's `sendEmail` action (a section of invoiceResource, one file per action). */
export function sendEmailAction({ db, components }: InvoiceActionDeps): InvoiceAction {
  return {
    actionType: 'record',
    icon: 'Mail',
    parent: MORE,
    component: components.RecordCommand,
    isVisible: ({ record }) => Boolean(record) && status(record) !== 'DRAFT',
    custom: {
      question: 'Send the invoice email?',
      explanation:
        "The client's owner and invoice contacts get the invoice email again, with a link to pay it.",
      confirmLabel: 'Send email',
    },
    handler: recordAction({
      db,
      run: (ctx, id) => sendInvoiceEmail(ctx, { invoiceId: id }),
      successMessage: (r) =>
        `The invoice email was queued for ${r.recipients} recipient${r.recipients === 1 ? '' : 's'}.`,
    }),
  }
}
