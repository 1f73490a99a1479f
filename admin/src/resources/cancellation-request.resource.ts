import { BerthResource } from '../adapter/berth-resource'
import { filteredHref } from '../catalog/handlers'
import { guardActions, visibleIn, type ResourceFactory } from './define-resource'

/** Clients' cancellation requests (immediate or at the end of the period): read-only; the daily run carries them out. */
export const cancellationRequestResource: ResourceFactory = ({ db, components }) => ({
  resource: new BerthResource(db, { model: 'CancellationRequest' }),
  options: {
    navigation: { name: 'Orders', icon: 'ShoppingCart' },
    titleProperty: 'reason',
    href: filteredHref('CancellationRequest', '?filters.status=OPEN'),
    sort: { sortBy: 'createdAt', direction: 'desc' },
    listProperties: ['createdAt', 'service', 'client', 'type', 'status', 'reason'],
    showProperties: ['status', 'type', 'service', 'client', 'reason', 'createdAt', 'resolvedAt'],
    filterProperties: ['status', 'type', 'client', 'service', 'createdAt'],
    properties: {
      id: { isVisible: false },
      reason: { components: { show: components.TextBlock } },
      status: {
        components: { list: components.StatusBadge, show: components.StatusBadge },
        availableValues: [
          { value: 'OPEN', label: 'Open' },
          { value: 'DONE', label: 'Done' },
          { value: 'WITHDRAWN', label: 'Withdrawn' },
        ],
      },
      type: {
        availableValues: [
          { value: 'IMMEDIATE', label: 'Immediately' },
          { value: 'END_OF_PERIOD', label: 'At the end of the period' },
        ],
        components: { list: components.ValueLabel, show: components.ValueLabel },
      },
      resolvedAt: { isVisible: visibleIn('show') },
    },
    actions: guardActions('CancellationRequest', {}),
  },
})
