import type { PageHandler } from 'adminjs'
import { hasPermission, staffActor, type Permission } from '@berth/core'
import type { Db } from '@berth/prisma'
import { ctxFor, requestScope } from '../auth/current-admin'
import { ORDER_COUNT_KEYS, orderCounts } from './dashboard-orders'
import { billingDashboard } from './billing-dashboard'
import { businessFigures } from './reports'

interface Count {
  key: string
  label: string
  value: number
  resourceId?: string
  /** opens the list filtered, e.g. ?filters.status=PENDING */
  search?: string
}

function startOfToday(now = new Date()): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate())
}

/**
 * The dashboard's numbers, each only for a staff member who may see what it counts. Kept as plain
 * reads so later issues can add charts beside them.
 */
export function dashboardHandler(db: Db): PageHandler {
  return async (request: unknown) => {
    const { principal } = requestScope(request)
    const actor = staffActor(principal)
    const can = (permission: Permission) => hasPermission(actor, permission)
    const counts: Count[] = []
    const jobs: Promise<void>[] = []
    if (can('clients.view')) {
      jobs.push(
        db.client
          .count({ where: { status: 'ACTIVE' } })
          .then(
            (value) =>
              void counts.push({ key: 'clients', label: 'Active clients', value, resourceId: 'Client' }),
          ),
      )
    }
    if (can('staff.view')) {
      jobs.push(
        db.staff
          .count({ where: { status: 'ACTIVE' } })
          .then(
            (value) => void counts.push({ key: 'staff', label: 'Staff members', value, resourceId: 'Staff' }),
          ),
      )
    }
    if (can('emails.view')) {
      jobs.push(
        db.emailLog
          .count({ where: { queuedAt: { gte: startOfToday() } } })
          .then(
            (value) =>
              void counts.push({ key: 'emailsToday', label: 'Emails today', value, resourceId: 'EmailLog' }),
          ),
      )
      jobs.push(
        db.emailLog
          .count({ where: { status: 'FAILED' } })
          .then((value) => void counts.push({ key: 'emailsFailed', label: 'Emails failed', value })),
      )
    }
    const recentEvents = can('audit.view')
      ? db.auditEvent.findMany({
          orderBy: { createdAt: 'desc' },
          take: 8,
          select: {
            id: true,
            createdAt: true,
            actorLabel: true,
            action: true,
            targetType: true,
            targetId: true,
          },
        })
      : Promise.resolve(null)
    jobs.push(orderCounts(db, can).then((found) => void counts.push(...found)))
    await Promise.all(jobs)
    const order = ['clients', ...ORDER_COUNT_KEYS, 'staff', 'emailsToday', 'emailsFailed']
    counts.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key))
    const events = await recentEvents
    return {
      greeting: `Hello, ${principal.firstName}`,
      roleName: principal.roleName,
      counts,
      billing: can('billing.view') ? await billingDashboard(db) : null,
      business: can('billing.view') ? await businessFigures({ ...ctxFor(db, request), db }) : null,
      recentEvents: events
        ? events.map((e) => ({ ...e, id: e.id.toString(), createdAt: e.createdAt.toISOString() }))
        : null,
    }
  }
}
