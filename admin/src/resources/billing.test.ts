import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addCredit, recordManualPayment, todayUtc, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'
import {
  billingCounts,
  item,
  makeBillingClient,
  makeBillingTeam,
  makeInvoice,
} from '@berth/tests/support/billing-factories'
import { makeStaff } from '@berth/tests/support/factories'
import { startFakeStripe, type FakeStripe } from '../../../tests/fakes/stripe'
import { signedIn, startAdmin, type AdminClient, type RunningAdmin } from '../test-support/admin-client'

/**
 * The billing screens over HTTP against the real console: every write goes through core, amounts
 * are typed as decimal text, refusals come back with core's message and write nothing.
 */
let admin: RunningAdmin
let stripe: FakeStripe
let billing: { ctx: Ctx; email: string; password: string; staffId: string }
let superAdmin: { ctx: Ctx; email: string; password: string }
let browser: AdminClient
let superBrowser: AdminClient

beforeAll(async () => {
  stripe = await startFakeStripe()
  process.env.BERTH_STRIPE_API_BASE = stripe.url
  admin = await startAdmin()
  const team = await makeBillingTeam()
  billing = team.billing
  superAdmin = team.admin
  browser = await signedIn(admin.baseUrl, billing.email, billing.password)
  superBrowser = await signedIn(admin.baseUrl, superAdmin.email, superAdmin.password)
})
afterAll(async () => {
  await admin.close()
  delete process.env.BERTH_STRIPE_API_BASE
  await stripe.stop()
})

const today = () => todayUtc().toISOString().slice(0, 10)
const invoiceRow = (id: string) => getDb().invoice.findUniqueOrThrow({ where: { id } })

