import { clientNameFilter, CURRENCY_INCLUDE, DayRangeResource, formattedMoney } from './billing-shared'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

/**
 * The credit ledger: append-only (a database trigger refuses UPDATE and DELETE), never editable
 * here either. Staff change a client's credit with the client's "Add credit" / "Remove credit".
 */
type Row = Record<string, unknown> & { kind: string; amount: bigint }

export const creditEntryResource: ResourceFactory = ({ db, components }) => ({
  resource: new DayRangeResource(
    db,
    {
      model: 'CreditEntry',
      plainRelations: ['currency'],
      include: CURRENCY_INCLUDE,
      virtuals: (row) => {
        const r = row as Row
        const money = formattedMoney(row, ['amount', 'balanceAfter'])
        return {
          title: `${r.kind.charAt(0)}${r.kind.slice(1).toLowerCase().replace(/_/g, ' ')} ${money.formatted.amount ?? ''}`,
          ...money,
        }
      },
      virtualFilters: { clientName: clientNameFilter },
    },
    ['createdAt'],
  ),
  options: {
    navigation: { name: 'Billing', icon: 'CreditCard' },
    titleProperty: 'title',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['createdAt', 'client', 'kind', 'amount', 'balanceAfter', 'reason', 'invoice'],
    showProperties: [
      'createdAt',
      'client',
      'kind',
      'currencyCode',
      'amount',
      'balanceAfter',
      'reason',
      'invoice',
      'transaction',
      'staffId',
      'idempotencyKey',
    ],
    filterProperties: ['client', 'clientName', 'kind', 'createdAt', 'invoice'],
    properties: {
      id: { isVisible: false },
      title: { type: 'string', isTitle: true, isVisible: false },
      clientName: { type: 'string', isVisible: visibleIn('filter') },
      kind: { components: { list: components.BillingStatus, show: components.BillingStatus } },
      amount: {
        components: { list: components.MoneyValue, show: components.MoneyValue },
        description: 'Signed: + adds credit, − spends it.',
      },
      balanceAfter: { components: { list: components.MoneyValue, show: components.MoneyValue } },
      staffId: { isVisible: visibleIn('show') },
      idempotencyKey: { isVisible: visibleIn('show') },
    },
    actions: guardActions('CreditEntry', {}),
  },
})
