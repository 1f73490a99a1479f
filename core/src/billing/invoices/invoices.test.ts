import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeStaff } from '@berth/tests/support/factories'
import {
  makeBillingClient,
  billingCounts,
  expectDomainError,
  item,
  makeBillingTeam,
  makeInvoice,
} from '@berth/tests/support/billing-factories'
import { updateSettings } from '../../settings'
import { inTransaction, type Ctx } from '../../shared'
import { addDays, isoDate, todayUtc } from '../shared/dates'
import { cancelInvoice } from './cancel-invoice'
import { createInvoice } from './create-invoice'
import { deleteDraftInvoice } from './delete-draft-invoice'
import { getInvoice } from './get-invoice'
import { formatInvoiceNumber } from './invoice-number'
import { listInvoices } from './list-invoices'
import { publishInvoice } from './publish-invoice'
import { recordManualPayment } from './record-manual-payment'
import { sendInvoiceEmail } from './send-invoice-email'
import { updateDraftInvoice } from './update-draft-invoice'

let billing: Ctx
let admin: Ctx
const year = new Date().getUTCFullYear()

beforeAll(async () => {
  const team = await makeBillingTeam()
  billing = team.billing.ctx
  admin = team.admin.ctx
  await getDb().taxRule.create({ data: { name: 'VAT', country: 'GB', rate: 200000 } })
})

describe('formatInvoiceNumber', () => {
  it.each([
    ['INV-{YYYY}-{SEQ:5}', 42n, '2026-03-09', 'INV-2026-00042'],
    ['{YY}{MM}{DD}-{SEQ}', 7n, '2026-03-09', '260309-7'],
    ['B{SEQ:3}', 12345n, '2026-01-01', 'B12345'],
    ['{SEQ:8}/{YYYY}', 1n, '2031-12-31', '00000001/2031'],
  ])('%s with %s on %s → %s', (fmt, seq, date, expected) => {
    expect(formatInvoiceNumber(fmt, seq, new Date(`${date}T00:00:00Z`))).toBe(expected)
  })
})

