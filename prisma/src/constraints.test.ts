import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from './client'

/**
 * The CHECK constraints of the hand-written migration (20261124082039_constraints_and_append_only):
 * the database itself refuses rows that break the money and ownership rules, whatever the code does.
 */
const db = getDb()
const unique = () => randomBytes(4).toString('hex')
let clientId: string

beforeAll(async () => {
  clientId = (
    await db.client.create({
      data: { address1: '1 Check Street', city: 'Checkton', country: 'GB', currencyCode: 'USD' },
    })
  ).id
})

const invoice = (over: Record<string, unknown> = {}) => ({
  clientId,
  currencyCode: 'USD',
  dueDate: new Date('2026-12-31'),
  ...over,
})

describe('CHECK constraints', () => {
  it('an invoice never has a negative amount or balance', async () => {
    for (const field of ['subtotal', 'taxTotal', 'total', 'amountPaid', 'creditApplied', 'balance']) {
      await expect(db.invoice.create({ data: invoice({ [field]: -1n }) })).rejects.toThrow(
        /Invoice_amounts_valid/,
      )
    }
    await expect(db.invoice.create({ data: invoice({ total: 100n, balance: 100n }) })).resolves.toMatchObject(
      { total: 100n },
    )
  })

  it('an invoice has a number exactly when it is no longer a draft', async () => {
    await expect(db.invoice.create({ data: invoice({ status: 'UNPAID' }) })).rejects.toThrow(
      /Invoice_number_when_published/,
    )
    await expect(
      db.invoice.create({ data: invoice({ status: 'DRAFT', number: `X-${unique()}` }) }),
    ).rejects.toThrow(/Invoice_number_when_published/)
    await expect(
      db.invoice.create({ data: invoice({ status: 'UNPAID', number: `X-${unique()}` }) }),
    ).resolves.toBeTruthy()
  })

  it('an invoice line is quantity × unit amount, with a positive quantity', async () => {
    const inv = await db.invoice.create({ data: invoice() })
    const item = (over: { quantity?: number; amount?: bigint }) => ({
      invoiceId: inv.id,
      description: 'Hosting',
      quantity: 2,
      unitAmount: 500n,
      amount: 1000n,
      ...over,
    })
    await expect(db.invoiceItem.create({ data: item({ amount: 999n }) })).rejects.toThrow(
      /InvoiceItem_amount_is_product/,
    )
    await expect(db.invoiceItem.create({ data: item({ quantity: 0, amount: 0n }) })).rejects.toThrow(
      /InvoiceItem_quantity_positive/,
    )
    await expect(db.invoiceItem.create({ data: item({}) })).resolves.toMatchObject({ amount: 1000n })
  })

  it('a credit balance never goes below zero, in one step or by an update', async () => {
    await expect(
      db.creditBalance.create({ data: { clientId, currencyCode: 'EUR', balance: -1n } }),
    ).rejects.toThrow(/CreditBalance_non_negative/)
    await db.creditBalance.create({ data: { clientId, currencyCode: 'USD', balance: 500n } })
    await expect(
      db.creditBalance.update({
        where: { clientId_currencyCode: { clientId, currencyCode: 'USD' } },
        data: { balance: { decrement: 501n } },
      }),
    ).rejects.toThrow(/CreditBalance_non_negative/)
    expect(
      (
        await db.creditBalance.findUniqueOrThrow({
          where: { clientId_currencyCode: { clientId, currencyCode: 'USD' } },
        })
      ).balance,
    ).toBe(500n)
  })

  it('a credit entry moves a non-zero amount and leaves a balance of zero or more', async () => {
    const entry = (over: Record<string, unknown>) => ({
      clientId,
      currencyCode: 'USD',
      kind: 'ADJUSTMENT' as const,
      amount: 100n,
      balanceAfter: 100n,
      ...over,
    })
    await expect(db.creditEntry.create({ data: entry({ amount: 0n }) })).rejects.toThrow(/CreditEntry_valid/)
    await expect(
      db.creditEntry.create({ data: entry({ amount: -200n, balanceAfter: -100n }) }),
    ).rejects.toThrow(/CreditEntry_valid/)
  })

  it('a price belongs to exactly one priced thing and is never negative', async () => {
    const group = await db.productGroup.create({ data: { name: 'G', slug: `g-${unique()}` } })
    const product = await db.product.create({
      data: { groupId: group.id, type: 'VPS', name: 'VPS', slug: `vps-${unique()}` },
    })
    const addon = await db.addon.create({ data: { name: 'Backups' } })
    const price = (over: Record<string, unknown>) => ({
      currencyCode: 'USD',
      cycle: 'MONTHLY' as const,
      amount: 1000n,
      ...over,
    })
    await expect(
      db.price.create({ data: price({ productId: product.id, addonId: addon.id }) }),
    ).rejects.toThrow(/Price_exactly_one_owner/)
    await expect(db.price.create({ data: price({}) })).rejects.toThrow(/Price_exactly_one_owner/)
    await expect(db.price.create({ data: price({ productId: product.id, amount: -1n }) })).rejects.toThrow(
      /Price_amounts_non_negative/,
    )
    await expect(db.price.create({ data: price({ productId: product.id, setupFee: -1n }) })).rejects.toThrow(
      /Price_amounts_non_negative/,
    )
    await expect(db.price.create({ data: price({ productId: product.id }) })).resolves.toMatchObject({
      amount: 1000n,
    })
  })

  it('money movements are positive, and reference data looks like what it claims to be', async () => {
    const payment = (over: { amount?: bigint; fee?: bigint }) => ({
      clientId,
      currencyCode: 'USD',
      type: 'PAYMENT' as const,
      gateway: 'manual',
      gatewayTransactionId: `t-${unique()}`,
      amount: 100n,
      ...over,
    })
    await expect(db.transaction.create({ data: payment({ amount: 0n }) })).rejects.toThrow(
      /Transaction_amounts_valid/,
    )
    await expect(db.transaction.create({ data: payment({ fee: -1n }) })).rejects.toThrow(
      /Transaction_amounts_valid/,
    )
    await expect(db.currency.create({ data: { code: 'usd', name: 'x', symbol: '$' } })).rejects.toThrow(
      /Currency_code_iso/,
    )
    await expect(
      db.currency.create({ data: { code: 'XAU', name: 'Gold', symbol: 'Au', exponent: 5 } }),
    ).rejects.toThrow(/Currency_exponent_range/)
    await expect(
      db.client.create({ data: { address1: 'x', city: 'y', country: 'gb', currencyCode: 'USD' } }),
    ).rejects.toThrow(/Client_country_iso/)
  })
})
