import type { InvoiceAction, InvoiceActionDeps } from './shared'

/** The invoice's `downloadPdf` action (a section of invoiceResource, one file per action). */
export function downloadPdfAction({ components }: InvoiceActionDeps): InvoiceAction {
  return {
    actionType: 'record',
    icon: 'Download',
    component: components.InvoicePdf,
    handler: async (_request, _response, context) => ({
      record: context.record!.toJSON(context.currentAdmin),
    }),
  }
}
