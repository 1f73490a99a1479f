import {
  NotFoundError,
  type ActionContext,
  type ActionRequest,
  type ActionResponse,
  type RecordActionResponse,
} from 'adminjs'
import {
  createInvoice,
  createInvoiceInput,
  getCreditBalance,
  getInvoice,
  getSettings,
  parseInput,
  toDecimalString,
  updateDraftInvoice,
  updateDraftInvoiceInput,
  type Ctx,
  type InvoiceItemInput,
} from '@berth/core'
import type { Db } from '@berth/prisma'
import { ctxFor } from '../auth/current-admin'
import { amountOf, IssueCollector, optionalText, payloadOf, textOf } from './billing-actions'
import { money } from './money'
import { toAdminError } from './core-actions'
import { withData } from './record-data'

/**
 * The invoice form (components/billing/invoice-form.tsx) as the server sees it: items with a
 * description, a quantity, a unit amount typed as decimal text in the client's currency (parsed
 * with parseAmount into minor units; a negative amount is a discount line) and a taxable flag;
 * issue and due dates; notes. New invoices are drafts (createInvoice); edits replace a draft's
 * items (updateDraftInvoice). Every amount that does not parse is reported on its own line, with
 * core's own checks of the other fields, and nothing is written.
 */

export const INVOICE_FORM_PARAM = 'berthInvoiceForm'

export interface InvoiceFormClient {
  id: string
  name: string
  currency: { code: string; exponent: number; symbol: string }
  credit: string
  paymentTermsDays: number
}

export interface InvoiceFormItem {
  description: string
  quantity: string
  unitAmount: string
  isTaxable: boolean
}

export interface InvoiceFormData {
  client: InvoiceFormClient
  items: InvoiceFormItem[]
  issueDate: string
  dueDate: string
  notes: string
  adminNotes: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

async function clientInfo(ctx: Ctx, clientId: string): Promise<InvoiceFormClient | null> {
  if (!UUID.test(clientId)) return null
  const c = await ctx.db.client.findUnique({
    where: { id: clientId },
    select: {
      id: true,
      companyName: true,
      currency: { select: { code: true, exponent: true, symbol: true } },
      users: {
        where: { isOwner: true },
        select: { firstName: true, lastName: true },
        orderBy: { createdAt: 'asc' },
        take: 1,
      },
    },
  })
  if (!c) return null
  const owner = c.users[0]
  const credit = await getCreditBalance(ctx, { clientId: c.id })
  const settings = await getSettings(ctx.db)
  return {
    id: c.id,
    name: c.companyName?.trim() || (owner ? `${owner.firstName} ${owner.lastName}` : 'Client'),
    currency: c.currency,
    credit: money(credit.balance, c.currency),
    paymentTermsDays: settings['billing.paymentTermsDays'],
  }
}

const flagOf = (value: unknown) => !(value === false || value === 'false' || value === 'off' || value === '0')

/** AdminJS sends arrays flattened (items.0.description); JSON posts keep them as arrays. */
function itemList(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value))
    return value.map((v) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {}))
  if (value && typeof value === 'object') {
    return Object.keys(value)
      .filter((k) => /^\d+$/.test(k))
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => ((value as Record<string, unknown>)[k] ?? {}) as Record<string, unknown>)
  }
  return []
}

function parseItems(
  payload: Record<string, unknown>,
  exponent: number,
  issues: IssueCollector,
): InvoiceItemInput[] {
  return itemList(payload.items).map((item, i) => {
    const unit = issues.take(() =>
      amountOf(item.unitAmount, exponent, `items.${i}.unitAmount`, { allowNegative: true }),
    )
    return {
      type: unit !== undefined && unit < 0n ? 'PROMOTION' : 'MANUAL',
      description: textOf(item.description),
      quantity: textOf(item.quantity),
      unitAmount: unit ?? 0n,
      isTaxable: flagOf(item.isTaxable),
    }
  })
}