describe('invoices', () => {
  it('creates a draft from the invoice form (decimal text → minor units), then publishes it: number assigned, email queued', async () => {
    const client = await makeBillingClient()
    const res = await browser.resourceAction('Invoice', 'new', {
      clientId: client.clientId,
      'items.0.description': 'Web hosting (March)',
      'items.0.quantity': '2',
      'items.0.unitAmount': '12.50',
      'items.0.isTaxable': 'true',
      'items.1.description': 'Loyalty discount',
      'items.1.quantity': '1',
      'items.1.unitAmount': '-5',
      'items.1.isTaxable': 'true',
      'items.2.description': 'Setup',
      'items.2.quantity': '1',
      'items.2.unitAmount': '1,000.01',
      'items.2.isTaxable': 'false',
      dueDate: '2099-01-31',
      notes: 'Thank you',
      adminNotes: 'Agreed by phone',
    })
    expect(res.status).toBe(200)
    expect(res.json.notice.type, JSON.stringify(res.json.notice)).toBe('success')
    const id = res.json.record.id as string
    expect(res.json.redirectUrl).toBe(`/admin/resources/Invoice/records/${id}/show`)
    const draft = await getDb().invoice.findUniqueOrThrow({
      where: { id },
      include: { items: { orderBy: { sortOrder: 'asc' } } },
    })
    expect(draft).toMatchObject({
      status: 'DRAFT',
      number: null,
      clientId: client.clientId,
      subtotal: 102001n,
      total: 102001n,
      notes: 'Thank you',
      adminNotes: 'Agreed by phone',
    })
    expect(draft.items.map((i) => [i.type, i.quantity, i.unitAmount, i.isTaxable])).toEqual([
      ['MANUAL', 2, 1250n, true],
      ['PROMOTION', 1, -500n, true],
      ['MANUAL', 1, 100001n, false],
    ])
    expect(
      await getDb().auditEvent.count({
        where: { action: 'invoice.create', targetId: id, actorId: billing.staffId },
      }),
    ).toBe(1)

    // The list shows BigInt money formatted, and the show page core's detail.
    const list = await browser.list('Invoice', `filters.client=${client.clientId}`)
    expect(list.status).toBe(200)
    expect(list.json.records[0].params).toMatchObject({
      total: '102001',
      'formatted.total': '$1,020.01',
      displayStatus: 'DRAFT',
    })
    const shown = await browser.show('Invoice', id)
    const detail = shown.json.record.params.berthInvoice
    expect(detail).toMatchObject({
      status: 'DRAFT',
      totals: { total: '$1,020.01', balance: '$1,020.01' },
      adminNotes: 'Agreed by phone',
    })
    expect(detail.items[1]).toMatchObject({ description: 'Loyalty discount', unitAmount: '-$5.00' })

    // The edit form gets the draft back as decimal text, and saves a change.
    const form = (await browser.get(`/admin/api/resources/Invoice/records/${id}/edit`)).json.record.params
      .berthInvoiceForm
    expect(form.items[2]).toEqual({
      description: 'Setup',
      quantity: '1',
      unitAmount: '1000.01',
      isTaxable: false,
    })
    const edited = await browser.recordAction('Invoice', id, 'edit', {
      'items.0.description': 'Web hosting (March)',
      'items.0.quantity': '1',
      'items.0.unitAmount': '99.99',
      dueDate: '2099-02-28',
      notes: '',
    })
    expect(edited.json.notice.type).toBe('success')
    expect(await invoiceRow(id)).toMatchObject({ total: 9999n, notes: null, dueDate: new Date('2099-02-28') })

    const emailsBefore = await getDb().emailLog.count({
      where: { clientId: client.clientId, template: 'invoice-created' },
    })
    const published = await browser.recordAction('Invoice', id, 'publish', { confirm: 'yes' })
    expect(published.json.notice.type, JSON.stringify(published.json.notice)).toBe('success')
    const after = await invoiceRow(id)
    expect(after.status).toBe('UNPAID')
    expect(after.number).toMatch(/^INV-\d{4}-\d{5}$/)
    expect(published.json.notice.message).toContain(after.number!)
    expect(
      await getDb().emailLog.count({
        where: { clientId: client.clientId, template: 'invoice-created', toAddress: client.email },
      }),
    ).toBe(emailsBefore + 1)

    // Publishing again, editing or deleting a published invoice: core refuses, nothing changes.
    const before = await billingCounts()
    const again = await browser.recordAction('Invoice', id, 'publish', { confirm: 'yes' })
    expect(again.json.notice).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/only a draft/i),
    })
    const del = await browser.recordAction('Invoice', id, 'delete')
    expect(del.json.notice.type).toBe('error')
    expect(await billingCounts()).toEqual(before)
  })

  it("refuses bad amounts and quantities line by line, with core's own checks, and writes nothing", async () => {
    const client = await makeBillingClient()
    const before = await billingCounts()
    const res = await browser.resourceAction('Invoice', 'new', {
      clientId: client.clientId,
      'items.0.description': '',
      'items.0.quantity': '1',
      'items.0.unitAmount': '12.345',
      'items.1.description': 'Fine',
      'items.1.quantity': '0',
      'items.1.unitAmount': '1e3',
      'items.2.description': 'Also fine',
      'items.2.quantity': '1',
      'items.2.unitAmount': '10.00',
      issueDate: '2030-05-10',
      dueDate: '2030-05-01',
    })
    expect(res.json.notice.type).toBe('error')
    expect(Object.keys(res.json.record.errors).sort()).toEqual([
      'dueDate',
      'items.0.description',
      'items.0.unitAmount',
      'items.1.quantity',
      'items.1.unitAmount',
    ])
    expect(res.json.record.errors['items.0.unitAmount'].message).toBe('Use at most 2 decimals.')
    const noClient = await browser.resourceAction('Invoice', 'new', {
      clientId: 'nope',
      'items.0.description': 'x',
      'items.0.quantity': '1',
      'items.0.unitAmount': '1',
    })
    expect(noClient.json.record.errors.clientId.message).toBe('Choose a client.')
    expect(await billingCounts()).toEqual(before)
  })

  it('records a manual payment (decimal amount, method, date, reference) and the invoice is paid', async () => {
    const client = await makeBillingClient()
    const inv = await makeInvoice(billing.ctx, client.clientId, [item(4200)])
    const form = (await browser.get(`/admin/api/resources/Invoice/records/${inv.id}/recordPayment`)).json
      .record.params.actionData
    expect(form.values).toMatchObject({ amount: '42.00', method: 'bank_transfer', paidOn: today() })
    expect(form.facts).toContainEqual({ label: 'Balance due', value: '$42.00' })

    const partial = await browser.recordAction('Invoice', inv.id, 'recordPayment', {
      method: 'cheque',
      amount: '40',
      paidOn: today(),
      reference: 'CHQ-0001',
    })
    expect(partial.json.notice).toMatchObject({
      type: 'success',
      message: 'Payment of $40.00 recorded (reference CHQ-0001).',
    })
    const list = await browser.list(
      'Invoice',
      `filters.displayStatus=PARTIALLY_PAID&filters.client=${client.clientId}`,
    )
    expect(list.json.records.map((r: { id: string }) => r.id)).toEqual([inv.id])

    const duplicate = await browser.recordAction('Invoice', inv.id, 'recordPayment', {
      method: 'cheque',
      amount: '2',
      paidOn: today(),
      reference: 'CHQ-0001',
    })
    expect(duplicate.json.record.errors.reference.message).toMatch(/already recorded/)
    const bad = await browser.recordAction('Invoice', inv.id, 'recordPayment', {
      method: 'gold',
      amount: '2.001',
      paidOn: 'yesterday',
    })
    expect(Object.keys(bad.json.record.errors).sort()).toEqual(['amount', 'method', 'paidOn'])

    const rest = await browser.recordAction('Invoice', inv.id, 'recordPayment', {
      method: 'bank_transfer',
      amount: '2.00',
      paidOn: today(),
      reference: 'BANK-42',
    })
    expect(rest.json.notice.message).toBe(
      'Payment of $2.00 recorded (reference BANK-42). The invoice is paid.',
    )
    expect(await invoiceRow(inv.id)).toMatchObject({ status: 'PAID', balance: 0n, amountPaid: 4200n })
    expect(
      await getDb().transaction.count({ where: { invoiceId: inv.id, type: 'PAYMENT', gateway: 'manual' } }),
    ).toBe(2)
    expect(
      await getDb().auditEvent.count({
        where: { targetId: inv.id, actorId: billing.staffId, action: 'invoice.payment.apply' },
      }),
    ).toBe(2)
  })

  it('refunds through the gateway that took the payment; more than paid is refused with the message and nothing written', async () => {
    const client = await makeBillingClient()
    const inv = await makeInvoice(billing.ctx, client.clientId, [item(3000)])
    const paid = await recordManualPayment(billing.ctx, {
      invoiceId: inv.id,
      method: 'bank_transfer',
      amount: 3000,
      reference: `R-${inv.id}`,
    })

    const form = (await browser.get(`/admin/api/resources/Invoice/records/${inv.id}/refund`)).json.record
      .params.actionData
    expect(form.values.transactionId).toBe(paid.transactionId)
    expect(form.fields[0].options[0].label).toMatch(/^\$30.00 refundable of \$30.00 · Manual payment · /)

    const before = await billingCounts()
    const tooMuch = await browser.recordAction('Invoice', inv.id, 'refund', {
      transactionId: paid.transactionId,
      amount: '30.01',
      reason: 'Client asked',
    })
    expect(tooMuch.json.notice).toEqual({
      type: 'error',
      message: 'You can refund at most $30.00 of this payment ($0.00 already refunded).',
    })
    expect(tooMuch.json.record.errors.amount.message).toBe(tooMuch.json.notice.message)
    const noReason = await browser.recordAction('Invoice', inv.id, 'refund', {
      transactionId: paid.transactionId,
      amount: '1',
      reason: '',
    })
    // core's schema checks the reason (the console does not): its message lands on the field
    expect(noReason.json.record.errors.reason.message).toBe('Give a reason (at least 3 characters).')
    const bothWrong = await browser.recordAction('Invoice', inv.id, 'refund', {
      transactionId: paid.transactionId,
      amount: 'ten',
      reason: 'x',
    })
    expect(Object.keys(bothWrong.json.record.errors).sort()).toEqual(['amount', 'reason'])
    expect(await billingCounts()).toEqual(before)

    const part = await browser.recordAction('Invoice', inv.id, 'refund', {
      transactionId: paid.transactionId,
      amount: '10.00',
      reason: 'Partial goodwill',
    })
    expect(part.json.notice).toEqual({ type: 'success', message: 'Refunded $10.00.' })
    const rest = await browser.recordAction('Invoice', inv.id, 'refund', {
      transactionId: paid.transactionId,
      amount: '',
      reason: 'The rest',
    })
    expect(rest.json.notice.message).toBe('Refunded $20.00.')
    expect((await invoiceRow(inv.id)).status).toBe('REFUNDED')
    const refunds = await getDb().transaction.findMany({
      where: { refundOfId: paid.transactionId },
      select: { amount: true, staffId: true },
    })
    expect(refunds.map((r) => r.amount).sort()).toEqual([1000n, 2000n])
    expect(refunds.every((r) => r.staffId === billing.staffId)).toBe(true)
  })

  it("cancels an unpaid invoice; a paid one is refused with core's message", async () => {
    const client = await makeBillingClient()
    const unpaid = await makeInvoice(billing.ctx, client.clientId, [item(500)])
    const ok = await browser.recordAction('Invoice', unpaid.id, 'cancel', { reason: 'Ordered by mistake' })
    expect(ok.json.notice.type).toBe('success')
    expect((await invoiceRow(unpaid.id)).status).toBe('CANCELLED')
    expect(
      await getDb().auditEvent.findFirst({
        where: { action: 'invoice.cancel', targetId: unpaid.id },
        select: { after: true },
      }),
    ).toMatchObject({ after: { reason: 'Ordered by mistake' } })

    const paid = await makeInvoice(billing.ctx, client.clientId, [item(500)])
    await recordManualPayment(billing.ctx, { invoiceId: paid.id, method: 'cash', amount: 500 })
    const before = await billingCounts()
    const refused = await browser.recordAction('Invoice', paid.id, 'cancel', { reason: 'x' })
    expect(refused.json.notice).toEqual({
      type: 'error',
      message: 'A paid invoice cannot be cancelled: refund its payments instead.',
    })
    expect((await invoiceRow(paid.id)).status).toBe('PAID')
    expect(await billingCounts()).toEqual(before)
  })

  it('applies account credit, sends the email again, and downloads a real PDF', async () => {
    const client = await makeBillingClient()
    const inv = await makeInvoice(billing.ctx, client.clientId, [item(2500)])
    const none = (await browser.get(`/admin/api/resources/Invoice/records/${inv.id}/applyCredit`)).json.record
      .params.actionData
    expect(none.blocked).toMatch(/no account credit/)
    await addCredit(billing.ctx, { clientId: client.clientId, amount: 1000, reason: 'Goodwill' })
    const applied = await browser.recordAction('Invoice', inv.id, 'applyCredit', { amount: '' })
    expect(applied.json.notice.message).toBe(
      'Applied $10.00 of credit. Balance due: $15.00; credit left: $0.00.',
    )

    const sent = await browser.recordAction('Invoice', inv.id, 'sendEmail', { confirm: 'yes' })
    expect(sent.json.notice.message).toBe('The invoice email was queued for 1 recipient.')

    const pdf = await fetch(
      `${admin.baseUrl}/admin/api/resources/Invoice/records/${inv.id}/downloadPdf?download=1`,
      { headers: { cookie: browser.cookieHeader() } },
    )
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="${inv.number}.pdf"`)
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-')
    // Without ?download the action answers the record (its page), like any action.
    expect(
      (await browser.get(`/admin/api/resources/Invoice/records/${inv.id}/downloadPdf`)).json.record.id,
    ).toBe(inv.id)
    // No session, no PDF; a role without billing.view is refused by the gate.
    expect(
      (await fetch(`${admin.baseUrl}/admin/api/resources/Invoice/records/${inv.id}/downloadPdf?download=1`))
        .status,
    ).toBe(401)
    const support = await makeStaff('Support')
    const supportBrowser = await signedIn(admin.baseUrl, support.email, support.password)
    expect(
      (await supportBrowser.get(`/admin/api/resources/Invoice/records/${inv.id}/downloadPdf?download=1`))
        .status,
    ).toBe(403)
  })
})

describe('transactions', () => {
  it('exports the filtered list as CSV, the way core writes it', async () => {
    const a = await makeBillingClient({ companyName: '=Formula Ltd' })
    const b = await makeBillingClient({ companyName: 'Other Co' })
    const invA = await makeInvoice(billing.ctx, a.clientId, [item(1234)])
    const invB = await makeInvoice(billing.ctx, b.clientId, [item(999)])
    const pay = await recordManualPayment(billing.ctx, {
      invoiceId: invA.id,
      method: 'bank_transfer',
      amount: 1234,
      reference: `CSV-${a.clientId}`,
    })
    await recordManualPayment(billing.ctx, { invoiceId: invB.id, method: 'cash', amount: 999 })
    await browser.recordAction('Invoice', invA.id, 'refund', {
      transactionId: pay.transactionId,
      amount: '2.34',
      reason: 'Partial',
    })

    const list = await browser.list('Transaction', `filters.client=${a.clientId}`)
    expect(
      list.json.records.map((r: { params: Record<string, string> }) => [
        r.params.type,
        r.params['formatted.amount'],
      ]),
    ).toEqual([
      ['REFUND', '$2.34'],
      ['PAYMENT', '$12.34'],
    ])
    const info = await browser.get(
      `/admin/api/resources/Transaction/actions/exportCsv?filters.client=${a.clientId}&filters.type=PAYMENT`,
    )
    expect(info.json.export).toEqual({ total: 1, filters: ['Client: =Formula Ltd', 'Type: payment'] })

    const res = await fetch(
      `${admin.baseUrl}/admin/api/resources/Transaction/actions/exportCsv?download=1&filters.client=${a.clientId}`,
      { headers: { cookie: browser.cookieHeader() } },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="transactions-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    const lines = (await res.text()).split('\r\n')
    expect(lines[0]).toBe(
      'Date,Transaction ID,Type,Status,Client ID,Client,Invoice,Gateway,Gateway reference,Currency,Amount,Fee,Description',
    )
    expect(lines.length).toBe(4) // header, two rows, final CRLF
    expect(lines[1]).toContain(`,REFUND,SUCCEEDED,${a.clientId},'=Formula Ltd,${invA.number},manual,`)
    expect(lines[1]).toContain(',USD,2.34,0.00,')
    expect(lines[2]).toContain(
      `,PAYMENT,SUCCEEDED,${a.clientId},'=Formula Ltd,${invA.number},manual,CSV-${a.clientId},USD,12.34,0.00,`,
    )

    // A day picked in the filter (the picker sends local midnight: here UTC+2) means that whole day, in the list and in the CSV alike.
    const picked = encodeURIComponent(new Date(todayUtc().getTime() - 2 * 3_600_000).toISOString())
    const todayOnly = `filters.client=${a.clientId}&filters.createdAt~~from=${picked}&filters.createdAt~~to=${picked}`
    expect((await browser.list('Transaction', todayOnly)).json.records).toHaveLength(2)
    const todayCsv = await fetch(
      `${admin.baseUrl}/admin/api/resources/Transaction/actions/exportCsv?download=1&${todayOnly}`,
      { headers: { cookie: browser.cookieHeader() } },
    )
    expect((await todayCsv.text()).split('\r\n')).toHaveLength(4)

    const byDate = await fetch(
      `${admin.baseUrl}/admin/api/resources/Transaction/actions/exportCsv?download=1&filters.client=${b.clientId}&filters.createdAt~~from=2000-01-01T00:00:00.000Z&filters.createdAt~~to=2000-12-31T00:00:00.000Z`,
      { headers: { cookie: browser.cookieHeader() } },
    )
    expect((await byDate.text()).split('\r\n').length).toBe(2) // header only
    const bad = await fetch(
      `${admin.baseUrl}/admin/api/resources/Transaction/actions/exportCsv?download=1&filters.createdAt~~from=2030-01-02&filters.createdAt~~to=2030-01-01`,
      { headers: { cookie: browser.cookieHeader() } },
    )
    expect(bad.status).toBe(422)
    expect(await bad.text()).toBe('The start date is after the end date.')
  })
})

