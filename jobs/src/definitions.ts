import { z } from 'zod'
import { QUEUES, type QueueName } from '@berth/core'

/** Every job: its queue, payload schema and (for scheduled ones) cron in the server's time zone. */
export interface JobDefinition<P extends z.ZodType> {
  queue: QueueName
  payload: P
  cron?: string
  batchSize?: number
}

export const sendEmailJob = {
  queue: QUEUES.sendEmail,
  payload: z.object({ emailLogId: z.string().uuid() }),
  batchSize: 5,
} satisfies JobDefinition<z.ZodType>

export const purgeExpiredJob = {
  queue: QUEUES.purgeExpired,
  payload: z.object({}).passthrough(),
  cron: '17 3 * * *',
} satisfies JobDefinition<z.ZodType>
