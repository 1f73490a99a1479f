import type { ActionContext, ActionRequest, RecordActionResponse } from 'adminjs'
import { NotFoundError } from 'adminjs'
import { deleteDraftInvoice, displayStatus, getInvoice, publishInvoice, todayUtc } from '@berth/core'
import type { Db, InvoiceStatus } from '@berth/prisma'
import { ctxFor } from '../auth/current-admin'
import { deleteHandler, toAdminError } from '../actions/core-actions'
import { invoiceDetailJson } from '../actions/invoice-detail'
import { invoiceEditHandler, invoiceNewHandler } from '../actions/invoice-form'
import {
  clientNameFilter,
  CURRENCY_INCLUDE,
  DayRangeResource,
  formattedMoney,
  INVOICE_STATUS_FILTERS,
  invoiceStatusWhere,
} from './billing-shared'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'
import { applyCreditAction } from './invoice/apply-credit'
import { cancelAction } from './invoice/cancel'
import { downloadPdfAction } from './invoice/download-pdf'
import { recordPaymentAction } from './invoice/record-payment'
import { refundAction } from './invoice/refund'
import { sendEmailAction } from './invoice/send-email'
import { status } from './invoice/shared'
import { recordAction } from '../actions/core-actions'
import { withData } from '../actions/record-data'

/**
 * Invoices (navigation "Billing"). Reads through the adapter; every write is a core call: drafts
 * are created, edited and deleted through the invoice form, then published; payments, credit,
 * cancellation, refunds and emails are record actions refused by core with its own message when
 * the invoice's state does not allow them. Money is shown formatted in the invoice's currency and
 * typed as decimal text.
 */
const MONEY = ['subtotal', 'taxTotal', 'total', 'amountPaid', 'creditApplied', 'balance'] as const
export const DETAIL_PARAM = 'berthInvoice'
/** The unfiltered list counts up to this many invoices, then says "more" (docs/decisions/0039-bounded-list-counts.md). */
export const INVOICE_LIST_COUNT_LIMIT = 10_000

type Row = Record<string, unknown> & {
  number: string | null
  id: string
  status: InvoiceStatus
  dueDate: Date
  balance: bigint
  amountPaid: bigint
}

/** The show page's data: the invoice as core's getInvoice reads it (billing.view checked again there). */
function showHandler(db: Db) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse> => {
    const record = context.record
    if (!record) throw new NotFoundError('Record not found', 'show')
    let detail
    try {
      detail = await getInvoice(ctxFor(db, request), { invoiceId: String(record.id()) })
    } catch (error) {
      toAdminError(error, {}, response as never)
    }
    return { record: withData(record.toJSON(context.currentAdmin), DETAIL_PARAM, invoiceDetailJson(detail)) }
  }
}

export const invoiceResource: ResourceFactory = ({ db, components, currencyCodes }) => ({
  resource: new DayRangeResource(
    db,
    {
      model: 'Invoice',
      plainRelations: ['currency', 'order'],
      include: CURRENCY_INCLUDE,
      countLimit: INVOICE_LIST_COUNT_LIMIT,
      virtuals: (row) => {
        const r = row as Row
        return {
          title: r.number ?? `Draft ${r.id.slice(-8)}`,
          displayStatus: displayStatus(r, todayUtc()),
          ...formattedMoney(row, MONEY),
        }
      },
      virtualFilters: {
        title: (value) => ({ number: { contains: value, mode: 'insensitive' } }),
        displayStatus: invoiceStatusWhere,
        clientName: clientNameFilter,
      },
    },
    ['issueDate', 'dueDate'],
  ),
  options: {
    navigation: { name: 'Billing', icon: 'CreditCard' },
    titleProperty: 'title',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['title', 'client', 'displayStatus', 'issueDate', 'dueDate', 'total', 'balance'],
    showProperties: ['title', 'client', 'displayStatus', 'total', 'balance'],
    editProperties: [],
    filterProperties: [
      'title',
      'displayStatus',
      'client',
      'clientName',
      'issueDate',
      'dueDate',
      'kind',
      'currencyCode',
    ],
    properties: {
      id: { isVisible: false },
      title: { type: 'string', isTitle: true, isSortable: false },
      number: { isTitle: false },
      displayStatus: {
        type: 'string',
        isSortable: false,
        availableValues: INVOICE_STATUS_FILTERS.map((s) => ({ ...s })),
        components: { list: components.BillingStatus, show: components.BillingStatus },
      },
      clientName: { type: 'string', isVisible: visibleIn('filter') },
      issueDate: { components: { list: components.BillingDate, show: components.BillingDate } },
      dueDate: { components: { list: components.BillingDate, show: components.BillingDate } },
      ...Object.fromEntries(
        MONEY.map((k) => [k, { components: { list: components.MoneyValue, show: components.MoneyValue } }]),
      ),
      currencyCode: { availableValues: currencyCodes.map((code) => ({ value: code, label: code })) },
      sellerDetails: { isVisible: false },
      buyerDetails: { isVisible: false },
    },
    actions: guardActions('Invoice', {
      show: { component: components.InvoiceShow, handler: showHandler(db) },
      new: { component: components.InvoiceForm, handler: invoiceNewHandler(db) },
      edit: {
        component: components.InvoiceForm,
        isVisible: ({ record }) => status(record) === 'DRAFT',
        handler: invoiceEditHandler(db),
      },
      delete: {
        isVisible: ({ record }) => status(record) === 'DRAFT',
        guard:
          'Delete this draft invoice? It has no number yet, so nothing is lost from the sequence. Published invoices are cancelled instead.',
        handler: deleteHandler({
          db,
          successMessage: 'The draft invoice was deleted.',
          remove: (ctx, id) => deleteDraftInvoice(ctx, { invoiceId: id }),
        }),
      },
      publish: {
        actionType: 'record',
        icon: 'Send',
        component: components.RecordCommand,
        isVisible: ({ record }) => status(record) === 'DRAFT',
        custom: {
          question: 'Publish this draft?',
          explanation:
            "It gets the next invoice number, its totals are computed with today's tax rules, the client can see it in the portal and receives the invoice email. A published invoice can no longer be edited or deleted, only cancelled.",
          confirmLabel: 'Publish invoice',
        },
        handler: recordAction({
          db,
          run: (ctx, id) => publishInvoice(ctx, { invoiceId: id }),
          successMessage: (inv) =>
            inv.status === 'PAID'
              ? `Invoice ${inv.number} was published (nothing to pay: it is paid).`
              : `Invoice ${inv.number} was published and emailed to the client.`,
        }),
      },
      recordPayment: recordPaymentAction({ db, components }),
      applyCredit: applyCreditAction({ db, components }),
      cancel: cancelAction({ db, components }),
      refund: refundAction({ db, components }),
      sendEmail: sendEmailAction({ db, components }),
      downloadPdf: downloadPdfAction({ db, components }),
    }),
  },
})
