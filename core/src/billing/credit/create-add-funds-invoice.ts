import { recordAuditEvent } from '../../audit'
import { requirePermission } from '../../access'
import { format } from '../../money'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { getSettings } from '../../settings'
import { getInvoiceById } from '../invoices/get-invoice'
import type { InvoiceDetail } from '../invoices/invoice-view'
import { publishDraft } from '../invoices/publish-invoice'
import { todayUtc } from '../shared/dates'
import { addFundsInput } from './schemas'

/**
 * A client adds funds to its account credit: an ADD_FUNDS invoice (published at once, due today,
 * no tax: tax is charged when the credit pays a taxed invoice) that the client pays through a
 * gateway; its payment becomes credit instead of settling items. Limits: `billing.addFundsMin`
 * and `billing.addFundsMax`, set per currency in minor units; a currency without limits cannot add
 * funds. Staff (`billing.manage`) may create one for a client too.
 */
export async function createAddFundsInvoice(ctx: Ctx, raw: unknown): Promise<InvoiceDetail> {
  if (ctx.actor.type !== 'client') requirePermission(ctx.actor, 'billing.manage')
  const input = parseInput(addFundsInput, raw)
  const clientId = ctx.actor.type === 'client' ? ctx.actor.clientId : input.clientId
  if (!clientId) throw new DomainError('VALIDATION_FAILED', 'Choose a client.', { field: 'clientId' })
  return inTransaction(ctx, async (tx) => {
    const client = await tx.db.client.findUnique({
      where: { id: clientId },
      select: { id: true, status: true, currency: { select: { code: true, exponent: true } } },
    })
    if (!client) throw new DomainError('NOT_FOUND', 'This client does not exist.', { field: 'clientId' })
    if (client.status !== 'ACTIVE')
      throw new DomainError('FORBIDDEN', 'This account cannot add funds while it is not active.')
    const settings = await getSettings(tx.db)
    const code = client.currency.code
    const min = settings['billing.addFundsMin'][code]
    const max = settings['billing.addFundsMax'][code]
    if (min === undefined || max === undefined)
      throw new DomainError('VALIDATION_FAILED', `Adding funds is not available in ${code}.`, {
        field: 'amount',
      })
    const show = (v: string) => format(BigInt(v), code, client.currency.exponent, settings['billing.locale'])
    if (input.amount < BigInt(min))
      throw new DomainError('VALIDATION_FAILED', `The minimum is ${show(min)}.`, { field: 'amount' })
    if (input.amount > BigInt(max))
      throw new DomainError('VALIDATION_FAILED', `The maximum is ${show(max)}.`, { field: 'amount' })
    const today = todayUtc()
    const invoice = await tx.db.invoice.create({
      data: {
        clientId: client.id,
        currencyCode: code,
        kind: 'ADD_FUNDS',
        status: 'DRAFT',
        issueDate: today,
        dueDate: today,
        items: {
          create: [
            {
              type: 'ADD_FUNDS',
              description: 'Add funds to account credit',
              quantity: 1,
              unitAmount: input.amount,
              amount: input.amount,
              isTaxable: false,
            },
          ],
        },
      },
      select: { id: true },
    })
    await recordAuditEvent(tx, {
      action: 'credit.add_funds.request',
      targetType: 'Invoice',
      targetId: invoice.id,
      clientId: client.id,
      after: { amount: input.amount, currency: code },
    })
    await publishDraft(tx, invoice.id, { sendEmail: false })
    return getInvoiceById(tx, invoice.id)
  })
}