describe('drafts', () => {
  it('creates a draft in the client currency with computed tax, and no number', async () => {
    const { clientId } = await makeBillingClient()
    const inv = await createInvoice(billing, {
      clientId,
      items: [item(1999, { quantity: 2 }), item('500', { description: 'Setup', isTaxable: false })],
      notes: 'Thanks!',
      adminNotes: 'VIP',
    })
    expect(inv).toMatchObject({
      status: 'DRAFT',
      number: null,
      subtotal: 4498n,
      taxTotal: 800n,
      total: 5298n,
      balance: 5298n,
      currency: { code: 'USD', exponent: 2 },
      adminNotes: 'VIP',
    })
    expect(inv.items.map((i) => i.amount)).toEqual([3998n, 500n])
    expect(inv.taxLines).toEqual([{ name: 'VAT', rate: 200000, level: 1, base: 3998n, amount: 800n }])
    expect(inv.dueDate.getTime()).toBe(addDays(todayUtc(), 14).getTime())
    const audit = await getDb().auditEvent.findFirstOrThrow({
      where: { action: 'invoice.create', targetId: inv.id },
    })
    expect(audit.after).toMatchObject({ total: '5298' })
  })

  it('updates items and dates of a draft, and deletes it', async () => {
    const { clientId } = await makeBillingClient()
    const draft = await createInvoice(billing, { clientId, items: [item(1000)] })
    const updated = await updateDraftInvoice(billing, {
      invoiceId: draft.id,
      items: [item(2000), item(-500, { type: 'PROMOTION', description: 'Discount' })],
      dueDate: '2099-01-31',
      notes: null,
    })
    expect(updated).toMatchObject({ subtotal: 1500n, taxTotal: 300n, total: 1800n })
    expect(isoDate(updated.dueDate)).toBe('2099-01-31')
    await deleteDraftInvoice(billing, { invoiceId: draft.id })
    expect(await getDb().invoice.findUnique({ where: { id: draft.id } })).toBeNull()
    expect(await getDb().invoiceItem.count({ where: { invoiceId: draft.id } })).toBe(0)
  })

  it.each<[string, Record<string, unknown>, string[]]>([
    ['no items', { items: [] }, ['items']],
    ['zero quantity', { items: [item(100, { quantity: 0 })] }, ['items.0.quantity']],
    ['fractional quantity', { items: [item(100, { quantity: 1.5 })] }, ['items.0.quantity']],
    ['a negative price on a normal line', { items: [item(-100)] }, ['items.0.unitAmount']],
    ['a positive discount line', { items: [item(100, { type: 'PROMOTION' })] }, ['items.0.unitAmount']],
    ['a decimal amount', { items: [item('12.50')] }, ['items.0.unitAmount']],
    ['a float amount', { items: [item(12.5)] }, ['items.0.unitAmount']],
    ['garbage amount', { items: [item('ten dollars')] }, ['items.0.unitAmount']],
    ['an empty description', { items: [item(100, { description: '  ' })] }, ['items.0.description']],
    [
      'an amount too large',
      { items: [item('999999999999999999', { quantity: 100 })] },
      ['items.0.unitAmount'],
    ],
    [
      'a due date before the issue date',
      { items: [item(100)], issueDate: '2030-02-01', dueDate: '2030-01-01' },
      ['dueDate'],
    ],
    ['an impossible date', { items: [item(100)], dueDate: '2030-02-30' }, ['dueDate']],
    ['no client', { clientId: undefined, items: [item(100)] }, ['clientId']],
  ])('refuses %s and writes nothing', async (_name, patch, fields) => {
    const { clientId } = await makeBillingClient()
    const before = await billingCounts()
    const error = await expectDomainError(createInvoice(billing, { clientId, ...patch }))
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(
      Object.keys((error as unknown as { fieldErrors(): Record<string, string> }).fieldErrors()),
    ).toEqual(fields)
    expect(await billingCounts()).toEqual(before)
  })

  it('refuses discounts larger than the items, an unknown client, and non-billing staff', async () => {
    const { clientId } = await makeBillingClient()
    const support = await makeStaff('Support')
    const client = await makeBillingClient()
    const before = await billingCounts()
    expect(
      (
        await expectDomainError(
          createInvoice(billing, { clientId, items: [item(100), item(-500, { type: 'PROMOTION' })] }),
        )
      ).message,
    ).toMatch(/discounts are larger/)
    expect(
      (await expectDomainError(createInvoice(billing, { clientId: randomUUID(), items: [item(100)] }))).code,
    ).toBe('NOT_FOUND')
    expect((await expectDomainError(createInvoice(support.ctx, { clientId, items: [item(100)] }))).code).toBe(
      'FORBIDDEN',
    )
    expect(
      (await expectDomainError(createInvoice(client.ctx, { clientId: client.clientId, items: [item(100)] })))
        .code,
    ).toBe('FORBIDDEN')
    expect(await billingCounts()).toEqual(before)
  })
})

