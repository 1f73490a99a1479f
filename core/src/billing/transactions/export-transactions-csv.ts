import { DomainError, parseInput, type Ctx } from '../../shared'
import { toDecimalString } from '../../money'
import { requireBillingActor } from '../shared/access'
import { toTransactionView, transactionSelect, transactionWhere } from './list-transactions'
import { transactionFiltersInput } from './schemas'

export const CSV_EXPORT_LIMIT = 100_000

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, quotes doubled. Text
 * that a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a leading
 * apostrophe, so a client's company name cannot become a formula in staff's spreadsheet.
 */
export function csvField(value: string, options: { isText: boolean } = { isText: true }): string {
  let v = value
  if (options.isText && /^[=+\-@\t\r]/.test(v)) v = `'${v}`
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v
}

const HEADER = [
  'Date',
  'Transaction ID',
  'Type',
  'Status',
  'Client ID',
  'Client',
  'Invoice',
  'Gateway',
  'Gateway reference',
  'Currency',
  'Amount',
  'Fee',
  'Description',
]

/**
 * The transactions matching the filters (all pages, newest first) as CSV: CRLF line ends, amounts
 * as decimal strings in each currency's exponent ("12.34", JPY "1234"), dates in ISO 8601 UTC.
 * A client exports its own; staff need `billing.view`.
 */
export async function exportTransactionsCsv(ctx: Ctx, raw: unknown = {}): Promise<string> {
  requireBillingActor(ctx.actor, 'billing.view')
  const f = parseInput(transactionFiltersInput, raw ?? {})
  const where = transactionWhere(ctx, f)
  const count = await ctx.db.transaction.count({ where })
  if (count > CSV_EXPORT_LIMIT)
    throw new DomainError(
      'VALIDATION_FAILED',
      `That is ${count} transactions; narrow the dates to export at most ${CSV_EXPORT_LIMIT}.`,
      { field: 'from' },
    )
  const rows = await ctx.db.transaction.findMany({
    where,
    select: transactionSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  })
  const lines = [HEADER.map((h) => csvField(h)).join(',')]
  for (const t of rows.map(toTransactionView)) {
    lines.push(
      [
        csvField(t.createdAt.toISOString(), { isText: false }),
        csvField(t.id, { isText: false }),
        csvField(t.type),
        csvField(t.status),
        csvField(t.clientId, { isText: false }),
        csvField(t.clientName),
        csvField(t.invoiceNumber ?? ''),
        csvField(t.gateway),
        csvField(t.gatewayTransactionId),
        csvField(t.currency.code),
        csvField(toDecimalString(t.amount, t.currency.exponent), { isText: false }),
        csvField(toDecimalString(t.fee, t.currency.exponent), { isText: false }),
        csvField(t.description ?? ''),
      ].join(','),
    )
  }
  return `${lines.join('\r\n')}\r\n`
}
