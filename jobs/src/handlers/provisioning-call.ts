import { runModuleCall, type ModuleCallResult } from '@berth/core'
import { getDb } from '@berth/prisma'
import { provisioningCallJob } from '../definitions'

/**
 * Runs one module call through core (which records it and applies the outcome). A retryable
 * failure (timeout, network error, 5xx) is thrown so pg-boss retries the job with backoff; the
 * retries keep the request's idempotency key.
 */
export async function handleProvisioningCall(data: unknown): Promise<ModuleCallResult> {
  const job = provisioningCallJob.payload.parse(data)
  const result = await runModuleCall(getDb(), job)
  if (result.outcome === 'failed' && result.retryable)
    throw new Error(`provisioning ${job.action} for service ${job.serviceId} failed: ${result.message}`)
  return result
}