describe('publishInvoice', () => {
  it('numbers, copies seller and buyer, sets UNPAID and queues the email', async () => {
    const { clientId, email } = await makeBillingClient({ companyName: 'Acme Ltd' })
    const inv = await makeInvoice(billing, clientId, [item(5000)])
    expect(inv.status).toBe('UNPAID')
    expect(inv.number).toMatch(new RegExp(`^INV-${year}-\\d{5}$`))
    expect(inv.issueDate?.getTime()).toBe(todayUtc().getTime())
    expect(inv.seller).toMatchObject({ name: 'Berth Hosting', country: 'GB' })
    expect(inv.buyer).toMatchObject({ name: 'Acme Ltd', country: 'GB', email })
    expect(inv.publishedAt).not.toBeNull()
    const mail = await getDb().emailLog.findFirstOrThrow({ where: { clientId, template: 'invoice-created' } })
    expect(mail.toAddress).toBe(email)
    expect(mail.subject).toBe(
      `Invoice ${inv.number}: $60.00 due ${new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(inv.dueDate)}`,
    )
    expect((await expectDomainError(publishInvoice(billing, { invoiceId: inv.id }))).code).toBe(
      'INVALID_TRANSITION',
    )
    expect(
      (await expectDomainError(updateDraftInvoice(billing, { invoiceId: inv.id, notes: 'x' }))).code,
    ).toBe('INVALID_TRANSITION')
    expect((await expectDomainError(deleteDraftInvoice(billing, { invoiceId: inv.id }))).code).toBe(
      'INVALID_TRANSITION',
    )
  })

  it('numbers are sequential, follow the format setting, and a rolled-back publish leaves no gap', async () => {
    const { clientId } = await makeBillingClient()
    await updateSettings(admin, { 'billing.invoiceNumberFormat': 'T{YY}-{SEQ:4}' })
    try {
      const seq = await getDb().numberSequence.findUniqueOrThrow({ where: { name: 'invoice' } })
      const a = await makeInvoice(billing, clientId, [item(100)], { publish: false })
      const b = await makeInvoice(billing, clientId, [item(100)], { publish: false })
      // The publish takes a number, then the transaction fails: the number must come back.
      const boom = await inTransaction(billing, async (tx) => {
        const published = await publishInvoice(tx, { invoiceId: a.id })
        expect(published.number).toBe(`T${String(year).slice(2)}-${String(seq.nextValue).padStart(4, '0')}`)
        throw new Error('boom after numbering')
      }).catch((e: Error) => e)
      expect(boom.message).toBe('boom after numbering')
      expect((await getDb().invoice.findUniqueOrThrow({ where: { id: a.id } })).status).toBe('DRAFT')
      const pb = await publishInvoice(billing, { invoiceId: b.id })
      const pa = await publishInvoice(billing, { invoiceId: a.id })
      expect([pb.number, pa.number]).toEqual(
        [0n, 1n].map((d) => `T${String(year).slice(2)}-${String(seq.nextValue + d).padStart(4, '0')}`),
      )
    } finally {
      await updateSettings(admin, { 'billing.invoiceNumberFormat': 'INV-{YYYY}-{SEQ:5}' })
    }
  })

  it('concurrent publishes get distinct consecutive numbers', async () => {
    const { clientId } = await makeBillingClient()
    const drafts = await Promise.all(
      Array.from({ length: 6 }, () => makeInvoice(billing, clientId, [item(100)], { publish: false })),
    )
    const published = await Promise.all(drafts.map((d) => publishInvoice(billing, { invoiceId: d.id })))
    const seqs = published.map((p) => Number(p.number!.split('-').pop())).sort((x, y) => x - y)
    expect(new Set(seqs).size).toBe(6)
    expect(seqs.at(-1)! - seqs[0]!).toBe(5)
  })

  it('a zero invoice is PAID at once and enqueues invoice.paid', async () => {
    const { clientId } = await makeBillingClient()
    const inv = await makeInvoice(billing, clientId, [item(0, { description: 'Free trial' })])
    expect(inv).toMatchObject({ status: 'PAID', total: 0n, balance: 0n })
    expect(inv.paidAt).not.toBeNull()
    const jobs = await getDb().$queryRaw<
      { data: { invoiceId: string } }[]
    >`SELECT data FROM pgboss.job WHERE name = 'invoice.paid'`
    expect(jobs.map((j) => j.data.invoiceId)).toContain(inv.id)
  })

  it('uses inclusive prices when the setting says so', async () => {
    const { clientId } = await makeBillingClient()
    await updateSettings(admin, { 'billing.taxMode': 'INCLUSIVE' })
    try {
      const inv = await makeInvoice(billing, clientId, [item(1200)])
      expect(inv).toMatchObject({ taxMode: 'INCLUSIVE', subtotal: 1000n, taxTotal: 200n, total: 1200n })
    } finally {
      await updateSettings(admin, { 'billing.taxMode': 'EXCLUSIVE' })
    }
  })

  it('EU reverse charge: no VAT, flagged, with the note', async () => {
    await getDb().taxRule.create({ data: { name: 'MwSt', country: 'DE', rate: 190000, isEuVat: true } })
    const { clientId } = await makeBillingClient({ country: 'DE' })
    await getDb().client.update({ where: { id: clientId }, data: { taxId: 'DE123456789' } })
    const inv = await makeInvoice(billing, clientId, [item(10000)])
    expect(inv).toMatchObject({ isReverseCharge: true, taxTotal: 0n, total: 10000n, taxLines: [] })
    expect(inv.taxNote).toMatch(/Reverse charge/)
    expect(inv.buyer?.taxId).toBe('DE123456789')
  })
})

