import { sendUnansweredTicketReminders } from '@berth/core'
import { getDb } from '@berth/prisma'

/** Hourly: core records the JobRun (keyed by the hour) and claims one reminder per ticket and waiting period. */
export async function handleUnansweredTicketReminders(now: Date = new Date()) {
  return sendUnansweredTicketReminders(getDb(), now)
}
