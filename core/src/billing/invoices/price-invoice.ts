import type { DbClient } from '@berth/prisma'
import { MAX_AMOUNT } from '../../money'
import { DomainError } from '../../shared'
import { getSettings } from '../../settings'
import { computeInvoiceTotals } from '../tax/compute-invoice-totals'
import { resolveTaxRates } from '../tax/resolve-tax-rates'
import type { z } from 'zod'
import type { invoiceItemInput } from './schemas'

/** Invoice item rows from validated input: amount = quantity × unitAmount (a CHECK holds it too). */
export function itemRows(invoiceId: string, items: z.output<typeof invoiceItemInput>[]) {
  return items.map((item, i) => ({
    invoiceId,
    type: item.type,
    description: item.description,
    quantity: item.quantity,
    unitAmount: item.unitAmount,
    amount: item.unitAmount * BigInt(item.quantity),
    isTaxable: item.isTaxable,
    sortOrder: i,
  }))
}

/**
 * Recomputes an invoice's tax lines and totals from its items, the client's tax situation and the
 * settings (tax mode, seller country), and stores them. Runs when a draft is saved and again at
 * publish, so a published invoice carries the rules of the day it was issued.
 */
export async function priceInvoice(db: DbClient, invoiceId: string) {
  const invoice = await db.invoice.findUniqueOrThrow({
    where: { id: invoiceId },
    select: {
      kind: true,
      amountPaid: true,
      items: { select: { amount: true, isTaxable: true } },
      client: { select: { country: true, state: true, taxId: true, isTaxExempt: true } },
    },
  })
  const settings = await getSettings(db)
  const tax =
    invoice.kind === 'ADD_FUNDS'
      ? { rates: [], isReverseCharge: false }
      : await resolveTaxRates(db, invoice.client, { country: settings['company.country'] })
  const taxMode = settings['billing.taxMode']
  const totals = computeInvoiceTotals(invoice.items, tax.rates, taxMode)
  if (totals.subtotal < 0n)
    throw new DomainError(
      'VALIDATION_FAILED',
      'The discounts are larger than the items: the invoice total cannot be negative.',
      { field: 'items' },
    )
  if (totals.total > MAX_AMOUNT)
    throw new DomainError('VALIDATION_FAILED', 'The invoice total is too large.', { field: 'items' })
  await db.invoiceTaxLine.deleteMany({ where: { invoiceId } })
  if (totals.taxLines.length) {
    await db.invoiceTaxLine.createMany({
      data: totals.taxLines.map((l) => ({
        invoiceId,
        name: l.name,
        rate: l.rate,
        level: l.level,
        base: l.base,
        amount: l.amount,
      })),
    })
  }
  const balance = totals.total - invoice.amountPaid
  await db.invoice.update({
    where: { id: invoiceId },
    data: {
      taxMode,
      isReverseCharge: tax.isReverseCharge,
      subtotal: totals.subtotal,
      taxTotal: totals.taxTotal,
      total: totals.total,
      balance: balance > 0n ? balance : 0n,
    },
  })
  return { ...totals, taxMode, isReverseCharge: tax.isReverseCharge }
}