describe('cancel and manual payments', () => {
  it('records a bank transfer in part, then in full (the rest becomes credit), with receipts', async () => {
    const { clientId } = await makeBillingClient()
    const inv = await makeInvoice(billing, clientId, [item(10000)]) // 100.00 + 20% = 120.00
    const first = await recordManualPayment(billing, {
      invoiceId: inv.id,
      method: 'bank_transfer',
      amount: '5000',
      reference: 'BANK-001',
      note: 'Barclays',
    })
    expect(first).toMatchObject({
      outcome: 'applied',
      appliedToInvoice: 5000n,
      credited: 0n,
      invoiceStatus: 'UNPAID',
      reference: 'BANK-001',
    })
    const partial = await getInvoice(billing, { invoiceId: inv.id })
    expect(partial).toMatchObject({
      amountPaid: 5000n,
      balance: 7000n,
      displayStatus: 'PARTIALLY_PAID',
      isPartiallyPaid: true,
    })
    expect(partial.transactions[0]).toMatchObject({
      gateway: 'manual',
      gatewayTransactionId: 'BANK-001',
      description: 'Bank transfer: Barclays',
      amount: 5000n,
    })

    const second = await recordManualPayment(billing, {
      invoiceId: inv.id,
      method: 'cheque',
      amount: 8000,
      fee: 50,
    })
    expect(second.reference).toMatch(/^MAN-\d{8}-[0-9A-F]{12}$/)
    expect(second).toMatchObject({
      appliedToInvoice: 7000n,
      credited: 1000n,
      invoiceStatus: 'PAID',
      becamePaid: true,
    })
    const paid = await getInvoice(billing, { invoiceId: inv.id })
    expect(paid).toMatchObject({ status: 'PAID', amountPaid: 12000n, balance: 0n, displayStatus: 'PAID' })
    expect(paid.transactions[1]!.fee).toBe(50n)
    const credit = await getDb().creditBalance.findUniqueOrThrow({
      where: { clientId_currencyCode: { clientId, currencyCode: 'USD' } },
    })
    expect(credit.balance).toBe(1000n)
    const receipts = await getDb().emailLog.findMany({
      where: { clientId, template: 'payment-receipt' },
      orderBy: { queuedAt: 'asc' },
    })
    expect(receipts).toHaveLength(2)
    expect(receipts[1]!.props).toMatchObject({ amount: '$80.00', creditAdded: '$10.00', isPaid: true })
  })

  it('refuses a duplicate reference, payments to paid, cancelled and draft invoices, and bad amounts, writing nothing', async () => {
    const { clientId } = await makeBillingClient()
    const inv = await makeInvoice(billing, clientId, [item(10000)])
    await recordManualPayment(billing, { invoiceId: inv.id, method: 'cash', amount: 1000, reference: 'R-1' })
    const cancelledInv = await makeInvoice(billing, clientId, [item(500)])
    await cancelInvoice(billing, { invoiceId: cancelledInv.id })
    const draft = await makeInvoice(billing, clientId, [item(500)], { publish: false })
    const paidInv = await makeInvoice(billing, clientId, [item(500)])
    await recordManualPayment(billing, { invoiceId: paidInv.id, method: 'cash', amount: 600 })
    const before = await billingCounts()
    const cases: [() => Promise<unknown>, string][] = [
      [
        () =>
          recordManualPayment(billing, { invoiceId: inv.id, method: 'cash', amount: 1000, reference: 'R-1' }),
        'DUPLICATE',
      ],
      [
        () => recordManualPayment(billing, { invoiceId: paidInv.id, method: 'cash', amount: 100 }),
        'INVOICE_ALREADY_PAID',
      ],
      [
        () => recordManualPayment(billing, { invoiceId: cancelledInv.id, method: 'cash', amount: 100 }),
        'INVOICE_NOT_PAYABLE',
      ],
      [
        () => recordManualPayment(billing, { invoiceId: draft.id, method: 'cash', amount: 100 }),
        'INVOICE_NOT_PAYABLE',
      ],
      [
        () => recordManualPayment(billing, { invoiceId: inv.id, method: 'cash', amount: 0 }),
        'VALIDATION_FAILED',
      ],
      [
        () => recordManualPayment(billing, { invoiceId: inv.id, method: 'cash', amount: -5 }),
        'VALIDATION_FAILED',
      ],
      [
        () => recordManualPayment(billing, { invoiceId: inv.id, method: 'cash', amount: '1.5' }),
        'VALIDATION_FAILED',
      ],
      [
        () => recordManualPayment(billing, { invoiceId: inv.id, method: 'bitcoin', amount: 100 }),
        'VALIDATION_FAILED',
      ],
      [
        () =>
          recordManualPayment(billing, {
            invoiceId: inv.id,
            method: 'cash',
            amount: 100,
            paidOn: isoDate(addDays(todayUtc(), 3)),
          }),
        'VALIDATION_FAILED',
      ],
      [
        () => recordManualPayment(billing, { invoiceId: randomUUID(), method: 'cash', amount: 100 }),
        'NOT_FOUND',
      ],
    ]
    for (const [call, code] of cases) expect((await expectDomainError(call())).code).toBe(code)
    expect(await billingCounts()).toEqual(before)
  })

  it('cancels an unpaid invoice, and refuses to cancel paid, partially paid and draft ones with a clear message', async () => {
    const { clientId } = await makeBillingClient()
    const inv = await makeInvoice(billing, clientId, [item(1000)])
    const cancelled = await cancelInvoice(billing, { invoiceId: inv.id, reason: 'Ordered by mistake' })
    expect(cancelled).toMatchObject({ status: 'CANCELLED', balance: 0n })
    const partial = await makeInvoice(billing, clientId, [item(1000)])
    await recordManualPayment(billing, { invoiceId: partial.id, method: 'cash', amount: 100 })
    const paid = await makeInvoice(billing, clientId, [item(1000)])
    await recordManualPayment(billing, { invoiceId: paid.id, method: 'cash', amount: 1200 })
    const draft = await makeInvoice(billing, clientId, [item(1000)], { publish: false })
    const before = await billingCounts()
    const hasPayments = await expectDomainError(cancelInvoice(billing, { invoiceId: partial.id }))
    expect(hasPayments).toMatchObject({
      code: 'INVOICE_HAS_PAYMENTS',
      message:
        'This invoice is partially paid ($1.00): refund its payments (or the credit applied) before cancelling it.',
    })
    expect(await expectDomainError(cancelInvoice(billing, { invoiceId: paid.id }))).toMatchObject({
      code: 'INVOICE_ALREADY_PAID',
      message: 'A paid invoice cannot be cancelled: refund its payments instead.',
    })
    expect((await expectDomainError(cancelInvoice(billing, { invoiceId: draft.id }))).code).toBe(
      'INVALID_TRANSITION',
    )
    expect((await expectDomainError(cancelInvoice(billing, { invoiceId: inv.id }))).code).toBe(
      'INVALID_TRANSITION',
    )
    expect(await billingCounts()).toEqual(before)
  })

  it('resends the invoice email', async () => {
    const { clientId } = await makeBillingClient()
    const inv = await makeInvoice(billing, clientId, [item(1000)])
    expect(await sendInvoiceEmail(billing, { invoiceId: inv.id })).toEqual({
      invoiceId: inv.id,
      recipients: 1,
    })
    expect(await getDb().emailLog.count({ where: { clientId, template: 'invoice-created' } })).toBe(2)
    const draft = await makeInvoice(billing, clientId, [item(1000)], { publish: false })
    expect((await expectDomainError(sendInvoiceEmail(billing, { invoiceId: draft.id }))).code).toBe(
      'INVALID_TRANSITION',
    )
  })
})

