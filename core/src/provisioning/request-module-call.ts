import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { DbClient } from '@berth/prisma'
import { enqueue, QUEUES } from '../platform'
import { MODULE_ACTIONS, type ModuleAction } from './module'

/** The `provisioning.call` job: one module action for one service. */
export const moduleCallJobSchema = z.object({
  serviceId: z.string().uuid(),
  action: z.enum(MODULE_ACTIONS as [ModuleAction, ...ModuleAction[]]),
  /** the lifecycle transition the action completes (null for changePackage) */
  transition: z.enum(['activate', 'suspend', 'unsuspend', 'terminate', 'cancel']).nullable(),
  params: z.record(z.string(), z.unknown()).default({}),
  /** the idempotency key the host sees: the same for every retry of this request */
  requestId: z.string().min(8).max(200),
  staffId: z.string().uuid().nullable().default(null),
})
export type ModuleCallJob = z.infer<typeof moduleCallJobSchema>

/** Retries of a failed call, with exponential backoff: 5 s, 10 s, 20 s, 40 s, 80 s. */
export const MODULE_CALL_RETRY = { retryLimit: 5, retryDelay: 5, retryBackoff: true } as const

/** Queues a module call in the caller's transaction; it runs when (and only if) the transaction commits. */
export async function requestModuleCall(
  db: DbClient,
  job: Omit<ModuleCallJob, 'requestId' | 'params' | 'staffId'> & {
    requestId?: string
    params?: Record<string, unknown>
    staffId?: string | null
  },
): Promise<ModuleCallJob> {
  const data = moduleCallJobSchema.parse({
    ...job,
    requestId: job.requestId ?? `${job.serviceId}:${job.action}:${randomUUID()}`,
  })
  await enqueue(db, QUEUES.provisioningCall, data, MODULE_CALL_RETRY)
  return data
}
