import { z } from 'zod'
import {
  domainFulfilJobSchema,
  invoicePaidJobSchema,
  moduleCallJobSchema,
  QUEUES,
  type QueueName,
} from '@berth/core'

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

/** One provisioning module call; a retryable failure throws so pg-boss retries with backoff. */
export const provisioningCallJob = {
  queue: QUEUES.provisioningCall,
  payload: moduleCallJobSchema,
  batchSize: 1,
} satisfies JobDefinition<z.ZodType>

/** Billing marked an invoice paid: activate, unsuspend and move due dates (core's handleInvoicePaid). */
export const invoicePaidJob = {
  queue: QUEUES.invoicePaid,
  payload: invoicePaidJobSchema,
  batchSize: 5,
} satisfies JobDefinition<z.ZodType>

/**
 * The daily billing run (core's runDailyBilling): scheduled at `automation.runHour` in
 * `automation.timeZone` (the worker keeps the schedule in step with the settings); `asOf` runs it
 * for another date, otherwise it is today's date in that time zone. End-of-period cancellations,
 * which had their own cron here, are its first step.
 */
export const dailyBillingRunJob = {
  queue: QUEUES.billingRun,
  payload: z
    .object({
      asOf: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
      // who asked for it from the console (`staff:<id>`); the schedule leaves it out
      requestedBy: z
        .string()
        .regex(/^staff:[0-9a-f-]{36}$/)
        .optional(),
    })
    .passthrough(),
} satisfies JobDefinition<z.ZodType>

/** Hourly: remind staff of tickets waiting on them (core's sendUnansweredTicketReminders, once per waiting period). */
export const unansweredTicketRemindersJob = {
  queue: QUEUES.supportReminders,
  payload: z.object({}).passthrough(),
  cron: '7 * * * *',
} satisfies JobDefinition<z.ZodType>

/**
 * Weekly (Monday 04:23): refresh the IANA RDAP bootstrap file from `domains.rdapBootstrapUrl`
 * (core's refreshRdapBootstrapFile); a malformed file or a failed fetch keeps the one in use.
 */
export const rdapBootstrapRefreshJob = {
  queue: QUEUES.rdapBootstrapRefresh,
  payload: z.object({}).passthrough(),
  cron: '23 4 * * 1',
} satisfies JobDefinition<z.ZodType>

/** One paid DOMAIN invoice item: register, transfer or renew (core's fulfilPaidDomainItem); a registrar failure retries with backoff. */
export const domainFulfilJob = {
  queue: QUEUES.domainsFulfil,
  payload: domainFulfilJobSchema,
  batchSize: 1,
} satisfies JobDefinition<z.ZodType>
