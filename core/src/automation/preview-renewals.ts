import type { Db, DbClient } from '@berth/prisma'
import { z } from 'zod'
import { requirePermission } from '../access'
import { dateOnlySchema } from '../billing'
import { formatDateOnly } from '../catalog'
import { systemCtx, parseInput, type Ctx } from '../shared'
import { lockClients } from '../pipeline'
import { billClientRenewals, renewalInvoicesStep } from './steps/renewal-invoices'

export const previewRenewalsInput = z.object({
  /** the run's date: what the renewal step would invoice if the run ran as of this day */
  asOf: dateOnlySchema,
  /** at most this many clients are previewed (the list says when there were more) */
  limit: z.number().int().min(1).max(1000).default(200),
})

export interface PreviewItem {
  type: string
  description: string
  serviceId: string | null
  serviceAddonId: string | null
  /** a domain renewal line (grouped with the client's other renewals, as the run bills it) */
  domainId: string | null
  periodStart: string | null
  periodEnd: string | null
  /** minor units */
  amount: string
}

export interface PreviewInvoice {
  dueDate: string
  currency: string
  /** minor units, as strings: tax computed on the run's date, as the run will */
  subtotal: string
  tax: string
  total: string
  items: PreviewItem[]
}

export interface RenewalPreview {
  asOf: string
  clients: { clientId: string; clientName: string; invoices: PreviewInvoice[] }[]
  /** clients the run would record as failed items, with the reason */
  failures: { clientId: string; reason: string }[]
  totals: { currency: string; invoices: number; subtotal: string; tax: string; total: string }[]
  /** more clients were due than `limit`: the list and totals cover the first ones only */
  truncated: boolean
}

/** Thrown to end a dry-run transaction: carries its result out while everything it wrote rolls back. */
class DryRun<T> extends Error {
  constructor(readonly result: T) {
    super('dry run: rolled back')
  }
}

const isRoot = (db: Db | DbClient): db is Db => typeof (db as Db).$transaction === 'function'

/**
 * "What would be invoiced on date D", nothing written. The renewal step's own selection picks the
 * clients; for each, the step's own `billClientRenewals` bills them in a transaction (under the
 * same per-client lock the run takes) that is always rolled back, after reading what it created.
 * So the preview is exactly what the run would create then (amounts, promotions, tax of the day,
 * grouping by due date), and no invoice, item, email, job or audit event survives it. (A rolled-back
 * insert still advances PostgreSQL sequences: AuditEvent ids may skip numbers; invoice numbers come
 * from a counter row and do not.) Needs `automation.run`, like "Run now".
 */
export async function previewRenewals(ctx: Ctx, raw: unknown): Promise<RenewalPreview> {
  requirePermission(ctx.actor, 'automation.run')
  const input = parseInput(previewRenewalsInput, raw)
  const db = ctx.db
  if (!isRoot(db))
    throw new Error('previewRenewals runs its own rolled-back transactions: give it the root client')
  const asOf = input.asOf

  const clientIds: string[] = []
  let truncated = false
  for (let afterKey: string | null = null; ;) {
    const batch = await renewalInvoicesStep.select(db, asOf, afterKey, 100)
    for (const item of batch) {
      if (clientIds.length === input.limit) {
        truncated = true
        break
      }
      clientIds.push(item.clientId)
    }
    if (truncated || batch.length < 100) break
    afterKey = batch[batch.length - 1]!.key
  }

  const preview: RenewalPreview = {
    asOf: formatDateOnly(asOf),
    clients: [],
    failures: [],
    totals: [],
    truncated,
  }
  for (const clientId of clientIds) {
    try {
      const invoices = await dryRunClient(db, clientId, asOf)
      if (invoices.length)
        preview.clients.push({ clientId, clientName: await clientName(db, clientId), invoices })
    } catch (error) {
      // The run would record this client as a failed item and go on: so does the preview.
      preview.failures.push({
        clientId,
        reason: (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 500),
      })
    }
  }

  const totals = new Map<string, { invoices: number; subtotal: bigint; tax: bigint; total: bigint }>()
  for (const c of preview.clients) {
    for (const inv of c.invoices) {
      const t = totals.get(inv.currency) ?? { invoices: 0, subtotal: 0n, tax: 0n, total: 0n }
      t.invoices += 1
      t.subtotal += BigInt(inv.subtotal)
      t.tax += BigInt(inv.tax)
      t.total += BigInt(inv.total)
      totals.set(inv.currency, t)
    }
  }
  preview.totals = [...totals]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([currency, t]) => ({
      currency,
      invoices: t.invoices,
      subtotal: String(t.subtotal),
      tax: String(t.tax),
      total: String(t.total),
    }))
  return preview
}

async function dryRunClient(db: Db, clientId: string, asOf: Date): Promise<PreviewInvoice[]> {
  try {
    await db.$transaction(
      async (tx) => {
        await lockClients(tx, [clientId])
        const before = await tx.invoice.findMany({ where: { clientId }, select: { id: true } })
        // As the run does it: the system bills (the staff member's permission was checked above).
        await billClientRenewals(
          { ...systemCtx(tx, `billing-run preview ${formatDateOnly(asOf)}`), db: tx },
          clientId,
          asOf,
        )
        const created = await tx.invoice.findMany({
          where: { clientId, id: { notIn: before.map((i) => i.id) } },
          orderBy: [{ dueDate: 'asc' }, { id: 'asc' }],
          select: {
            dueDate: true,
            currencyCode: true,
            subtotal: true,
            taxTotal: true,
            total: true,
            items: {
              orderBy: { sortOrder: 'asc' },
              select: {
                type: true,
                description: true,
                serviceId: true,
                serviceAddonId: true,
                domainId: true,
                periodStart: true,
                periodEnd: true,
                amount: true,
              },
            },
          },
        })
        throw new DryRun(
          created.map((inv): PreviewInvoice => ({
            dueDate: formatDateOnly(inv.dueDate),
            currency: inv.currencyCode.trim(),
            subtotal: String(inv.subtotal),
            tax: String(inv.taxTotal),
            total: String(inv.total),
            items: inv.items.map((i) => ({
              type: i.type,
              description: i.description,
              serviceId: i.serviceId,
              serviceAddonId: i.serviceAddonId,
              domainId: i.domainId,
              periodStart: i.periodStart ? formatDateOnly(i.periodStart) : null,
              periodEnd: i.periodEnd ? formatDateOnly(i.periodEnd) : null,
              amount: String(i.amount),
            })),
          })),
        )
      },
      { timeout: 120_000, maxWait: 10_000 },
    )
  } catch (error) {
    if (error instanceof DryRun) return error.result as PreviewInvoice[]
    throw error
  }
  throw new Error('dry run was not rolled back')
}

async function clientName(db: Db, clientId: string): Promise<string> {
  const c = await db.client.findUniqueOrThrow({
    where: { id: clientId },
    select: {
      companyName: true,
      users: { take: 1, orderBy: { createdAt: 'asc' }, select: { firstName: true, lastName: true } },
    },
  })
  const owner = c.users[0]
  return c.companyName?.trim() || (owner ? `${owner.firstName} ${owner.lastName}`.trim() : '') || 'Client'
}
