import { handleInvoicePaid, type InvoicePaidResult } from '@berth/core'
import { getDb } from '@berth/prisma'
import { invoicePaidJob } from '../definitions'

/** An invoice became paid: core activates the order's services, unsuspends, moves due dates. */
export async function handleInvoicePaidJob(data: unknown): Promise<InvoicePaidResult> {
  return handleInvoicePaid(getDb(), invoicePaidJob.payload.parse(data))
}
