import { addonResource } from './addon.resource'
import { cancellationRequestResource } from './cancellation-request.resource'
import { configOptionGroupResource } from './config-option-group.resource'
import type { ComponentIds } from '../components/registry'
import { visibleIn, type ResourceFactory } from './define-resource'
import { moduleCallResource } from './module-call.resource'
import { orderResource } from './order.resource'
import { productGroupResource } from './product-group.resource'
import { productResource } from './product.resource'
import { promotionResource } from './promotion.resource'
import { serverGroupResource } from './server-group.resource'
import { serverResource } from './server.resource'
import { serviceResource } from './service.resource'
import { staffTaskResource } from './staff-task.resource'

/** Orders and services (sidebar group "Orders"), in sidebar order. */
export const ORDER_RESOURCES: ResourceFactory[] = [
  orderResource,
  serviceResource,
  staffTaskResource,
  cancellationRequestResource,
  moduleCallResource,
]

/** The catalog ("Products") and servers ("Servers"), in sidebar order. */
export const CATALOG_RESOURCES: ResourceFactory[] = [
  productGroupResource,
  productResource,
  configOptionGroupResource,
  addonResource,
  promotionResource,
  serverGroupResource,
  serverResource,
]

/** On a client's page: its services and orders, read through those resources' lists (orders.view). */
export function clientServiceProperties(components: ComponentIds) {
  const related = (
    resourceId: string,
    columns: Array<{ path: string; label: string; link?: boolean }>,
    empty: string,
  ) => ({
    type: 'string' as const,
    isSortable: false,
    isVisible: visibleIn('show'),
    components: { show: components.RelatedRecords },
    props: { resourceId, filter: 'client', sortBy: 'createdAt', direction: 'desc', columns, empty },
  })
  return {
    services: related(
      'Service',
      [
        { path: 'title', label: 'Service', link: true },
        { path: 'status', label: 'Status' },
        { path: 'billingCycle', label: 'Cycle' },
        { path: 'recurring', label: 'Recurring' },
        { path: 'nextDueDate', label: 'Next due' },
      ],
      'No services.',
    ),
    orders: related(
      'Order',
      [
        { path: 'title', label: 'Order', link: true },
        { path: 'status', label: 'Status' },
        { path: 'total', label: 'Total' },
        { path: 'createdAt', label: 'Placed' },
      ],
      'No orders.',
    ),
  }
}