describe('credit', () => {
  it('adds and removes credit on a client with a reason; never below zero', async () => {
    const client = await makeBillingClient()
    const form = (await browser.get(`/admin/api/resources/Client/records/${client.clientId}/addCredit`)).json
      .record.params.actionData
    expect(form.facts).toEqual([{ label: 'Credit balance', value: '$0.00' }])
    const added = await browser.recordAction('Client', client.clientId, 'addCredit', {
      amount: '20.00',
      reason: 'Outage compensation',
    })
    expect(added.json.notice).toEqual({
      type: 'success',
      message: 'Added $20.00 of credit. The balance is now $20.00.',
    })
    expect(
      await getDb().emailLog.count({ where: { clientId: client.clientId, template: 'credit-added' } }),
    ).toBe(1)

    const before = await billingCounts()
    const tooMuch = await browser.recordAction('Client', client.clientId, 'removeCredit', {
      amount: '25.00',
      reason: 'Correction',
    })
    expect(tooMuch.json.notice.type).toBe('error')
    expect(tooMuch.json.notice.message).toMatch(/credit/i)
    const noReason = await browser.recordAction('Client', client.clientId, 'removeCredit', {
      amount: '1.00',
      reason: '',
    })
    expect(Object.keys(noReason.json.record.errors)).toEqual(['reason'])
    expect(noReason.json.record.errors.reason.message).toBe('Give a reason (at least 3 characters).')
    const badAmount = await browser.recordAction('Client', client.clientId, 'addCredit', {
      amount: '-3',
      reason: 'Negative',
    })
    expect(badAmount.json.record.errors.amount.message).toBe('The amount cannot be negative.')
    const bothWrong = await browser.recordAction('Client', client.clientId, 'addCredit', {
      amount: '-3',
      reason: '',
    })
    expect(bothWrong.json.record.errors.reason.message).toBe('Give a reason (at least 3 characters).')
    expect(bothWrong.json.record.errors.amount.message).toBe('The amount cannot be negative.')
    expect(await billingCounts()).toEqual(before)

    const removed = await browser.recordAction('Client', client.clientId, 'removeCredit', {
      amount: '5',
      reason: 'Correction',
    })
    expect(removed.json.notice.message).toBe('Removed $5.00 of credit. The balance is now $15.00.')
    expect((await browser.show('Client', client.clientId)).json.record.params.creditBalance).toBe('$15.00')
    const ledger = await browser.list('CreditEntry', `filters.client=${client.clientId}`)
    expect(
      ledger.json.records.map((r: { params: Record<string, string> }) => [
        r.params.kind,
        r.params['formatted.amount'],
        r.params['formatted.balanceAfter'],
      ]),
    ).toEqual([
      ['ADJUSTMENT', '-$5.00', '$15.00'],
      ['ADJUSTMENT', '$20.00', '$20.00'],
    ])
    expect(
      await getDb().auditEvent.count({
        where: {
          targetId: client.clientId,
          action: { in: ['credit.add', 'credit.remove'] },
          actorId: billing.staffId,
        },
      }),
    ).toBe(2)
  })
})

