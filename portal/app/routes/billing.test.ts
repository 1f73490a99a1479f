import { beforeAll, describe, expect, it } from 'vitest'
import { addCredit, applyCreditToInvoice, recordManualPayment, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'
import {
  billingCounts,
  enableTestGateway,
  item,
  makeBillingTeam,
  makeInvoice,
} from '@berth/tests/support/billing-factories'
import { follow, invoiceRow, loggedInClient, payButtons, portalPath, startCheckout } from '../../test/billing'
import { usePortalServer } from '../../test/portal-server'
import { alerts, field } from '../../test/visitor'

const portal = usePortalServer()
let billing: Ctx

beforeAll(async () => {
  const team = await makeBillingTeam()
  billing = team.billing.ctx
  await enableTestGateway(team.admin.ctx)
})

/** Runs `fn` as if the process were in production mode (core reads NODE_ENV on each call). */
async function inProduction<T>(fn: () => Promise<T>): Promise<T> {
  const before = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    return await fn()
  } finally {
    process.env.NODE_ENV = before
  }
}

describe('/billing/add-funds', () => {
  it('shows the limits in the client’s currency, refuses amounts outside them on the field, writing nothing', async () => {
    const { visitor } = await loggedInClient(portal)
    const page = await visitor.get('/billing/add-funds')
    expect(page.status).toBe(200)
    expect(field(page, 'funds', 'amount')).toMatchObject({ label: 'Amount (USD)', value: '' })
    expect(page.$('#funds-amount-hint').text()).toBe('Between $10.00 and $1,000.00.')
    expect(page.$('.big-amount').text()).toBe('$0.00')
    const before = await billingCounts()
    const refusals: [string, string][] = [
      ['9.99', 'The minimum is $10.00.'],
      ['1000.01', 'The maximum is $1,000.00.'],
      ['1,000,000', 'The maximum is $1,000.00.'],
      ['12.345', 'Use at most 2 decimals.'],
      ['12,5', 'Enter an amount such as 12.34.'],
      ['', 'Enter an amount.'],
    ]
    for (const [amount, message] of refusals) {
      const refused = await visitor.post('/billing/add-funds', { amount })
      expect(refused.status, amount).toBe(422)
      expect(field(refused, 'funds', 'amount'), amount).toMatchObject({
        invalid: true,
        error: message,
        value: amount,
      })
    }
    expect(await billingCounts()).toEqual(before)
  })

  it('creates the add-funds invoice and opens it to be paid; once paid, the money is credit', async () => {
    const a = await loggedInClient(portal)
    const created = await a.visitor.submit('/billing/add-funds', { amount: '1,000' })
    expect(created.status).toBe(302)
    const invoiceId = /^\/invoices\/([0-9a-f-]{36})$/.exec(created.location ?? '')?.[1]
    expect(invoiceId).toBeTruthy()
    const page = await follow(a.visitor, created)
    const row = await invoiceRow(invoiceId!)
    expect(row).toMatchObject({ status: 'UNPAID', balance: 100000n })
    expect(alerts(page)).toContain(
      `Invoice ${row.number} for $1,000.00 is ready. Pay it below; the money is added to your credit once the payment is confirmed.`,
    )
    expect(page.$('.invoice-doc tbody').text()).toContain('Add funds to account credit')
    expect(payButtons(page)).toEqual({ 'Test gateway (no real money)': 'test' })

    const { checkoutUrl } = await startCheckout(a.visitor, invoiceId!, 'test')
    const done = await follow(a.visitor, await a.visitor.submit(checkoutUrl, { outcome: 'pay' }))
    expect(alerts(done)).toContain('Thank you: $1,000.00 is added to your account credit.')
    const billingPage = await a.visitor.get('/billing/transactions')
    expect(billingPage.$('.credit-card .big-amount').text()).toBe('$1,000.00')
  })

  it('is not offered in a currency without limits', async () => {
    await getDb().currency.upsert({
      where: { code: 'JPY' },
      create: { code: 'JPY', name: 'Yen', symbol: '¥', exponent: 0 },
      update: {},
    })
    const { visitor } = await loggedInClient(portal, { currencyCode: 'JPY' })
    const page = await visitor.get('/billing/add-funds')
    expect(page.$('#funds-amount').length).toBe(0)
    expect(page.$('main').text()).toContain('Adding funds is not available in JPY.')
    const refused = await visitor.post('/billing/add-funds', { amount: '5000' })
    expect(refused.status).toBe(422)
    expect(refused.$('main').text()).toContain('Adding funds is not available in JPY.')
  })
})

