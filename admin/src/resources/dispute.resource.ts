import { BerthResource } from '../adapter/berth-resource'
import { CURRENCY_INCLUDE, formattedMoney } from './billing-shared'
import { guardActions, type ResourceFactory } from './define-resource'

/** Disputes (chargebacks) as the gateways report them: read-only; core follows their events. */
export const disputeResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, {
    model: 'Dispute',
    plainRelations: ['currency'],
    include: CURRENCY_INCLUDE,
    virtuals: (row) => formattedMoney(row, ['amount']),
  }),
  options: {
    navigation: { name: 'Billing', icon: 'CreditCard' },
    titleProperty: 'gatewayDisputeId',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: [
      'createdAt',
      'gateway',
      'gatewayDisputeId',
      'status',
      'amount',
      'reason',
      'evidenceDueAt',
      'transaction',
    ],
    showProperties: [
      'createdAt',
      'updatedAt',
      'gateway',
      'gatewayDisputeId',
      'status',
      'currencyCode',
      'amount',
      'reason',
      'evidenceDueAt',
      'transaction',
    ],
    filterProperties: ['gateway', 'status', 'createdAt', 'transaction'],
    properties: {
      id: { isVisible: false },
      status: { components: { list: components.BillingStatus, show: components.BillingStatus } },
      amount: { components: { list: components.MoneyValue, show: components.MoneyValue } },
    },
    actions: guardActions('Dispute', {}),
  },
})