/** `new`: GET ?clientId= answers the client's currency and credit for the form; POST creates the draft. */
export function invoiceNewHandler(db: Db) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<ActionResponse> => {
    const ctx = ctxFor(db, request)
    const payload = payloadOf(request)
    if (request.method !== 'post') {
      const clientId = textOf((request.query as Record<string, unknown> | undefined)?.clientId)
      return { client: clientId ? await clientInfo(ctx, clientId) : null }
    }
    const clientId = textOf(payload.clientId)
    const issues = new IssueCollector()
    let created: { id: string }
    try {
      const client = await clientInfo(ctx, clientId)
      if (!client) issues.issues.push({ field: 'clientId', message: 'Choose a client.' })
      const input = {
        clientId,
        items: parseItems(payload, client?.currency.exponent ?? 2, issues),
        issueDate: optionalText(payload.issueDate),
        dueDate: optionalText(payload.dueDate),
        notes: optionalText(payload.notes),
        adminNotes: optionalText(payload.adminNotes),
      }
      if (issues.issues.length) {
        try {
          parseInput(createInvoiceInput, input)
        } catch (error) {
          issues.absorb(error)
        }
        issues.throwIfAny()
      }
      created = await createInvoice(ctx, input)
    } catch (error) {
      toAdminError(error, {}, response as never)
    }
    const record = await context.resource.findOne(created.id, context)
    if (!record) throw new NotFoundError('The invoice is gone', 'invoice')
    return {
      record: record.toJSON(context.currentAdmin),
      redirectUrl: context.h.recordActionUrl({
        resourceId: context.resource.id(),
        recordId: created.id,
        actionName: 'show',
      }),
      notice: {
        message: 'The draft invoice was created. Publish it to number it and send it to the client.',
        type: 'success',
      },
    }
  }
}

/** The draft as the form edits it: amounts back to decimal text. */
export async function invoiceFormData(ctx: Ctx, invoiceId: string): Promise<InvoiceFormData> {
  const invoice = await getInvoice(ctx, { invoiceId })
  const client = await clientInfo(ctx, invoice.clientId)
  if (!client) throw new NotFoundError('The client is gone', 'invoice')
  const date = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '')
  return {
    client,
    items: invoice.items.map((i) => ({
      description: i.description,
      quantity: String(i.quantity),
      unitAmount: toDecimalString(i.unitAmount, invoice.currency.exponent),
      isTaxable: i.isTaxable,
    })),
    issueDate: date(invoice.issueDate),
    dueDate: date(invoice.dueDate),
    notes: invoice.notes ?? '',
    adminNotes: invoice.adminNotes ?? '',
  }
}

/** `edit` (drafts): GET returns the record with the form's data; POST replaces the draft's items, dates and notes. */
export function invoiceEditHandler(db: Db) {
  return async (
    request: ActionRequest,
    response: unknown,
    context: ActionContext,
  ): Promise<RecordActionResponse> => {
    const record = context.record
    if (!record) throw new NotFoundError('Record not found', 'edit')
    const id = String(record.id())
    const ctx = ctxFor(db, request)
    if (request.method !== 'post') {
      let data: InvoiceFormData
      try {
        data = await invoiceFormData(ctx, id)
      } catch (error) {
        toAdminError(error, {}, response as never)
      }
      return { record: withData(record.toJSON(context.currentAdmin), INVOICE_FORM_PARAM, data) }
    }
    const payload = payloadOf(request)
    const issues = new IssueCollector()
    try {
      const exponent = (
        await ctx.db.currency.findUniqueOrThrow({
          where: { code: String(record.param('currencyCode')) },
          select: { exponent: true },
        })
      ).exponent
      const text = (v: unknown) => (textOf(v) === '' ? null : textOf(v))
      const input = {
        invoiceId: id,
        items: parseItems(payload, exponent, issues),
        ...(Object.hasOwn(payload, 'issueDate') ? { issueDate: text(payload.issueDate) } : {}),
        ...(optionalText(payload.dueDate) ? { dueDate: optionalText(payload.dueDate) } : {}),
        ...(Object.hasOwn(payload, 'notes') ? { notes: text(payload.notes) } : {}),
        ...(Object.hasOwn(payload, 'adminNotes') ? { adminNotes: text(payload.adminNotes) } : {}),
      }
      if (issues.issues.length) {
        try {
          parseInput(updateDraftInvoiceInput, input)
        } catch (error) {
          issues.absorb(error)
        }
        issues.throwIfAny()
      }
      await updateDraftInvoice(ctx, input)
    } catch (error) {
      toAdminError(error, {}, response as never)
    }
    const fresh = await context.resource.findOne(id, context)
    if (!fresh) throw new NotFoundError('The invoice is gone', 'invoice')
    return {
      record: fresh.toJSON(context.currentAdmin),
      redirectUrl: context.h.recordActionUrl({
        resourceId: context.resource.id(),
        recordId: id,
        actionName: 'show',
      }),
      notice: { message: 'The draft was saved.', type: 'success' },
    }
  }
}
