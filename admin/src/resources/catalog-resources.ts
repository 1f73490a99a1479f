import { addonResource } from './addon.resource'
import { cancellationRequestResource } from './cancellation-request.resource'
import { configOptionGroupResource } from './config-option-group.resource'
import type { ResourceFactory } from './define-resource'
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
export const ORDER_RESOURCES: ResourceFactory[] = [orderResource, serviceResource, staffTaskResource, cancellationRequestResource, moduleCallResource]

/** The catalog ("Products") and servers ("Servers"), in sidebar order. */
export const CATALOG_RESOURCES: ResourceFactory[] = [
  productGroupResource, productResource, configOptionGroupResource, addonResource, promotionResource,
  serverGroupResource, serverResource,
]