describe('/billing/transactions', () => {
  it('lists the client’s transactions (no fees), its credit balance and credit history; nobody else’s', async () => {
    const a = await loggedInClient(portal)
    const b = await loggedInClient(portal)
    const inv = await makeInvoice(billing, a.clientId, [item(5000, { isTaxable: false })])
    await recordManualPayment(billing, {
      invoiceId: inv.id,
      method: 'bank_transfer',
      amount: 2000,
      reference: 'WIRE-0042',
      fee: 150,
    })
    await addCredit(billing, { clientId: a.clientId, amount: 2500, reason: 'Sorry for the outage' })
    await applyCreditToInvoice(a.ctx, { invoiceId: inv.id, amount: 1000 })
    const bInvoice = await makeInvoice(billing, b.clientId, [item(777, { isTaxable: false })])
    await recordManualPayment(billing, {
      invoiceId: bInvoice.id,
      method: 'cash',
      amount: 777,
      reference: 'B-ONLY',
    })

    const page = await a.visitor.get('/billing/transactions')
    expect(page.status).toBe(200)
    expect(page.$('.credit-card .big-amount').text()).toBe('$15.00')
    const txns = page
      .$('#txn-title')
      .parent()
      .find('tbody tr')
      .map((_, tr) =>
        page
          .$(tr)
          .children()
          .map((__, c) => page.$(c).text().trim())
          .get()
          .slice(1),
      )
      .get()
    expect(page.$('#txn-title').parent().find('tbody tr')).toHaveLength(2)
    expect(txns).toEqual([
      'Payment',
      'Account credit',
      inv.number,
      'Completed',
      '$10.00',
      'Payment',
      'Manual paymentWIRE-0042',
      inv.number,
      'Completed',
      '$20.00',
    ])
    expect(page.$(`#txn-title`).parent().find(`a[href="/invoices/${inv.id}"]`)).toHaveLength(2)
    expect(page.html).not.toContain('$1.50')
    expect(page.html).not.toContain('B-ONLY')
    const ledger = page
      .$('#ledger-title')
      .parent()
      .find('tbody tr')
      .map((_, tr) =>
        page
          .$(tr)
          .children()
          .map((__, c) => page.$(c).text().trim())
          .get()
          .slice(1)
          .join(' | '),
      )
      .get()
    expect(ledger).toEqual([
      `Applied to an invoiceApplied to invoice ${inv.number} | ${inv.number} | −$10.00 | $15.00`,
      'AdjustmentSorry for the outage | — | +$25.00 | $25.00',
    ])
  })

  it('has empty states, and /billing leads here', async () => {
    const { visitor } = await loggedInClient(portal)
    const billingHome = await visitor.get('/billing')
    expect(billingHome.status).toBe(302)
    expect(billingHome.location).toBe('/billing/transactions')
    const page = await visitor.get('/billing/transactions')
    expect(
      page
        .$('.empty-title')
        .map((_, el) => page.$(el).text())
        .get(),
    ).toEqual(['No transactions yet', 'No credit yet'])
    expect(page.$('.empty a[href="/billing/add-funds"]').length).toBe(1)
    expect(page.$('nav[aria-label="Main"] a.active').text()).toBe('Billing')
  })
})

describe('the test gateway', () => {
  it('is a page of the portal, clearly labelled, only for the payment’s owner; pay, decline and pending answer on the invoice', async () => {
    const a = await loggedInClient(portal)
    const b = await loggedInClient(portal)
    const inv = await makeInvoice(billing, a.clientId, [item(2000, { isTaxable: false })])
    const { checkoutUrl, handoff } = await startCheckout(a.visitor, inv.id, 'test')
    expect(handoff).toBeNull() // same site: no hand-off page
    expect(checkoutUrl).toMatch(/^\/billing\/test-gateway\/tcs_[0-9a-f-]{36}_2000_USD$/)
    const page = await a.visitor.get(checkoutUrl)
    expect(page.status).toBe(200)
    expect(page.$('h1').text()).toBe('Test gateway — no real money')
    expect(page.$('.summary').text()).toContain('$20.00')
    expect(
      page
        .$('button[name="outcome"]')
        .map((_, el) => page.$(el).text())
        .get(),
    ).toEqual(['Pay $20.00 (no real money)', 'Leave the payment pending', 'Decline the payment'])
    expect(page.$(`a[href="/invoices/${inv.id}?payment=cancelled"]`).length).toBe(1)

    // Someone else: 404 to look at and to press, nothing written.
    await b.visitor.get('/')
    const before = await billingCounts()
    expect((await b.visitor.get(checkoutUrl)).status).toBe(404)
    expect((await b.visitor.post(checkoutUrl, { outcome: 'pay' })).status).toBe(404)
    expect((await a.visitor.get('/billing/test-gateway/tcs_nothing')).status).toBe(404)
    expect(await billingCounts()).toEqual(before)

    const pending = await follow(a.visitor, await a.visitor.submit(checkoutUrl, { outcome: 'pending' }))
    expect(alerts(pending)).toContain(
      'Your payment of $20.00 is being processed by Test gateway (no real money). The invoice will show as paid once it is confirmed, and we will email you a receipt.',
    )
    const declined = await follow(a.visitor, await a.visitor.submit(checkoutUrl, { outcome: 'fail' }))
    expect(alerts(declined)).toContain(
      'The payment did not go through, and nothing was charged. You can try again or choose another way to pay.',
    )
    expect((await a.visitor.get(checkoutUrl)).$('main').text()).toContain('This payment was declined.')
    expect((await invoiceRow(inv.id)).status).toBe('UNPAID')

    const second = await startCheckout(a.visitor, inv.id, 'test')
    const paid = await follow(a.visitor, await a.visitor.submit(second.checkoutUrl, { outcome: 'pay' }))
    expect(alerts(paid)).toContain(`Thank you: we have received $20.00. Invoice ${inv.number} is paid.`)
    expect(paid.$('h1 .badge').text()).toBe('Paid')
    expect(paid.$('#payments-title').parent().find('tbody').text()).toContain('Test gateway — no real money')
    expect((await invoiceRow(inv.id)).transactions).toEqual([
      { gateway: 'test', amount: 2000n, fee: 58n, type: 'PAYMENT' },
    ])
    // Pressing again (back button) changes nothing.
    await a.visitor.post(second.checkoutUrl, { outcome: 'pay' })
    expect((await invoiceRow(inv.id)).transactions).toHaveLength(1)
  })

  it('does not exist in production mode: not offered, not startable, its page and webhook 404', async () => {
    const a = await loggedInClient(portal)
    const inv = await makeInvoice(billing, a.clientId, [item(1500, { isTaxable: false })])
    const { checkoutUrl } = await startCheckout(a.visitor, inv.id, 'test')
    await inProduction(async () => {
      const page = await a.visitor.get(`/invoices/${inv.id}`)
      expect(payButtons(page)).toEqual({})
      expect(page.$('.pay-box').text()).toContain('Online payment is not available at the moment.')
      const before = await billingCounts()
      const refused = await a.visitor.post(`/invoices/${inv.id}`, { intent: 'pay', gateway: 'test' })
      expect(refused.status).toBe(409)
      expect(alerts(refused)).toContain('Test gateway — no real money cannot be used in production mode.')
      expect((await a.visitor.get(checkoutUrl)).status).toBe(404)
      expect((await a.visitor.post(checkoutUrl, { outcome: 'pay' })).status).toBe(404)
      const webhook = await fetch(`${portal.url}/webhooks/test`, {
        method: 'POST',
        body: '{}',
        headers: { 'Content-Type': 'application/json' },
      })
      expect(webhook.status).toBe(404)
      expect(await billingCounts()).toEqual(before)
    })
    expect((await invoiceRow(inv.id)).status).toBe('UNPAID')
  })
})