describe('what clients and staff see', () => {
  it('a client lists and reads only its own published invoices, filtered; other ids are NOT_FOUND', async () => {
    const alice = await makeBillingClient()
    const bob = await makeBillingClient()
    const paid = await makeInvoice(billing, alice.clientId, [item(1000)])
    await recordManualPayment(billing, { invoiceId: paid.id, method: 'cash', amount: 1200 })
    const unpaid = await makeInvoice(billing, alice.clientId, [item(2000)])
    const overdue = await makeInvoice(billing, alice.clientId, [item(3000)], {
      issueDate: '2020-01-01',
      dueDate: '2020-01-15',
    })
    const draft = await makeInvoice(billing, alice.clientId, [item(4000)], { publish: false })
    const bobs = await makeInvoice(billing, bob.clientId, [item(5000)])

    const all = await listInvoices(alice.ctx)
    expect(all.items.map((i) => i.id).sort()).toEqual([paid.id, unpaid.id, overdue.id].sort())
    expect((await listInvoices(alice.ctx, { filter: 'paid' })).items.map((i) => i.id)).toEqual([paid.id])
    expect((await listInvoices(alice.ctx, { filter: 'unpaid' })).items.map((i) => i.id).sort()).toEqual(
      [unpaid.id, overdue.id].sort(),
    )
    expect((await listInvoices(alice.ctx, { filter: 'overdue' })).items.map((i) => i.id)).toEqual([
      overdue.id,
    ])
    expect((await listInvoices(alice.ctx, { filter: 'draft' })).items).toEqual([])
    expect(
      (await listInvoices(alice.ctx, { clientId: bob.clientId })).items.map((i) => i.clientId),
    ).not.toContain(bob.clientId)
    expect(all.items.find((i) => i.id === overdue.id)).toMatchObject({
      displayStatus: 'OVERDUE',
      isOverdue: true,
    })

    const own = await getInvoice(alice.ctx, { invoiceId: unpaid.id })
    expect(own.adminNotes).toBeNull()
    for (const id of [bobs.id, draft.id, randomUUID(), 'not-a-uuid', "1' OR '1'='1"]) {
      expect((await expectDomainError(getInvoice(alice.ctx, { invoiceId: id }))).code).toBe('NOT_FOUND')
    }
  })

  it('staff with billing.view see every client, filter by client, and drafts', async () => {
    const alice = await makeBillingClient()
    const draft = await makeInvoice(billing, alice.clientId, [item(4000)], { publish: false })
    const readOnly = await makeStaff('Read-only')
    const forClient = await listInvoices(readOnly.ctx, { clientId: alice.clientId })
    expect(forClient.items.map((i) => i.id)).toEqual([draft.id])
    expect(
      (await listInvoices(readOnly.ctx, { filter: 'draft', pageSize: 200 })).items.map((i) => i.id),
    ).toContain(draft.id)
    expect((await getInvoice(readOnly.ctx, { invoiceId: draft.id })).status).toBe('DRAFT')
    const support = await makeStaff('Support')
    expect((await expectDomainError(listInvoices(support.ctx))).code).toBe('FORBIDDEN')
    expect((await expectDomainError(listInvoices(billing, { pageSize: 1000 }))).code).toBe(
      'VALIDATION_FAILED',
    )
  })
})
