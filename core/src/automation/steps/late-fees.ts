import { recordAuditEvent } from '../../audit'
import { priceInvoice } from '../../billing'
import { addDays } from '../../catalog'
import { applyRate } from '../../money'
import { getSettings, type Settings } from '../../settings'
import { defineStep, type DueItem } from '../../pipeline'
import { lockOwingInvoice, queueDunningEmail } from './dunning'

/** The fee for a balance: FIXED per currency, or PERCENT of the balance but at least the minimum. 0: none. */
export function lateFeeFor(settings: Settings, balance: bigint, currency: string): bigint {
  const type = settings['billing.lateFeeType']
  if (type === 'NONE') return 0n
  if (type === 'FIXED') return BigInt(settings['billing.lateFeeFixed'][currency] ?? '0')
  const fee = applyRate(balance, settings['billing.lateFeePercent'])
  const minimum = BigInt(settings['billing.lateFeeMinimum'][currency] ?? '0')
  return fee > minimum ? fee : minimum
}

/**
 * Late fees: `billing.lateFeeDays` days after the due date, once per invoice (InvoiceLateFee's key is
 * the invoice), a LATE_FEE item (not taxed) and the totals priced again by billing's priceInvoice;
 * the client is emailed. Off while `billing.lateFeeType` is NONE.
 */
export const lateFeesStep = defineStep<DueItem>({
  name: 'late-fees',
  async select(db, asOf, afterKey, limit) {
    const s = await getSettings(db)
    if (s['billing.lateFeeType'] === 'NONE') return []
    const rows = await db.$queryRaw<{ id: string; clientId: string }[]>`
      SELECT i."id"::text AS "id", i."clientId"::text AS "clientId" FROM "Invoice" i
      WHERE i."status" = 'UNPAID' AND i."kind" = 'STANDARD' AND i."balance" > 0 AND i."dueDate" + ${s['billing.lateFeeDays']}::int <= ${asOf}::date
        AND NOT EXISTS (SELECT 1 FROM "InvoiceLateFee" f WHERE f."invoiceId" = i."id")
        AND (${afterKey}::uuid IS NULL OR i."id" > ${afterKey}::uuid)
      ORDER BY i."id" LIMIT ${limit}::int`
    return rows.map((r) => ({ key: r.id, clientId: r.clientId }))
  },
  async processItem(tx, item, asOf) {
    const settings = await getSettings(tx.db)
    const inv = await lockOwingInvoice(tx.db, item.key)
    if (!inv || addDays(inv.dueDate, settings['billing.lateFeeDays']) > asOf) return { changed: false }
    if (await tx.db.invoiceLateFee.findUnique({ where: { invoiceId: inv.id }, select: { invoiceId: true } }))
      return { changed: false }
    const fee = lateFeeFor(settings, inv.balance, inv.currencyCode)
    if (fee <= 0n) return { changed: false }
    const last = await tx.db.invoiceItem.aggregate({
      where: { invoiceId: inv.id },
      _max: { sortOrder: true },
    })
    const line = await tx.db.invoiceItem.create({
      data: {
        invoiceId: inv.id,
        type: 'LATE_FEE',
        description: 'Late payment fee',
        quantity: 1,
        unitAmount: fee,
        amount: fee,
        isTaxable: false,
        sortOrder: (last._max.sortOrder ?? 0) + 1,
      },
      select: { id: true },
    })
    await tx.db.invoiceLateFee.create({
      data: { invoiceId: inv.id, invoiceItemId: line.id, amount: fee, addedOn: asOf },
    })
    const totals = await priceInvoice(tx.db, inv.id)
    await recordAuditEvent(tx, {
      action: 'invoice.late-fee',
      targetType: 'Invoice',
      targetId: inv.id,
      clientId: inv.clientId,
      before: { balance: inv.balance },
      after: { fee, currency: inv.currencyCode, total: totals.total, on: asOf },
    })
    await queueDunningEmail(tx.db, inv.id, { template: 'late-fee-added', fee })
    return { changed: true, counts: { lateFees: 1 } }
  },
})
