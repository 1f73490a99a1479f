import type { Db } from '@berth/prisma'
import { toDateOnly } from '../catalog'
import { systemCtx, inTransaction } from '../shared'
import { requestTransition } from './request-transition'

/**
 * The daily run: cancels the services whose end-of-period cancellation has come due (next due date
 * reached). Each service in its own transaction; safe to run twice (a cancelled service has no open
 * request left).
 */
export async function processDueCancellations(
  db: Db,
  options: { today?: Date } = {},
): Promise<{ cancelled: number; errors: { serviceId: string; error: string }[] }> {
  const today = toDateOnly(options.today ?? new Date())
  const due = await db.cancellationRequest.findMany({
    where: {
      status: 'OPEN',
      type: 'END_OF_PERIOD',
      service: { status: { in: ['ACTIVE', 'SUSPENDED'] }, nextDueDate: { lte: today } },
    },
    select: { serviceId: true, reason: true },
    take: 1000,
  })
  let cancelled = 0
  const errors: { serviceId: string; error: string }[] = []
  for (const r of due) {
    try {
      await inTransaction(systemCtx(db, 'services.process-cancellations'), (tx) =>
        requestTransition(tx, r.serviceId, 'cancel', { reason: r.reason }),
      )
      cancelled += 1
    } catch (error) {
      errors.push({ serviceId: r.serviceId, error: (error as Error).message })
    }
  }
  return { cancelled, errors }
}
