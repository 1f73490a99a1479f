import { NotFoundError, type ActionContext, type ActionRequest, type ActionResponse } from 'adminjs'
import { GATEWAYS, listTransactions, paymentMethodLabel } from '@berth/core'
import type { Db } from '@berth/prisma'
import { ctxFor } from '../auth/current-admin'
import { toAdminError } from '../actions/core-actions'
import { describeTransactionFilters, transactionFiltersFrom } from '../actions/transaction-filters'
import {
  clientNameFilter,
  CURRENCY_INCLUDE,
  DayRangeResource,
  formattedMoney,
  gatewayChoices,
} from './billing-shared'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

/**
 * Every transaction (payments, refunds, chargebacks): a ledger, read-only. "Export CSV" opens in
 * a drawer over the list with the list's filters, says how many rows match, and links to the
 * download (http/billing-downloads.ts), which is core's exportTransactionsCsv with those filters.
 */
type Row = Record<string, unknown> & {
  type: string
  gateway: string
  amount: bigint
  currency?: { code: string; exponent: number }
}

const label = (value: string) => value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ')

function exportHandler(db: Db) {
  return async (
    request: ActionRequest,
    response: unknown,
    _context: ActionContext,
  ): Promise<ActionResponse> => {
    const ctx = ctxFor(db, request)
    const filters = transactionFiltersFrom((request.query ?? {}) as Record<string, unknown>)
    try {
      const { total } = await listTransactions(ctx, { ...filters, pageSize: 1 })
      const client = filters.clientId
        ? await db.client.findUnique({ where: { id: filters.clientId }, select: { companyName: true } })
        : null
      const invoice = filters.invoiceId
        ? await db.invoice.findUnique({ where: { id: filters.invoiceId }, select: { number: true } })
        : null
      return {
        export: {
          total,
          filters: describeTransactionFilters(filters, {
            client: client?.companyName,
            invoice: invoice?.number,
          }),
        },
      }
    } catch (error) {
      if (error instanceof NotFoundError) throw error
      toAdminError(error, {}, response as never)
    }
  }
}

export const transactionResource: ResourceFactory = ({ db, components, currencyCodes }) => ({
  resource: new DayRangeResource(
    db,
    {
      model: 'Transaction',
      plainRelations: ['currency'],
      include: CURRENCY_INCLUDE,
      virtuals: (row) => {
        const r = row as Row
        const money = formattedMoney(row, ['amount', 'fee'])
        return {
          title: `${label(r.type)} ${money.formatted.amount ?? ''} · ${paymentMethodLabel(r.gateway)}`,
          method: paymentMethodLabel(r.gateway),
          ...money,
        }
      },
      virtualFilters: {
        clientName: clientNameFilter,
        title: (value) => ({ gatewayTransactionId: { contains: value, mode: 'insensitive' } }),
      },
    },
    ['createdAt'],
  ),
  options: {
    navigation: { name: 'Billing', icon: 'CreditCard' },
    titleProperty: 'title',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['createdAt', 'type', 'status', 'client', 'invoice', 'method', 'amount', 'fee'],
    showProperties: [
      'createdAt',
      'type',
      'status',
      'client',
      'invoice',
      'method',
      'gatewayTransactionId',
      'currencyCode',
      'amount',
      'fee',
      'refundOf',
      'description',
      'staffId',
    ],
    // Exactly core's transaction filters, so that Export CSV exports what the list shows.
    filterProperties: ['client', 'gateway', 'type', 'createdAt', 'invoice'],
    properties: {
      id: { isVisible: false },
      title: { type: 'string', isTitle: true, isVisible: false },
      clientName: { type: 'string', isVisible: visibleIn('filter') },
      gateway: { availableValues: gatewayChoices(GATEWAYS), isVisible: visibleIn('filter') },
      method: { type: 'string', isSortable: false, isVisible: visibleIn('list', 'show') },
      type: { components: { list: components.BillingStatus, show: components.BillingStatus } },
      status: { components: { list: components.BillingStatus, show: components.BillingStatus } },
      amount: { components: { list: components.MoneyValue, show: components.MoneyValue } },
      fee: { components: { list: components.MoneyValue, show: components.MoneyValue } },
      currencyCode: { availableValues: currencyCodes.map((code) => ({ value: code, label: code })) },
      staffId: { isVisible: visibleIn('show') },
      gatewayTransactionId: { isVisible: visibleIn('show', 'filter') },
    },
    actions: guardActions('Transaction', {
      exportCsv: {
        actionType: 'resource',
        icon: 'Download',
        showInDrawer: true,
        component: components.TransactionExport,
        handler: exportHandler(db),
      },
    }),
  },
})
