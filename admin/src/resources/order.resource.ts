import { acceptOrder, cancelOrder, deleteOrder, markOrderFraud } from '@berth/core'
import { BerthResource } from '../adapter/berth-resource'
import { addToRecord, deleteHandler, recordAction } from '../actions/core-actions'
import { money } from '../actions/money'
import { orderDetail } from '../catalog/service-view'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

type OrderRow = {
  number: bigint
  currencyCode: string
  client?: { companyName: string | null; users: Array<{ firstName: string; lastName: string }> }
  currency?: { exponent: number }
  invoices?: Array<{ total: bigint }>
  _count?: { services: number }
}

const insensitive = (value: string) => ({ contains: value, mode: 'insensitive' })
const status = (record?: { param: (p: string) => unknown }) => String(record?.param('status') ?? '')

/**
 * Orders: what a checkout created (services, an invoice, a promotion). Staff accept a pending order
 * (its services are set up by their modules), cancel it, mark it as fraud, or delete it while pending.
 */
export const orderResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, {
    model: 'Order',
    plainRelations: ['currency'],
    secretFields: ['idempotencyKey'],
    include: {
      client: {
        select: {
          companyName: true,
          users: {
            where: { isOwner: true },
            orderBy: { createdAt: 'asc' },
            take: 1,
            select: { firstName: true, lastName: true },
          },
        },
      },
      currency: { select: { exponent: true } },
      invoices: { select: { total: true } },
      _count: { select: { services: true } },
    },
    virtuals: (row) => {
      const r = row as OrderRow
      const owner = r.client?.users[0]
      const total = (r.invoices ?? []).reduce((sum, i) => sum + i.total, 0n)
      return {
        title: `Order #${r.number}`,
        clientName: r.client?.companyName || (owner ? `${owner.firstName} ${owner.lastName}` : '—'),
        total: r.invoices?.length
          ? money(total, { code: r.currencyCode, exponent: r.currency?.exponent ?? 2 })
          : '—',
        serviceCount: r._count?.services ?? 0,
      }
    },
    virtualFilters: {
      // The search action (reference pickers): an order number or the client's company.
      title: (value) => {
        const n = value.replace(/^#/, '').trim()
        return /^\d{1,18}$/.test(n) ? { number: BigInt(n) } : { client: { companyName: insensitive(value) } }
      },
      clientName: (value) => ({
        client: {
          OR: [
            { companyName: insensitive(value) },
            { users: { some: { OR: [{ email: insensitive(value) }, { lastName: insensitive(value) }] } } },
          ],
        },
      }),
    },
  }),
  options: {
    navigation: { name: 'Orders', icon: 'ShoppingCart' },
    titleProperty: 'title',
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: [
      'number',
      'createdAt',
      'client',
      'status',
      'serviceCount',
      'total',
      'promotion',
      'paymentMethod',
    ],
    showProperties: [
      'status',
      'number',
      'client',
      'createdAt',
      'detail',
      'promotion',
      'currencyCode',
      'paymentMethod',
      'ip',
      'notes',
      'updatedAt',
    ],
    filterProperties: ['status', 'number', 'client', 'clientName', 'promotion', 'createdAt'],
    properties: {
      id: { isVisible: false },
      title: { type: 'string', isVisible: false },
      number: { isTitle: false, description: 'Shown to the client.' },
      status: {
        components: { list: components.StatusBadge, show: components.StatusBadge },
        availableValues: [
          { value: 'PENDING', label: 'Pending' },
          { value: 'ACTIVE', label: 'Active' },
          { value: 'FRAUD', label: 'Fraud' },
          { value: 'CANCELLED', label: 'Cancelled' },
        ],
      },
      clientName: { type: 'string', isVisible: visibleIn('filter'), isSortable: false },
      serviceCount: { type: 'number', isSortable: false },
      total: { type: 'string', isSortable: false },
      ip: { isVisible: visibleIn('show'), components: { show: components.OptionalValue } },
      notes: { components: { show: components.OptionalValue } },
      promotion: { components: { show: components.OptionalValue } },
      detail: {
        type: 'string',
        isSortable: false,
        isVisible: visibleIn('show'),
        components: { show: components.OrderDetails },
      },
    },
    actions: guardActions('Order', {
      show: {
        after: addToRecord(db, 'detail', (ctx, id) => orderDetail(ctx, id)),
      },
      accept: {
        actionType: 'record',
        icon: 'CheckCircle',
        component: components.RecordForm,
        isVisible: ({ record }) => status(record) === 'PENDING',
        custom: {
          question: 'Accept this order?',
          explanation:
            'The order becomes active and each pending service is set up by its provisioning module (products set up "never" stay pending for you).',
          confirmLabel: 'Accept order',
        },
        handler: recordAction({
          db,
          run: async (ctx, id) => {
            const r = await acceptOrder(ctx, { orderId: id })
            return r.activating.length
              ? `The order was accepted: ${r.activating.length} service(s) are being set up.`
              : 'The order was accepted. No service needed setting up.'
          },
          successMessage: (message) => message || 'The order was accepted.',
        }),
      },
      cancel: {
        actionType: 'record',
        icon: 'XCircle',
        component: components.RecordForm,
        isVisible: ({ record }) => ['PENDING', 'ACTIVE'].includes(status(record)),
        custom: {
          question: 'Cancel this order?',
          explanation:
            'Its pending services are cancelled (stock goes back) and its unpaid invoice is cancelled. Services already active are not touched: manage them one by one. A paid order must be refunded first.',
          confirmLabel: 'Cancel order',
          variant: 'danger',
          fields: [
            { name: 'reason', label: 'Reason', type: 'textarea', hint: 'Optional; kept in the audit log.' },
          ],
        },
        handler: recordAction({
          db,
          fields: { reason: 'text' },
          run: async (ctx, id, input) =>
            void (await cancelOrder(ctx, { orderId: id, reason: input.reason || undefined })),
          successMessage: (message) => message || 'The order was cancelled.',
        }),
      },
      fraud: {
        actionType: 'record',
        icon: 'AlertOctagon',
        component: components.RecordForm,
        isVisible: ({ record }) => status(record) === 'PENDING',
        custom: {
          question: 'Mark this order as fraud?',
          explanation:
            'Its pending services become "fraud" and are never set up; its invoice is cancelled. This cannot be undone.',
          confirmLabel: 'Mark as fraud',
          variant: 'danger',
          fields: [
            {
              name: 'reason',
              label: 'Reason',
              type: 'textarea',
              hint: 'What gave it away (kept in the audit log).',
            },
          ],
        },
        handler: recordAction({
          db,
          fields: { reason: 'text' },
          run: async (ctx, id, input) =>
            void (await markOrderFraud(ctx, { orderId: id, reason: input.reason || undefined })),
          successMessage: (message) => message || 'The order was marked as fraud.',
        }),
      },
      delete: {
        isVisible: ({ record }) => status(record) === 'PENDING',
        guard:
          'Delete this pending order? Its services are cancelled and its invoice cancelled; both stay on record.',
        handler: deleteHandler({
          db,
          successMessage: 'The order was deleted.',
          remove: (ctx, id) => deleteOrder(ctx, { orderId: id }),
        }),
      },
    }),
  },
})
