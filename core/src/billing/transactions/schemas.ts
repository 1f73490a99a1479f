import { z } from 'zod'
import { dateOnlySchema } from '../shared/dates'

export const transactionFiltersInput = z
  .object({
    /** staff only; a client always gets its own */
    clientId: z.string().trim().uuid().optional(),
    invoiceId: z.string().trim().uuid().optional(),
    gateway: z.string().trim().min(1).max(40).optional(),
    type: z.enum(['PAYMENT', 'REFUND', 'CHARGEBACK', 'CHARGEBACK_REVERSAL']).optional(),
    /** inclusive calendar dates (UTC) */
    from: dateOnlySchema.optional(),
    to: dateOnlySchema.optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, {
    message: 'The start date is after the end date.',
    path: ['to'],
  })
export type TransactionFiltersInput = z.input<typeof transactionFiltersInput>