describe('gateways', () => {
  it('lists every registered gateway; secrets are write-only and never come back in any response', async () => {
    const secret = stripe.secretKey
    const list = await superBrowser.list('GatewayConfig')
    expect(list.json.records.map((r: { id: string }) => r.id).sort()).toEqual(['paypal', 'stripe', 'test'])
    const saved = await superBrowser.recordAction('GatewayConfig', 'stripe', 'edit', {
      displayName: 'Card (Stripe)',
      isEnabled: 'true',
      isTestMode: 'true',
      sortOrder: '1',
      'secrets.secretKey': secret,
      'secrets.webhookSecret': stripe.webhookSecret,
    })
    expect(saved.json.notice).toEqual({
      type: 'success',
      message: 'Card (Stripe) was saved and is offered to clients.',
    })
    // An empty secret keeps the stored one.
    const kept = await superBrowser.recordAction('GatewayConfig', 'stripe', 'edit', {
      displayName: 'Card',
      'secrets.secretKey': '',
    })
    expect(kept.json.notice.type).toBe('success')
    const tested = await superBrowser.recordAction('GatewayConfig', 'stripe', 'testConnection', {
      confirm: 'yes',
    })
    expect(tested.json.notice).toEqual({
      type: 'success',
      message: 'The gateway answered: the saved settings work.',
    })

    const edit = await superBrowser.get('/admin/api/resources/GatewayConfig/records/stripe/edit')
    const view = edit.json.record.params.berthGateway
    expect(view.secretFields.find((f: { key: string }) => f.key === 'secretKey')).toMatchObject({
      isSet: true,
      masked: `••••${secret.slice(-4)}`,
    })
    // where Stripe must send its webhooks, and which events, on the edit form and the show page
    const portalUrl = process.env.PORTAL_URL ?? 'http://localhost:3000'
    expect(view.webhookUrl).toBe(`${portalUrl}/webhooks/stripe`)
    expect(view.webhookEvents).toEqual(
      expect.arrayContaining([
        'checkout.session.completed',
        'checkout.session.async_payment_succeeded',
        'charge.refunded',
        'charge.dispute.created',
      ]),
    )
    const shownStripe = await superBrowser.show('GatewayConfig', 'stripe')
    expect(shownStripe.json.record.params.webhookSetup).toMatch(
      new RegExp(`^Address: ${portalUrl}/webhooks/stripe\nEvents: checkout\.session\.completed, `),
    )
    expect((await superBrowser.show('GatewayConfig', 'paypal')).json.record.params.webhookSetup).toContain(
      'PAYMENT.CAPTURE.COMPLETED',
    )
    expect((await superBrowser.show('GatewayConfig', 'test')).json.record.params.webhookSetup).toBe(
      'Nothing to set up: this gateway sends no webhooks.',
    )
    const responses = [
      saved,
      kept,
      tested,
      edit,
      list,
      await superBrowser.list('GatewayConfig'),
      await superBrowser.show('GatewayConfig', 'stripe'),
      await superBrowser.get('/admin/api/resources/GatewayConfig/actions/search/str'),
      await superBrowser.list('AuditEvent'),
      await superBrowser.get('/admin/api/resources/GatewayConfig/records/stripe/testConnection'),
    ]
    for (const res of responses) {
      expect(res.status).toBe(200)
      expect(res.text).not.toContain(secret)
      expect(res.text).not.toContain(stripe.webhookSecret)
      expect(res.text).not.toContain('settingsEnc')
    }
    expect((await superBrowser.get('/admin/resources/GatewayConfig/records/stripe/show')).text).not.toContain(
      secret,
    )

    // Enabling needs the required keys; Billing staff (no billing.gateways) cannot open gateways at all.
    const missing = await superBrowser.recordAction('GatewayConfig', 'paypal', 'edit', { isEnabled: 'true' })
    expect(missing.json.notice.type).toBe('error')
    expect(Object.keys(missing.json.record.errors).length).toBeGreaterThan(0)
    expect((await browser.list('GatewayConfig')).status).toBe(403)
    expect(
      (await browser.recordAction('GatewayConfig', 'stripe', 'edit', { displayName: 'Hijacked' })).status,
    ).toBe(403)
    expect(
      (await getDb().gatewayConfig.findUniqueOrThrow({ where: { gateway: 'stripe' } })).displayName,
    ).toBe('Card')
  })

  it('the demo test gateway does not exist in production mode: not listed, not configurable', async () => {
    const before = process.env.NODE_ENV
    process.env.NODE_ENV = 'production'
    try {
      const list = await superBrowser.list('GatewayConfig')
      expect(list.json.records.map((r: { id: string }) => r.id).sort()).toEqual(['paypal', 'stripe'])
      const edit = await superBrowser.recordAction('GatewayConfig', 'test', 'edit', { isEnabled: 'true' })
      expect(edit.json.notice.type).toBe('error')
      expect(
        (await superBrowser.recordAction('GatewayConfig', 'test', 'testConnection', { confirm: 'yes' })).json
          .notice.type,
      ).toBe('error')
    } finally {
      process.env.NODE_ENV = before
    }
    expect(await getDb().gatewayConfig.count({ where: { gateway: 'test', isEnabled: true } })).toBe(0)
  })
})

