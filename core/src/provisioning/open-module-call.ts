import type { DbClient } from '@berth/prisma'
import { DomainError } from '../shared'
import { PGBOSS_SCHEMA, QUEUES } from '../platform'

export interface OpenModuleCall {
  action: string
  transition: string | null
  state: string
}

/**
 * The module call still queued, waiting for a retry or running for a service, if any. A service runs
 * one module call at a time: two "suspend" clicks (or "activate" by staff while the paid invoice
 * activates it) would otherwise reach the host twice. Callers hold the service's row lock, so two
 * requests racing each other see one another's job once the first commits.
 */
export async function findOpenModuleCall(db: DbClient, serviceId: string): Promise<OpenModuleCall | null> {
  const rows = await db.$queryRawUnsafe<OpenModuleCall[]>(
    `SELECT "data"->>'action' AS "action", "data"->>'transition' AS "transition", "state"::text AS "state"
       FROM "${PGBOSS_SCHEMA}"."job"
      WHERE "name" = $1 AND "state" IN ('created', 'retry', 'active') AND "data"->>'serviceId' = $2
        -- a running job whose call has already landed is only waiting for pg-boss to mark it done
        AND NOT ("state" = 'active' AND EXISTS (
          SELECT 1 FROM "ModuleCall" AS "m"
           WHERE "m"."serviceId" = $2::uuid AND "m"."success" AND "m"."request"->>'idempotencyKey' = "job"."data"->>'requestId'))
      ORDER BY "created_on" LIMIT 1`,
    QUEUES.provisioningCall,
    serviceId,
  )
  return rows[0] ?? null
}

const STATE_WORDS: Record<string, string> = {
  created: 'queued',
  retry: 'waiting for a retry',
  active: 'running',
}

/** Refuses a new module call while another one for the service is still open. */
export async function assertNoOpenModuleCall(db: DbClient, serviceId: string): Promise<void> {
  const open = await findOpenModuleCall(db, serviceId)
  if (!open) return
  throw new DomainError(
    'INVALID_TRANSITION',
    `A "${open.action}" call for this service is already ${STATE_WORDS[open.state] ?? open.state}: wait for it to finish (or fail) before asking for another change.`,
  )
}
