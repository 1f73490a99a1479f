import type { DbClient, InvoiceItemType } from '@berth/prisma'
import { recordAuditEvent } from '../../audit'
import type { Ctx } from '../../shared'
import { getSettings } from '../../settings'
import { todayUtc } from '../shared/dates'
import { priceInvoice } from './price-invoice'
import { publishDraft } from './publish-invoice'

/**
 * Added by the products-and-services work (orders/checkout, package changes): an invoice for a
 * client's services, created and published inside the caller's transaction, with items linked to
 * their service or addon and billing period, so (serviceId, type, periodStart) keeps a period from
 * being billed twice. Numbering, tax, totals, the paid-when-zero rule, credit and the email are
 * publishDraft's, unchanged. Callers check their own permissions (a client checking out, staff
 * changing a package).
 */
export interface ServiceInvoiceItem {
  type: Extract<
    InvoiceItemType,
    'SERVICE' | 'SETUP_FEE' | 'ADDON' | 'PROMOTION' | 'PRORATION' | 'DOMAIN' | 'MANUAL'
  >
  description: string
  quantity?: number
  /** minor units; negative only for PROMOTION */
  unitAmount: bigint
  isTaxable: boolean
  serviceId?: string | null
  serviceAddonId?: string | null
  /** DOMAIN items: the domain, so (domainId, type, periodStart) keeps a period from being billed twice */
  domainId?: string | null
  periodStart?: Date | null
  periodEnd?: Date | null
}

export interface ServiceInvoiceInput {
  clientId: string
  orderId?: string | null
  items: readonly ServiceInvoiceItem[]
  /** defaults to today: order and upgrade invoices are due at once */
  dueDate?: Date
  /** defaults to today at publish; the daily run passes its own date */
  issueDate?: Date
  notes?: string | null
  sendEmail?: boolean
}

export async function createServiceInvoice(
  tx: Ctx & { db: DbClient },
  input: ServiceInvoiceInput,
): Promise<{
  id: string
  number: string | null
  status: string
  total: bigint
  balance: bigint
  currencyCode: string
}> {
  const client = await tx.db.client.findUniqueOrThrow({
    where: { id: input.clientId },
    select: { currencyCode: true },
  })
  const settings = await getSettings(tx.db)
  const invoice = await tx.db.invoice.create({
    data: {
      clientId: input.clientId,
      orderId: input.orderId ?? null,
      currencyCode: client.currencyCode,
      status: 'DRAFT',
      kind: 'STANDARD',
      taxMode: settings['billing.taxMode'],
      dueDate: input.dueDate ?? todayUtc(),
      issueDate: input.issueDate ?? null,
      notes: input.notes ?? null,
    },
    select: { id: true },
  })
  await tx.db.invoiceItem.createMany({
    data: input.items.map((item, i) => {
      const quantity = item.quantity ?? 1
      return {
        invoiceId: invoice.id,
        type: item.type,
        description: item.description.slice(0, 500),
        quantity,
        unitAmount: item.unitAmount,
        amount: item.unitAmount * BigInt(quantity),
        isTaxable: item.isTaxable,
        serviceId: item.serviceId ?? null,
        serviceAddonId: item.serviceAddonId ?? null,
        domainId: item.domainId ?? null,
        periodStart: item.periodStart ?? null,
        periodEnd: item.periodEnd ?? null,
        sortOrder: i,
      }
    }),
  })
  const totals = await priceInvoice(tx.db, invoice.id)
  await recordAuditEvent(tx, {
    action: 'invoice.create',
    targetType: 'Invoice',
    targetId: invoice.id,
    clientId: input.clientId,
    after: {
      status: 'DRAFT',
      orderId: input.orderId ?? null,
      currency: client.currencyCode,
      items: input.items.length,
      subtotal: totals.subtotal,
      taxTotal: totals.taxTotal,
      total: totals.total,
    },
  })
  await publishDraft(tx, invoice.id, { sendEmail: input.sendEmail ?? true })
  const published = await tx.db.invoice.findUniqueOrThrow({
    where: { id: invoice.id },
    select: { id: true, number: true, status: true, total: true, balance: true, currencyCode: true },
  })
  return published
}
