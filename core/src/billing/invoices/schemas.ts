import { z } from 'zod'
import { MAX_AMOUNT, minorUnitsSchema, positiveMinorUnitsSchema } from '../../money'
import { dateOnlySchema } from '../shared/dates'

const uuid = z.string().trim().uuid('Choose an existing record.')

/**
 * An invoice line as staff enter it. Amounts are minor units (cents). A MANUAL line is zero or
 * positive; a PROMOTION line (a discount) is zero or negative. Credit is never an invoice line: it
 * is applied as a payment (docs/decisions/0012-money-and-tax.md).
 */
export const invoiceItemInput = z
  .object({
    type: z.enum(['MANUAL', 'PROMOTION']).default('MANUAL'),
    description: z.string().trim().min(1, 'Describe the item.').max(500, 'At most 500 characters.'),
    quantity: z.coerce
      .number()
      .int('The quantity must be a whole number.')
      .min(1, 'The quantity must be at least 1.')
      .max(100_000, 'The quantity is too large.'),
    unitAmount: minorUnitsSchema,
    isTaxable: z.boolean().default(true),
  })
  .superRefine((item, ctx) => {
    if (typeof item.unitAmount !== 'bigint' || !Number.isInteger(item.quantity)) return // already refused field by field
    if (item.type === 'MANUAL' && item.unitAmount < 0n) {
      ctx.addIssue({
        code: 'custom',
        path: ['unitAmount'],
        message: 'A price cannot be negative; add a discount (promotion) line instead.',
      })
    }
    if (item.type === 'PROMOTION' && item.unitAmount > 0n) {
      ctx.addIssue({
        code: 'custom',
        path: ['unitAmount'],
        message: 'A discount line has a negative amount.',
      })
    }
    const amount = item.unitAmount * BigInt(item.quantity)
    if (amount > MAX_AMOUNT || amount < -MAX_AMOUNT)
      ctx.addIssue({ code: 'custom', path: ['unitAmount'], message: 'The amount is too large.' })
  })

export type InvoiceItemInput = z.input<typeof invoiceItemInput>

const items = z.array(invoiceItemInput).min(1, 'Add at least one item.').max(200, 'At most 200 items.')
const notes = z.string().trim().max(5000, 'At most 5000 characters.')

function datesInOrder<T extends { issueDate?: Date | undefined; dueDate?: Date | undefined }>(
  v: T,
  ctx: z.RefinementCtx,
) {
  if (v.issueDate && v.dueDate && v.dueDate < v.issueDate)
    ctx.addIssue({
      code: 'custom',
      path: ['dueDate'],
      message: 'The due date cannot be before the issue date.',
    })
}

export const createInvoiceInput = z
  .object({
    clientId: uuid,
    items,
    /** defaults to the publish date */
    issueDate: dateOnlySchema.optional(),
    /** defaults to issue date + `billing.paymentTermsDays` */
    dueDate: dateOnlySchema.optional(),
    notes: notes.optional(),
    adminNotes: notes.optional(),
  })
  .superRefine(datesInOrder)
export type CreateInvoiceInput = z.input<typeof createInvoiceInput>

export const updateDraftInvoiceInput = z
  .object({
    invoiceId: uuid,
    /** replaces every item when given */
    items: items.optional(),
    issueDate: dateOnlySchema.nullable().optional(),
    dueDate: dateOnlySchema.optional(),
    notes: notes.nullable().optional(),
    adminNotes: notes.nullable().optional(),
  })
  .superRefine((v, ctx) => datesInOrder({ issueDate: v.issueDate ?? undefined, dueDate: v.dueDate }, ctx))
export type UpdateDraftInvoiceInput = z.input<typeof updateDraftInvoiceInput>

export const invoiceIdInput = z.object({ invoiceId: uuid })
export type InvoiceIdInput = z.input<typeof invoiceIdInput>

export const cancelInvoiceInput = z.object({ invoiceId: uuid, reason: z.string().trim().max(500).optional() })
export type CancelInvoiceInput = z.input<typeof cancelInvoiceInput>

export const MANUAL_METHODS = {
  bank_transfer: 'Bank transfer',
  cash: 'Cash',
  cheque: 'Cheque',
  other: 'Other',
} as const
export type ManualMethod = keyof typeof MANUAL_METHODS

export const recordManualPaymentInput = z.object({
  invoiceId: uuid,
  method: z.enum(Object.keys(MANUAL_METHODS) as [ManualMethod, ...ManualMethod[]]),
  amount: positiveMinorUnitsSchema,
  /** the bank or cheque reference; unique per manual payment when given */
  reference: z.string().trim().min(1).max(100).optional(),
  /** the day the money arrived; defaults to today */
  paidOn: dateOnlySchema.optional(),
  fee: minorUnitsSchema.refine((v) => v >= 0n, 'A fee cannot be negative.').optional(),
  note: z.string().trim().max(500).optional(),
})
export type RecordManualPaymentInput = z.input<typeof recordManualPaymentInput>

export const INVOICE_LIST_FILTERS = [
  'all',
  'paid',
  'unpaid',
  'overdue',
  'draft',
  'cancelled',
  'refunded',
  'collections',
] as const

export const listInvoicesInput = z.object({
  /** staff only: one client's invoices */
  clientId: uuid.optional(),
  /** unpaid = UNPAID or in collections (overdue included) */
  filter: z.enum(INVOICE_LIST_FILTERS).default('all'),
  kind: z.enum(['STANDARD', 'ADD_FUNDS']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
})
export type ListInvoicesInput = z.input<typeof listInvoicesInput>
