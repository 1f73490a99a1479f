import { z } from 'zod'
import { positiveMinorUnitsSchema } from '../../money'

const uuid = z.string().trim().uuid('Choose an existing record.')
const reason = z
  .string()
  .trim()
  .min(3, 'Give a reason (at least 3 characters).')
  .max(500, 'At most 500 characters.')

export const adjustCreditInput = z.object({
  clientId: uuid,
  /** minor units of the client's currency */
  amount: positiveMinorUnitsSchema,
  reason,
})
export type AdjustCreditInput = z.input<typeof adjustCreditInput>

export const applyCreditInput = z.object({
  invoiceId: uuid,
  /** minor units; left out = as much as possible (the smaller of the credit and the invoice balance) */
  amount: positiveMinorUnitsSchema.optional(),
})
export type ApplyCreditInput = z.input<typeof applyCreditInput>

export const creditQueryInput = z.object({
  /** staff only; a client always gets its own */
  clientId: uuid.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
})
export type CreditQueryInput = z.input<typeof creditQueryInput>

export const addFundsInput = z.object({
  /** minor units of the client's currency */
  amount: positiveMinorUnitsSchema,
  /** staff only: add funds for this client */
  clientId: uuid.optional(),
})
export type AddFundsInput = z.input<typeof addFundsInput>
