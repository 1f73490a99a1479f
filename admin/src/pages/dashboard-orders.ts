import type { Permission } from '@berth/core'
import type { Db } from '@berth/prisma'

/** A dashboard number; `search` opens the list already filtered. */
export interface OrderCount {
  key: string
  label: string
  value: number
  resourceId?: string
  search?: string
}

/** The keys below, in the order the dashboard shows them. */
export const ORDER_COUNT_KEYS = ['pendingOrders', 'activeServices', 'openStaffTasks', 'failedModuleCalls']

/**
 * Orders and services numbers (orders.view): pending orders, active services, open staff tasks, and
 * services whose last provisioning call failed (they wait for a retry).
 */
export async function orderCounts(db: Db, can: (permission: Permission) => boolean): Promise<OrderCount[]> {
  if (!can('orders.view')) return []
  const [pendingOrders, activeServices, openStaffTasks, failing] = await Promise.all([
    db.order.count({ where: { status: 'PENDING' } }),
    db.service.count({ where: { status: 'ACTIVE' } }),
    db.staffTask.count({ where: { status: 'OPEN' } }),
    db.service.count({ where: { lastModuleError: { not: null } } }),
  ])
  return [
    {
      key: 'pendingOrders',
      label: 'Pending orders',
      value: pendingOrders,
      resourceId: 'Order',
      search: '?filters.status=PENDING',
    },
    {
      key: 'activeServices',
      label: 'Active services',
      value: activeServices,
      resourceId: 'Service',
      search: '?filters.status=ACTIVE',
    },
    {
      key: 'openStaffTasks',
      label: 'Open staff tasks',
      value: openStaffTasks,
      resourceId: 'StaffTask',
      search: '?filters.status=OPEN',
    },
    {
      key: 'failedModuleCalls',
      label: 'Failed module calls',
      value: failing,
      resourceId: 'Service',
      search: '?filters.hasModuleError=true',
    },
  ]
}
