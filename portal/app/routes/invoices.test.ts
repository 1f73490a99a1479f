import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { addCredit, cancelInvoice, recordManualPayment, refundPayment, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'
import {
  billingCounts,
  enableTestGateway,
  item,
  makeBillingTeam,
  makeInvoice,
} from '@berth/tests/support/billing-factories'
import { follow, invoiceRow, loggedInClient, payButtons } from '../../test/billing'
import { usePortalServer } from '../../test/portal-server'
import { alerts, field, Visitor, type Page } from '../../test/visitor'

const portal = usePortalServer()
let billing: Ctx

beforeAll(async () => {
  const team = await makeBillingTeam()
  billing = team.billing.ctx
  await enableTestGateway(team.admin.ctx)
  await getDb().taxRule.create({ data: { name: 'VAT', country: 'GB', rate: 200000 } })
})

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

/** The invoice list's rows: number → [total, balance, status]. */
function rows(page: Page): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  page.$('table tbody tr').each((_, tr) => {
    const cells = page
      .$(tr)
      .children()
      .map((__, c) => page.$(c).text().trim())
      .get()
    expect(cells[0]).toContain(`Due ${cells[2]}`) // shown under the number on small screens
    out[page.$(tr).find('th a').text()] = [cells[3]!, cells[4]!, cells[5]!]
  })
  return out
}

describe('/invoices', () => {
  it('lists the client’s own invoices with their amounts and status, filtered all / unpaid / paid', async () => {
    const a = await loggedInClient(portal)
    const b = await loggedInClient(portal)
    const paid = await makeInvoice(billing, a.clientId, [item(1000)])
    await recordManualPayment(billing, { invoiceId: paid.id, method: 'bank_transfer', amount: 1200 })
    const partly = await makeInvoice(billing, a.clientId, [item(5000)])
    await recordManualPayment(billing, { invoiceId: partly.id, method: 'cash', amount: 1000 })
    const unpaid = await makeInvoice(billing, a.clientId, [item(2500, { isTaxable: false })])
    const overdue = await makeInvoice(billing, a.clientId, [item(700, { isTaxable: false })], {
      issueDate: day(-30),
      dueDate: day(-10),
    })
    const cancelled = await makeInvoice(billing, a.clientId, [item(300)])
    await cancelInvoice(billing, { invoiceId: cancelled.id })
    const refunded = await makeInvoice(billing, a.clientId, [item(400, { isTaxable: false })])
    const payment = await recordManualPayment(billing, {
      invoiceId: refunded.id,
      method: 'cash',
      amount: 400,
    })
    await refundPayment(billing, { transactionId: payment.transactionId, reason: 'Changed their mind' })
    const draft = await makeInvoice(billing, a.clientId, [item(999)], { publish: false })
    const others = await makeInvoice(billing, b.clientId, [item(4200)])

    const all = await a.visitor.get('/invoices')
    expect(all.status).toBe(200)
    expect(rows(all)).toEqual({
      [refunded.number!]: ['$4.00', '$0.00', 'Refunded'],
      [cancelled.number!]: ['$3.60', '$0.00', 'Cancelled'],
      [overdue.number!]: ['$7.00', '$7.00', 'Overdue'],
      [unpaid.number!]: ['$25.00', '$25.00', 'Unpaid'],
      [partly.number!]: ['$60.00', '$50.00', 'Partially paid'],
      [paid.number!]: ['$12.00', '$0.00', 'Paid'],
    })
    expect(Object.keys(rows(all))).toEqual([
      refunded.number,
      cancelled.number,
      overdue.number,
      unpaid.number,
      partly.number,
      paid.number,
    ])
    expect(all.html).not.toContain(others.number!)
    expect(all.html).not.toContain(draft.id)
    expect(all.$('nav[aria-label="Show invoices"] a[aria-current="page"]').text()).toBe('All')

    const open = await a.visitor.get('/invoices?filter=unpaid')
    expect(Object.keys(rows(open))).toEqual([overdue.number, unpaid.number, partly.number])
    expect(open.$('nav[aria-label="Show invoices"] a[aria-current="page"]').text()).toBe('Unpaid')
    const settled = await a.visitor.get('/invoices?filter=paid')
    expect(Object.keys(rows(settled))).toEqual([paid.number])
    // An unknown filter is "all", not an error.
    expect(Object.keys(rows(await a.visitor.get('/invoices?filter=drafts')))).toHaveLength(6)
  })

  it('says so when there is nothing to list, and links to adding funds', async () => {
    const { visitor } = await loggedInClient(portal)
    const none = await visitor.get('/invoices')
    expect(none.$('.empty-title').text()).toBe('You have no invoices yet')
    expect(none.$('.empty a[href="/billing/add-funds"]').length).toBe(1)
    expect((await visitor.get('/invoices?filter=unpaid')).$('.empty-title').text()).toBe('Nothing to pay')
    expect((await visitor.get('/invoices?filter=paid')).$('.empty-title').text()).toBe('No paid invoices yet')
  })

  it('sends visitors to the login page and back', async () => {
    const page = await new Visitor(() => portal.url).get('/invoices?filter=paid')
    expect(page.status).toBe(302)
    expect(page.location).toBe(`/login?${new URLSearchParams({ redirectTo: '/invoices?filter=paid' })}`)
  })
})

