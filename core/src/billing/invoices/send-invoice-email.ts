import { requirePermission } from '../../access'
import { recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { invoiceNotFound } from '../shared/access'
import { queueInvoiceCreatedEmail } from '../shared/emails'
import { invoiceIdInput } from './schemas'

/** Staff send (or resend) the invoice email to the client's billing recipients. */
export async function sendInvoiceEmail(
  ctx: Ctx,
  raw: unknown,
): Promise<{ invoiceId: string; recipients: number }> {
  requirePermission(ctx.actor, 'billing.manage')
  const input = parseInput(invoiceIdInput, raw)
  return inTransaction(ctx, async (tx) => {
    const inv = await tx.db.invoice.findUnique({
      where: { id: input.invoiceId },
      select: { id: true, clientId: true, status: true, number: true },
    })
    if (!inv) throw invoiceNotFound()
    if (inv.status === 'DRAFT')
      throw new DomainError('INVALID_TRANSITION', 'Publish the draft before sending it.')
    const recipients = await queueInvoiceCreatedEmail(tx.db, inv.id)
    if (recipients === 0)
      throw new DomainError(
        'VALIDATION_FAILED',
        'This client has no active owner login or invoice contact to email.',
      )
    await recordAuditEvent(tx, {
      action: 'invoice.email.send',
      targetType: 'Invoice',
      targetId: inv.id,
      clientId: inv.clientId,
      after: { number: inv.number, recipients },
    })
    return { invoiceId: inv.id, recipients }
  })
}
