import { purgeExpiredRecords } from '@berth/core'
import { getDb } from '@berth/prisma'

/** Daily: drop expired sessions, used/expired single-use tokens and old login attempts; expire unpaid package changes. */
export async function handlePurgeExpired(): Promise<Record<string, number>> {
  return purgeExpiredRecords(getDb())
}
