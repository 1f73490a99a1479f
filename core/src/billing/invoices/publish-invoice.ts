import type { DbClient } from '@berth/prisma'
import { requirePermission } from '../../access'
import { recordAuditEvent } from '../../audit'
import { enqueue, QUEUES } from '../../platform'
import { inTransaction, parseInput, type Ctx } from '../../shared'
import { getSettings, type Settings } from '../../settings'
import { readCreditBalance } from '../credit/ledger'
import { spendCreditOnInvoice } from '../credit/spend-credit-on-invoice'
import { invoiceNotFound, lockInvoice } from '../shared/access'
import { todayUtc } from '../shared/dates'
import { queueInvoiceCreatedEmail } from '../shared/emails'
import { assertTransition } from '../shared/invoice-status'
import { getInvoiceById } from './get-invoice'
import { clientDisplayName, type InvoiceDetail, type PartyDetails } from './invoice-view'
import { formatInvoiceNumber, takeSequenceValue } from './invoice-number'
import { priceInvoice } from './price-invoice'
import { invoiceIdInput } from './schemas'
import { notADraft } from './update-draft-invoice'

export function sellerDetails(settings: Settings): PartyDetails {
  return {
    name: settings['company.name'],
    lines: settings['company.address']
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    country: settings['company.country'],
    taxId: settings['company.taxId'] || null,
    email: settings['company.email'],
  }
}

/** What buyerDetails reads of a client (the daily run loads it for a whole batch at once). */
export const buyerDetailsSelect = {
  companyName: true,
  address1: true,
  address2: true,
  city: true,
  state: true,
  postcode: true,
  country: true,
  taxId: true,
  users: {
    where: { isOwner: true },
    select: { firstName: true, lastName: true, email: true },
    orderBy: { createdAt: 'asc' },
    take: 1,
  },
} as const

async function buyerDetails(db: DbClient, clientId: string): Promise<PartyDetails> {
  const c = await db.client.findUniqueOrThrow({ where: { id: clientId }, select: buyerDetailsSelect })
  return buyerDetailsOf(c)
}

export function buyerDetailsOf(c: {
  companyName: string | null
  address1: string
  address2: string | null
  city: string
  state: string | null
  postcode: string | null
  country: string
  taxId: string | null
  users: { firstName: string; lastName: string; email: string }[]
}): PartyDetails {
  const owner = c.users[0]
  const person = owner ? `${owner.firstName} ${owner.lastName}`.trim() : ''
  const lines = [
    c.companyName ? person : '',
    c.address1,
    c.address2 ?? '',
    [c.city, c.state, c.postcode].filter(Boolean).join(' '),
  ].filter((l) => l.trim())
  return {
    name: clientDisplayName(c),
    lines,
    country: c.country,
    taxId: c.taxId?.trim() || null,
    email: owner?.email ?? null,
  }
}

export interface PublishOptions {
  /** queue the "invoice created" email (not for add-funds invoices the client is paying right now) */
  sendEmail?: boolean
}

/**
 * Publishes a locked draft inside the caller's transaction: recompute totals with today's rules,
 * take the next number from the locked sequence row (a rollback gives it back: no gaps), copy the
 * seller's and buyer's details, set UNPAID (PAID when the total is 0), apply account credit when
 * `billing.autoApplyCredit` is on, queue the email. Internal: publishInvoice and add funds use it.
 */
export async function publishDraft(
  tx: Ctx & { db: DbClient },
  invoiceId: string,
  options: PublishOptions = {},
): Promise<void> {
  if (!(await lockInvoice(tx.db, invoiceId))) throw invoiceNotFound()
  const draft = await tx.db.invoice.findUniqueOrThrow({
    where: { id: invoiceId },
    select: {
      id: true,
      clientId: true,
      kind: true,
      status: true,
      issueDate: true,
      dueDate: true,
      currencyCode: true,
    },
  })
  if (draft.status !== 'DRAFT') throw notADraft()
  const settings = await getSettings(tx.db)
  const totals = await priceInvoice(tx.db, invoiceId)
  const issueDate = draft.issueDate ?? todayUtc()
  const dueDate = draft.dueDate < issueDate ? issueDate : draft.dueDate
  const number = formatInvoiceNumber(
    settings['billing.invoiceNumberFormat'],
    await takeSequenceValue(tx.db, 'invoice'),
    issueDate,
  )
  const isFree = totals.total === 0n
  const status = isFree ? 'PAID' : 'UNPAID'
  assertTransition('DRAFT', status)
  const now = new Date()
  await tx.db.invoice.update({
    where: { id: invoiceId },
    data: {
      number,
      status,
      issueDate,
      dueDate,
      publishedAt: now,
      balance: totals.total,
      amountPaid: 0n,
      sellerDetails: sellerDetails(settings) as object,
      buyerDetails: (await buyerDetails(tx.db, draft.clientId)) as object,
      ...(isFree ? { paidAt: now } : {}),
    },
  })
  await recordAuditEvent(tx, {
    action: 'invoice.publish',
    targetType: 'Invoice',
    targetId: invoiceId,
    clientId: draft.clientId,
    before: { status: 'DRAFT' },
    after: {
      status,
      number,
      issueDate,
      dueDate,
      subtotal: totals.subtotal,
      taxTotal: totals.taxTotal,
      total: totals.total,
      currency: draft.currencyCode,
      isReverseCharge: totals.isReverseCharge,
    },
  })
  if (isFree)
    await enqueue(tx.db, QUEUES.invoicePaid, { invoiceId, clientId: draft.clientId, kind: draft.kind })
  if (!isFree && draft.kind === 'STANDARD' && settings['billing.autoApplyCredit']) {
    const available = await readCreditBalance(tx.db, draft.clientId, draft.currencyCode)
    const amount = available < totals.total ? available : totals.total
    if (amount > 0n) await spendCreditOnInvoice(tx, { invoiceId, amount, sendReceipt: false })
  }
  if (options.sendEmail ?? true) await queueInvoiceCreatedEmail(tx.db, invoiceId)
}

/** Staff publish a draft: it gets its number and the client sees it (and gets the email). */
export async function publishInvoice(ctx: Ctx, raw: unknown): Promise<InvoiceDetail> {
  requirePermission(ctx.actor, 'billing.manage')
  const input = parseInput(invoiceIdInput, raw)
  return inTransaction(ctx, async (tx) => {
    await publishDraft(tx, input.invoiceId)
    return getInvoiceById(tx, input.invoiceId)
  })
}