describe('tax rules, read-only ledgers, dashboard and settings', () => {
  it('creates a tax rule with the rate typed as a percentage; bad input is field errors', async () => {
    const res = await browser.resourceAction('TaxRule', 'new', {
      name: 'Test sales tax',
      country: 'US',
      state: 'NY',
      ratePercent: '8.875',
      level: '1',
      isCompound: 'false',
      isEuVat: 'false',
      isActive: 'true',
    })
    expect(res.json.notice.type, JSON.stringify(res.json)).toBe('success')
    expect(res.json.record.params).toMatchObject({
      rate: 88750,
      rateLabel: '8.875%',
      appliesTo: 'United States · NY',
    })
    const bad = await browser.resourceAction('TaxRule', 'new', {
      name: '',
      ratePercent: '8.87501',
      country: 'ZZ',
    })
    expect(Object.keys(bad.json.record.errors).sort()).toEqual(['country', 'name', 'ratePercent'])
    const edited = await browser.recordAction('TaxRule', res.json.record.id, 'edit', {
      ratePercent: '4',
      country: '',
    })
    expect(edited.json.record.errors.state.message).toBe('A state rule needs its country.')
    await browser.recordAction('TaxRule', res.json.record.id, 'delete')
    expect(await getDb().taxRule.count({ where: { id: res.json.record.id } })).toBe(0)
  })

  it('webhook events and disputes are listed read-only, money included', async () => {
    const client = await makeBillingClient()
    const inv = await makeInvoice(billing.ctx, client.clientId, [item(700)])
    const pay = await recordManualPayment(billing.ctx, { invoiceId: inv.id, method: 'cash', amount: 700 })
    await getDb().dispute.create({
      data: {
        transactionId: pay.transactionId,
        gateway: 'manual',
        gatewayDisputeId: `dp_${inv.id}`,
        currencyCode: 'USD',
        amount: 700n,
        reason: 'fraudulent',
      },
    })
    await getDb().webhookEvent.create({
      data: {
        provider: 'stripe',
        eventId: `evt_${inv.id}`,
        type: 'charge.refunded',
        payload: { id: 1 },
        status: 'FAILED',
        error: 'Unknown payment',
      },
    })
    const disputes = await browser.list('Dispute')
    expect(
      disputes.json.records.find(
        (r: { params: Record<string, string> }) => r.params.gatewayDisputeId === `dp_${inv.id}`,
      ).params['formatted.amount'],
    ).toBe('$7.00')
    const events = await browser.list('WebhookEvent', 'filters.status=FAILED')
    expect(
      events.json.records.some(
        (r: { params: Record<string, string> }) => r.params.eventId === `evt_${inv.id}`,
      ),
    ).toBe(true)
    for (const resource of ['Dispute', 'WebhookEvent', 'CreditEntry', 'Transaction']) {
      expect((await browser.resourceAction(resource, 'new', { amount: '1' })).status).toBe(403)
    }
  })

  it('a FAILED webhook event can be processed again: the error is shown while it still cannot apply, the status moves once it does', async () => {
    const db = getDb()
    const broken = await db.webhookEvent.create({
      data: {
        provider: 'stripe',
        eventId: `evt_broken_${Date.now()}`,
        type: 'charge.refunded',
        payload: { id: 1 },
        status: 'FAILED',
        error: 'Unknown payment',
        attempts: 1,
      },
    })
    const shown = await browser.show('WebhookEvent', broken.id)
    expect(shown.json.record.recordActions.map((a: { name: string }) => a.name)).toContain('reprocess')
    const refused = await browser.recordAction('WebhookEvent', broken.id, 'reprocess', { confirm: 'yes' })
    expect(refused.json.notice).toMatchObject({
      type: 'error',
      message: 'The event still cannot be applied: The stored event is not a Stripe event.',
    })
    expect(await db.webhookEvent.findUniqueOrThrow({ where: { id: broken.id } })).toMatchObject({
      status: 'FAILED',
      attempts: 2,
    })

    // a test-gateway event whose only event has nothing to apply: IGNORED once processed
    const pending = await db.webhookEvent.create({
      data: {
        provider: 'test',
        eventId: `evt_pending_${Date.now()}`,
        type: 'payment.pending',
        payload: {
          id: 'x',
          events: [
            {
              kind: 'payment.pending',
              paymentSessionId: '0190ffff-0000-7000-8000-000000000000',
              reason: 'bank transfer',
            },
          ],
        },
        status: 'FAILED',
        error: 'timeout',
        attempts: 1,
      },
    })
    const support = await makeStaff('Support')
    const supportBrowser = await signedIn(admin.baseUrl, support.email, support.password)
    expect(
      (await supportBrowser.recordAction('WebhookEvent', pending.id, 'reprocess', { confirm: 'yes' })).status,
    ).toBe(403)
    const done = await browser.recordAction('WebhookEvent', pending.id, 'reprocess', { confirm: 'yes' })
    expect(done.json.notice).toMatchObject({ type: 'success', message: 'The event was processed.' })
    expect(await db.webhookEvent.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: 'IGNORED',
      error: null,
    })
    expect(
      await db.auditEvent.count({
        where: { action: 'webhook.reprocess', targetId: pending.id, actorId: billing.staffId },
      }),
    ).toBe(1)
    const after = await browser.show('WebhookEvent', pending.id)
    expect(after.json.record.recordActions.map((a: { name: string }) => a.name)).not.toContain('reprocess')
  })

  it('the dashboard shows billing numbers and a 30-day chart to billing.view, nothing to Support', async () => {
    const client = await makeBillingClient()
    const overdue = await makeInvoice(billing.ctx, client.clientId, [item(1500)], {
      issueDate: '2020-01-01',
      dueDate: '2020-01-15',
    })
    const paid = await makeInvoice(billing.ctx, client.clientId, [item(800)])
    await recordManualPayment(billing.ctx, { invoiceId: paid.id, method: 'cash', amount: 800 })
    const data = (await browser.get('/admin/api/dashboard')).json
    expect(data.billing.overdue.count).toBeGreaterThanOrEqual(1)
    expect(data.billing.unpaid.find((u: { currency: string }) => u.currency === 'USD').amount).toMatch(/^\$/)
    expect(data.billing.chart.days).toHaveLength(30)
    expect(data.billing.chart.days.at(-1)).toMatchObject({ date: today() })
    expect(data.billing.chart.days.at(-1).height).toBeGreaterThan(0)
    expect(overdue.id).toBeTruthy()
    const support = await makeStaff('Support')
    expect(
      (await (await signedIn(admin.baseUrl, support.email, support.password)).get('/admin/api/dashboard'))
        .json.billing,
    ).toBeNull()
  })

  it('billing settings are on the Settings page: number format, credit, add-funds limits as decimal text', async () => {
    const page = await superBrowser.get('/admin/api/pages/settings')
    expect(page.json.data.settings).toMatchObject({
      invoiceNumberFormat: 'INV-{YYYY}-{SEQ:5}',
      autoApplyCredit: false,
      companyCountry: 'GB',
      addFundsMin: { USD: '10.00' },
    })
    const bad = await superBrowser.request('POST', '/admin/api/pages/settings', {
      json: {
        ...page.json.data.settings,
        invoiceNumberFormat: 'INV-{YYYY}',
        addFundsMax: { ...page.json.data.settings.addFundsMax, USD: '12.345' },
      },
    })
    expect(bad.json.ok).toBe(false)
    expect(Object.keys(bad.json.errors)).toContain('addFundsMax.USD')
    const res = await superBrowser.request('POST', '/admin/api/pages/settings', {
      json: {
        ...page.json.data.settings,
        invoiceNumberFormat: 'B-{YY}{MM}-{SEQ:4}',
        autoApplyCredit: true,
        paymentTermsDays: '30',
        addFundsMin: { ...page.json.data.settings.addFundsMin, USD: '5' },
      },
    })
    expect(res.json, JSON.stringify(res.json)).toMatchObject({
      ok: true,
      data: {
        settings: {
          invoiceNumberFormat: 'B-{YY}{MM}-{SEQ:4}',
          autoApplyCredit: true,
          paymentTermsDays: '30',
          addFundsMin: { USD: '5.00' },
        },
      },
    })
    const stored = await getDb().setting.findMany({
      where: {
        key: { in: ['billing.invoiceNumberFormat', 'billing.addFundsMin', 'billing.paymentTermsDays'] },
      },
    })
    expect(Object.fromEntries(stored.map((s) => [s.key, s.value]))).toMatchObject({
      'billing.invoiceNumberFormat': 'B-{YY}{MM}-{SEQ:4}',
      'billing.paymentTermsDays': 30,
      'billing.addFundsMin': { USD: '500' },
    })
    // Put the defaults back for the other tests of this file.
    await superBrowser.request('POST', '/admin/api/pages/settings', { json: page.json.data.settings })
  })
})
