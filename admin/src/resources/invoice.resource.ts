import type { ActionContext, ActionRequest, BaseRecord, RecordActionResponse } from 'adminjs'
import { NotFoundError } from 'adminjs'
import {
  applyCreditToInvoice,
  cancelInvoice,
  deleteDraftInvoice,
  displayStatus,
  getCreditBalance,
  getInvoice,
  isPayableStatus,
  MANUAL_METHODS,
  parseInput,
  publishInvoice,
  recordManualPayment,
  recordManualPaymentInput,
  refundPayment,
  sendInvoiceEmail,
  todayUtc,
  toDecimalString,
  type Ctx,
} from '@berth/core'
import type { Db, InvoiceStatus } from '@berth/prisma'
import { ctxFor } from '../auth/current-admin'
import {
  amountOf,
  commandHandler,
  formActionHandler,
  IssueCollector,
  money,
  optionalText,
  textOf,
  type FormSpec,
} from '../actions/billing-actions'
import { deleteHandler, toAdminError } from '../actions/core-actions'
import { invoiceDetailJson, refundablePayments } from '../actions/invoice-detail'
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
/** The less frequent actions, in one drop-down of the record's header (it holds six buttons otherwise). */
const MORE = 'More'

type Row = Record<string, unknown> & {
  number: string | null
  id: string
  status: InvoiceStatus
  dueDate: Date
  balance: bigint
  amountPaid: bigint
}

const status = (record?: BaseRecord) => String(record?.param('status') ?? '')

async function currencyOf(ctx: Ctx, record: BaseRecord) {
  return ctx.db.currency.findUniqueOrThrow({
    where: { code: String(record.param('currencyCode')) },
    select: { code: true, exponent: true },
  })
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
    const json = record.toJSON(context.currentAdmin)
    json.params = { ...json.params, [DETAIL_PARAM]: JSON.stringify(invoiceDetailJson(detail)) }
    return { record: json }
  }
}

const facts = (m: (v: bigint) => string, inv: { total: bigint; amountPaid: bigint; balance: bigint }) => [
  { label: 'Total', value: m(inv.total) },
  { label: 'Paid so far', value: m(inv.amountPaid) },
  { label: 'Balance due', value: m(inv.balance) },
]

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
        handler: commandHandler({
          db,
          run: (ctx, id) => publishInvoice(ctx, { invoiceId: id }),
          successMessage: (inv) =>
            inv.status === 'PAID'
              ? `Invoice ${inv.number} was published (nothing to pay: it is paid).`
              : `Invoice ${inv.number} was published and emailed to the client.`,
        }),
      },
      recordPayment: {
        actionType: 'record',
        icon: 'DollarSign',
        component: components.BillingForm,
        isVisible: ({ record }) => isPayableStatus(status(record)),
        handler: formActionHandler({
          db,
          prepare: async (ctx, record): Promise<FormSpec> => {
            const inv = await getInvoice(ctx, { invoiceId: String(record.id()) })
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
          run: async (ctx, record, values) => {
            const currency = await currencyOf(ctx, record)
            const issues = new IssueCollector()
            const input = {
              invoiceId: String(record.id()),
              method: textOf(values.method),
              amount: issues.take(() => amountOf(values.amount, currency.exponent, 'amount')) ?? 1n,
              fee: issues.take(() => amountOf(values.fee, currency.exponent, 'fee', { optional: true })),
              reference: optionalText(values.reference),
              paidOn: optionalText(values.paidOn),
              note: optionalText(values.note),
            }
            if (issues.issues.length) {
              try {
                parseInput(recordManualPaymentInput, input)
              } catch (error) {
                issues.absorb(error)
              }
              issues.throwIfAny()
            }
            const result = await recordManualPayment(ctx, input)
            return { ...result, amount: money(input.amount, currency) }
          },
          successMessage: (r) =>
            `Payment of ${r.amount} recorded (reference ${r.reference}).${r.becamePaid ? ' The invoice is paid.' : ''}${r.credited > 0n ? ' The amount above the balance became account credit.' : ''}`,
        }),
      },
      applyCredit: {
        actionType: 'record',
        icon: 'Gift',
        parent: MORE,
        component: components.BillingForm,
        isVisible: ({ record }) => isPayableStatus(status(record)) && record?.param('kind') === 'STANDARD',
        handler: formActionHandler({
          db,
          prepare: async (ctx, record): Promise<FormSpec> => {
            const inv = await getInvoice(ctx, { invoiceId: String(record.id()) })
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
          run: async (ctx, record, values) => {
            const currency = await currencyOf(ctx, record)
            const amount = amountOf(values.amount, currency.exponent, 'amount', { optional: true })
            const result = await applyCreditToInvoice(ctx, {
              invoiceId: String(record.id()),
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
      },
      cancel: {
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
      },
      refund: {
        actionType: 'record',
        icon: 'RotateCcw',
        variant: 'danger',
        component: components.BillingForm,
        isVisible: ({ record }) =>
          (status(record) === 'PAID' || isPayableStatus(status(record))) &&
          String(record?.param('amountPaid') ?? '0') !== '0',
        handler: formActionHandler({
          db,
          prepare: async (ctx, record): Promise<FormSpec> => {
            const inv = await getInvoice(ctx, { invoiceId: String(record.id()) })
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
          run: async (ctx, record, values) => {
            const currency = await currencyOf(ctx, record)
            const issues = new IssueCollector()
            const amount = issues.take(() =>
              amountOf(values.amount, currency.exponent, 'amount', { optional: true }),
            )
            const reason = textOf(values.reason)
            if (reason.length < 3)
              issues.issues.push({ field: 'reason', message: 'Give a reason (at least 3 characters).' })
            issues.throwIfAny()
            const result = await refundPayment(ctx, {
              transactionId: textOf(values.transactionId),
              reason,
              ...(amount === undefined ? {} : { amount }),
            })
            return { ...result, formatted: money(result.amount, currency) }
          },
          successMessage: (r) =>
            r.toCredit
              ? `${r.formatted} went back to the client's account credit.`
              : r.status === 'PENDING'
                ? `Refund of ${r.formatted} requested; the gateway reports it pending.`
                : `Refunded ${r.formatted}.`,
        }),
      },
      sendEmail: {
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
        handler: commandHandler({
          db,
          run: (ctx, id) => sendInvoiceEmail(ctx, { invoiceId: id }),
          successMessage: (r) =>
            `The invoice email was queued for ${r.recipients} recipient${r.recipients === 1 ? '' : 's'}.`,
        }),
      },
      downloadPdf: {
        actionType: 'record',
        icon: 'Download',
        component: components.InvoicePdf,
        handler: async (_request, _response, context) => ({
          record: context.record!.toJSON(context.currentAdmin),
        }),
      },
    }),
  },
})