describe('the return address', () => {
  it('is 404 for a payment that is not the client’s, or no payment at all', async () => {
    const a = await loggedInClient(portal)
    const b = await loggedInClient(portal)
    const inv = await makeInvoice(billing, a.clientId, [item(1000)])
    const { checkoutUrl } = await startCheckout(a.visitor, inv.id, 'test')
    const ps = /tcs_([0-9a-f-]{36})_/.exec(checkoutUrl)![1]!
    const before = await billingCounts()
    expect((await b.visitor.get(`/billing/pay/test/return?ps=${ps}`)).status).toBe(404)
    expect((await a.visitor.get(`/billing/pay/stripe/return?ps=${ps}`)).status).toBe(404)
    expect((await a.visitor.get('/billing/pay/test/return?ps=nope')).status).toBe(404)
    expect((await a.visitor.get('/billing/pay/test/return')).status).toBe(404)
    expect(await billingCounts()).toEqual(before)
    // The owner coming back completes it (the test gateway pays when no outcome is given).
    const back = await a.visitor.get(`/billing/pay/test/return?ps=${ps}`)
    expect(portalPath(back.location)).toBe(`/invoices/${inv.id}`)
    expect((await invoiceRow(inv.id)).status).toBe('PAID')
  })
})

describe('the dashboard', () => {
  it('shows unpaid invoices and account credit, linking to the billing pages', async () => {
    const a = await loggedInClient(portal)
    const inv = await makeInvoice(billing, a.clientId, [item(4200, { isTaxable: false })])
    await addCredit(billing, { clientId: a.clientId, amount: 1234, reason: 'Credit' })
    const home = await a.visitor.get('/')
    const tile = (label: string) =>
      home.$('.tile').filter((_, el) => home.$(el).find('.tile-label').text() === label)
    expect(tile('Unpaid invoices').find('.tile-value').text()).toBe('1')
    expect(tile('Unpaid invoices').find('a').attr('href')).toBe('/invoices?filter=unpaid')
    expect(tile('Account credit').find('.tile-value').text()).toBe('$12.34')
    expect(tile('Account credit').find('a').attr('href')).toBe('/billing/transactions')
    expect(home.$('#panel-invoices').parent().find(`a[href="/invoices/${inv.id}"]`).text()).toBe(inv.number!)
    expect(
      home
        .$('nav[aria-label="Main"] a')
        .map((_, el) => home.$(el).text())
        .get(),
    ).toEqual([
      'Dashboard',
      'Store',
      'Services',
      'Domains',
      'Invoices',
      'Billing',
      'Support',
      'Help',
      'Account',
      'Cart',
    ])

    const { visitor } = await loggedInClient(portal)
    const empty = await visitor.get('/')
    expect(empty.$('#panel-invoices').parent().find('.empty-title').text()).toBe('You have no invoices yet')
    expect(empty.$('#panel-invoices').parent().find('a[href="/billing/add-funds"]').length).toBe(1)
  })
})
