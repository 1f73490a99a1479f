import { processDueCancellations } from '@berth/core'
import { getDb } from '@berth/prisma'

/** Daily: cancel services whose end-of-period cancellation has come due. */
export async function handleProcessCancellations(): Promise<Record<string, number>> {
  const result = await processDueCancellations(getDb())
  return { cancelled: result.cancelled, errors: result.errors.length }
}