describe('/invoices/:id', () => {
  it('shows the whole invoice: parties, items, tax, totals, payments (without fees), balance, and how to pay', async () => {
    const a = await loggedInClient(portal, { companyName: 'Harbour Web Ltd' })
    const inv = await makeInvoice(billing, a.clientId, [
      item(2000, { description: 'VPS 2 GB (monthly)' }),
      item(300, { description: 'Extra IPv4', quantity: 2 }),
    ])
    await recordManualPayment(billing, {
      invoiceId: inv.id,
      method: 'bank_transfer',
      amount: 1000,
      reference: 'WIRE-7731',
      fee: 123,
    })
    const page = await a.visitor.get(`/invoices/${inv.id}`)
    expect(page.status).toBe(200)
    expect(page.$('h1').text()).toBe(`Invoice ${inv.number} Partially paid`)
    expect(page.$('.party').first().text()).toContain('Berth Hosting')
    expect(page.$('.party').last().text()).toContain('Harbour Web Ltd')
    expect(page.$('.party').last().text()).toContain('United Kingdom')
    const items = page
      .$('.invoice-doc tbody tr')
      .map((_, tr) =>
        page
          .$(tr)
          .children()
          .map((__, c) => page.$(c).text().trim())
          .get()
          .join(' | '),
      )
      .get()
    expect(items).toEqual(['VPS 2 GB (monthly) | 1 | $20.00 | $20.00', 'Extra IPv4 | 2 | $3.00 | $6.00'])
    const totals = page
      .$('.totals > div')
      .map((_, d) => page.$(d).text().trim())
      .get()
    expect(totals).toEqual([
      'Subtotal$26.00',
      'VAT 20% on $26.00$5.20',
      'Total$31.20',
      'Paid$10.00',
      'Balance$21.20',
    ])
    const payments = page
      .$('#payments-title')
      .parent()
      .find('tbody tr')
      .map((_, tr) => page.$(tr).text())
      .get()
    expect(payments).toHaveLength(1)
    expect(payments[0]).toContain('Manual payment')
    expect(payments[0]).toContain('WIRE-7731')
    expect(payments[0]).toContain('$10.00')
    expect(page.html).not.toContain('$1.23') // the fee is the host's business
    expect(page.$('a[download]').attr('href')).toBe(`/invoices/${inv.id}/pdf`)
    expect(page.$('a[download]').text()).toBe('Download PDF')
    expect(page.$('.amount-due strong').text()).toBe('$21.20')
    expect(payButtons(page)).toEqual({ 'Test gateway (no real money)': 'test' })
    // No credit, no credit form.
    expect(page.$('#credit-amount').length).toBe(0)
  })

  it('offers nothing to pay on a paid invoice, and says so when a payment was cancelled at the gateway', async () => {
    const a = await loggedInClient(portal)
    const inv = await makeInvoice(billing, a.clientId, [item(1000)])
    const cancelled = await a.visitor.get(`/invoices/${inv.id}?payment=cancelled`)
    expect(alerts(cancelled)).toContain(
      'You cancelled the payment; nothing was charged. You can pay whenever you are ready.',
    )
    await recordManualPayment(billing, { invoiceId: inv.id, method: 'cash', amount: 1200 })
    const paid = await a.visitor.get(`/invoices/${inv.id}?payment=cancelled`)
    expect(paid.$('h1 .badge').text()).toBe('Paid')
    expect(paid.$('.pay-box').length).toBe(0)
    expect(alerts(paid)).toEqual([])
    // A tab opened before it was paid: refused, and the page says why although the forms are gone.
    const before = await billingCounts()
    const again = await a.visitor.post(`/invoices/${inv.id}`, { intent: 'pay', gateway: 'test' })
    expect(again.status).toBe(409)
    expect(alerts(again)).toEqual(['This invoice is already paid.'])
    const credit = await a.visitor.post(`/invoices/${inv.id}`, { intent: 'apply-credit', amount: '5.00' })
    expect(credit.status).toBe(409)
    expect(alerts(credit)).toEqual(['This invoice is already paid.'])
    expect(await billingCounts()).toEqual(before)
  })

  it('answers the PDF: application/pdf, named after the invoice, never cached', async () => {
    const a = await loggedInClient(portal)
    const inv = await makeInvoice(billing, a.clientId, [item(1000)])
    const res = await fetch(`${portal.url}/invoices/${inv.id}/pdf`, {
      headers: { Cookie: a.visitor.cookieHeader() },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="Invoice-${inv.number}.pdf"`)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length)
  })
})

describe('another client’s invoices', () => {
  it('are 404 to see, download, pay or spend credit on, as are guessed ids and drafts; nothing is written', async () => {
    const a = await loggedInClient(portal)
    const b = await loggedInClient(portal)
    await addCredit(billing, { clientId: a.clientId, amount: 5000, reason: 'To try spending' })
    const bInvoice = await makeInvoice(billing, b.clientId, [item(1000)])
    const aDraft = await makeInvoice(billing, a.clientId, [item(1000)], { publish: false })
    await a.visitor.get('/invoices')
    const before = await billingCounts()
    for (const id of [bInvoice.id, aDraft.id, randomUUID(), 'not-an-id', '..%2F..%2Fetc']) {
      expect((await a.visitor.get(`/invoices/${id}`)).status, `GET ${id}`).toBe(404)
      expect((await a.visitor.get(`/invoices/${id}/pdf`)).status, `PDF ${id}`).toBe(404)
      expect(
        (await a.visitor.post(`/invoices/${id}`, { intent: 'pay', gateway: 'test' })).status,
        `pay ${id}`,
      ).toBe(404)
      expect(
        (await a.visitor.post(`/invoices/${id}`, { intent: 'apply-credit', amount: '10.00' })).status,
        `credit ${id}`,
      ).toBe(404)
    }
    const page = await a.visitor.get(`/invoices/${bInvoice.id}`)
    expect(page.$('h1').text()).toBe('Page not found')
    expect(page.html).not.toContain(bInvoice.number!)
    expect(await billingCounts()).toEqual(before)
    expect((await invoiceRow(bInvoice.id)).status).toBe('UNPAID')
  })
})

describe('applying account credit', () => {
  it('pays part, then the rest (the amount defaults to what both allow); refusals land on the amount field and write nothing', async () => {
    const a = await loggedInClient(portal)
    await addCredit(billing, { clientId: a.clientId, amount: 4000, reason: 'Prepaid' })
    const inv = await makeInvoice(billing, a.clientId, [item(3000, { isTaxable: false })])
    const page = await a.visitor.get(`/invoices/${inv.id}`)
    expect(field(page, 'credit', 'amount')).toMatchObject({
      value: '30.00',
      label: 'Amount (USD)',
      invalid: false,
    })
    expect(page.$('#credit-amount-hint').text()).toContain('You have $40.00 of credit.')

    const partial = await a.visitor.post(`/invoices/${inv.id}`, { intent: 'apply-credit', amount: '10' })
    expect(partial.status).toBe(302)
    expect(partial.location).toBe(`/invoices/${inv.id}`)
    const after = await follow(a.visitor, partial)
    expect(alerts(after)).toContain('$10.00 of account credit applied. $20.00 is left to pay.')
    expect(after.$('h1 .badge').text()).toBe('Partially paid')
    expect(field(after, 'credit', 'amount').value).toBe('20.00')
    expect(after.$('#credit-amount-hint').text()).toContain('You have $30.00 of credit.')

    const before = await billingCounts()
    const refusals: [string, number, string][] = [
      ['25.00', 422, 'That is more than the invoice balance.'],
      ['0', 422, 'The amount must be more than zero.'],
      ['1.005', 422, 'Use at most 2 decimals.'],
      ['ten dollars', 422, 'Enter an amount such as 12.34.'],
      ['-5', 422, 'The amount cannot be negative.'],
      ['', 422, 'Enter an amount.'],
    ]
    for (const [amount, status, message] of refusals) {
      const refused = await a.visitor.post(`/invoices/${inv.id}`, { intent: 'apply-credit', amount })
      expect(refused.status, amount).toBe(status)
      expect(field(refused, 'credit', 'amount'), amount).toMatchObject({
        invalid: true,
        error: message,
        value: amount,
      })
    }
    expect(await billingCounts()).toEqual(before)

    const full = await follow(
      a.visitor,
      await a.visitor.post(`/invoices/${inv.id}`, { intent: 'apply-credit', amount: '20.00' }),
    )
    expect(alerts(full)).toContain(`$20.00 of account credit applied. Invoice ${inv.number} is paid.`)
    expect(full.$('h1 .badge').text()).toBe('Paid')
    expect(full.$('.pay-box').length).toBe(0)
    expect(await invoiceRow(inv.id)).toMatchObject({ status: 'PAID', balance: 0n, creditApplied: 3000n })
    const credit = await getDb().creditBalance.findFirstOrThrow({ where: { clientId: a.clientId } })
    expect(credit.balance).toBe(1000n)
  })

  it('refuses more than the credit on the amount field, and a form without its token', async () => {
    const a = await loggedInClient(portal)
    await addCredit(billing, { clientId: a.clientId, amount: 1500, reason: 'A little' })
    const inv = await makeInvoice(billing, a.clientId, [item(5000, { isTaxable: false })])
    const page = await a.visitor.get(`/invoices/${inv.id}`)
    expect(field(page, 'credit', 'amount').value).toBe('15.00')
    const before = await billingCounts()
    const refused = await a.visitor.post(`/invoices/${inv.id}`, { intent: 'apply-credit', amount: '15.01' })
    expect(refused.status).toBe(409)
    expect(field(refused, 'credit', 'amount')).toMatchObject({
      invalid: true,
      error: 'There is not enough account credit for this.',
      value: '15.01',
    })
    expect(
      (
        await a.visitor.post(
          `/invoices/${inv.id}`,
          { intent: 'apply-credit', amount: '1.00' },
          { csrf: null },
        )
      ).status,
    ).toBe(403)
    expect(await billingCounts()).toEqual(before)
  })

  it('is not offered on an add-funds invoice (credit cannot buy credit)', async () => {
    const a = await loggedInClient(portal)
    await addCredit(billing, { clientId: a.clientId, amount: 1500, reason: 'A little' })
    const funds = await follow(a.visitor, await a.visitor.submit('/billing/add-funds', { amount: '20' }))
    expect(funds.$('.pay-box').length).toBe(1)
    expect(funds.$('#credit-amount').length).toBe(0)
  })
})
