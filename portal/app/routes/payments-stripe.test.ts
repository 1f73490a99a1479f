import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateGatewayConfig, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'
import { startFakeStripe, type FakeStripe } from '../../../tests/fakes/stripe'
import { billingCounts, item, makeBillingTeam, makeInvoice } from '@berth/tests/support/billing-factories'
import {
  fakeGatewayPage,
  follow,
  invoiceRow,
  loggedInClient,
  payButtons,
  portalPath,
  startCheckout,
} from '../../test/billing'
import { usePortalServer } from '../../test/portal-server'
import { alerts } from '../../test/visitor'

/**
 * Paying through Stripe Checkout end to end over HTTP: the portal, the real stripe-node pointed at
 * the fake Stripe (BERTH_STRIPE_API_BASE), the fake's hosted page, the return address and the
 * signed webhooks the fake delivers to /webhooks/stripe.
 */
const portal = usePortalServer()
let stripe: FakeStripe
let billing: Ctx

beforeAll(async () => {
  stripe = await startFakeStripe()
  process.env.BERTH_STRIPE_API_BASE = stripe.url
  const team = await makeBillingTeam()
  billing = team.billing.ctx
  await updateGatewayConfig(team.admin.ctx, {
    gateway: 'stripe',
    isEnabled: true,
    isTestMode: true,
    secrets: { secretKey: stripe.secretKey, webhookSecret: stripe.webhookSecret },
  })
})

afterAll(async () => {
  delete process.env.BERTH_STRIPE_API_BASE
  expect(stripe.serverErrors).toEqual([])
  await stripe.stop()
})

const webhookUrl = () => `${portal.url}/webhooks/stripe`

async function unpaidInvoice(amount = 5000) {
  const a = await loggedInClient(portal)
  const inv = await makeInvoice(billing, a.clientId, [item(amount, { isTaxable: false })])
  return { a, inv }
}

/** "Pay with card (Stripe)" → the hand-off page → the fake's hosted page; the Checkout Session id. */
async function openCheckout(
  visitor: Awaited<ReturnType<typeof unpaidInvoice>>['a']['visitor'],
  invoiceId: string,
) {
  const { checkoutUrl, handoff } = await startCheckout(visitor, invoiceId, 'stripe')
  expect(checkoutUrl.startsWith(`${stripe.url}/c/pay/cs_test_`)).toBe(true)
  expect(handoff!.$('h1').text()).toBe('Taking you to Stripe…')
  return { checkoutUrl, sessionId: checkoutUrl.split('/').at(-1)! }
}

describe('Stripe Checkout', () => {
  it('pays on the hosted page and comes back paid; the webhooks that follow change nothing', async () => {
    const { a, inv } = await unpaidInvoice()
    const page = await a.visitor.get(`/invoices/${inv.id}`)
    expect(payButtons(page)).toEqual({ 'Pay with card (Stripe)': 'stripe' })
    const { checkoutUrl, sessionId } = await openCheckout(a.visitor, inv.id)
    expect(stripe.session(sessionId)).toMatchObject({
      amount_total: 5000,
      currency: 'usd',
      client_reference_id: expect.any(String),
    })

    const hosted = await fakeGatewayPage(checkoutUrl)
    expect(hosted.html).toContain('5000 USD')
    const paidThere = await fakeGatewayPage(checkoutUrl, 'pay')
    expect(paidThere.status).toBe(303)
    const back = portalPath(paidThere.location)
    expect(back).toMatch(
      new RegExp(`^/billing/pay/stripe/return\\?ps=[0-9a-f-]{36}&session_id=${sessionId}$`),
    )

    const returned = await a.visitor.get(back)
    expect(returned.status).toBe(302)
    expect(returned.location).toBe(`/invoices/${inv.id}`)
    const shown = await follow(a.visitor, returned)
    expect(alerts(shown)).toContain(`Thank you: we have received $50.00. Invoice ${inv.number} is paid.`)
    expect(shown.$('h1 .badge').text()).toBe('Paid')
    expect(shown.$('#payments-title').parent().find('tbody').text()).toContain('Stripe')
    expect(await invoiceRow(inv.id)).toMatchObject({
      status: 'PAID',
      balance: 0n,
      transactions: [{ gateway: 'stripe', amount: 5000n, fee: 175n, type: 'PAYMENT' }],
    })

    // Stripe's webhooks arrive afterwards, and the browser reloads the return address: nothing more.
    const before = await billingCounts()
    for (const event of stripe.events) {
      expect((await stripe.deliverWebhook(webhookUrl(), event)).status).toBe(200)
    }
    expect(await follow(a.visitor, await a.visitor.get(back))).toBeTruthy()
    const after = await billingCounts()
    expect({ ...after, webhookEvents: before.webhookEvents, auditEvents: before.auditEvents }).toEqual(before)
    expect((await invoiceRow(inv.id)).transactions).toHaveLength(1)
  })

  it('settles the invoice from the webhook alone, exactly once, even delivered 20 times at once', async () => {
    const { a, inv } = await unpaidInvoice(4200)
    const { sessionId } = await openCheckout(a.visitor, inv.id)
    // The customer pays and closes the tab: only the webhook tells us.
    stripe.completeCheckout(sessionId)
    const completed = stripe.events.findLast(
      (e) => e.type === 'checkout.session.completed' && (e.data.object as { id: string }).id === sessionId,
    )!
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => stripe.deliverWebhook(webhookUrl(), completed)),
    )
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200))
    expect(answers.filter((r) => !JSON.parse(r.body).duplicate)).toHaveLength(1)
    expect(await invoiceRow(inv.id)).toMatchObject({
      status: 'PAID',
      amountPaid: 4200n,
      transactions: [{ gateway: 'stripe', amount: 4200n }],
    })
    expect(
      await getDb().webhookEvent.findMany({
        where: { provider: 'stripe', eventId: completed.id },
        select: { status: true },
      }),
    ).toEqual([{ status: 'PROCESSED' }])
    expect(
      await getDb().emailLog.count({ where: { clientId: a.clientId, template: 'payment-receipt' } }),
    ).toBe(1)

    // The client comes back to the invoice later: paid, with the receipt's notice.
    const page = await a.visitor.get(`/invoices/${inv.id}`)
    expect(page.$('h1 .badge').text()).toBe('Paid')
    expect(page.$('.pay-box').length).toBe(0)
  })

  it('refuses forged and stale signatures with 400, keeps them as REJECTED, and applies nothing', async () => {
    const { a, inv } = await unpaidInvoice(3000)
    const { sessionId } = await openCheckout(a.visitor, inv.id)
    stripe.completeCheckout(sessionId)
    const completed = stripe.lastEvent('checkout.session.completed')
    const before = await billingCounts()
    const forged = await stripe.deliverWebhook(webhookUrl(), completed, {
      secret: 'whsec_not_the_right_secret_at_all_000',
    })
    const stale = await stripe.deliverWebhook(webhookUrl(), completed, {
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    })
    const unsigned = await fetch(webhookUrl(), {
      method: 'POST',
      body: JSON.stringify(completed),
      headers: { 'Content-Type': 'application/json' },
    })
    expect([forged.status, stale.status, unsigned.status]).toEqual([400, 400, 400])
    expect(JSON.parse(forged.body)).toEqual({ received: false, error: 'invalid signature' })
    const rejected = await getDb().webhookEvent.findMany({
      where: { provider: 'stripe', status: 'REJECTED' },
      orderBy: { receivedAt: 'asc' },
      select: { error: true, ip: true, eventId: true },
    })
    expect(rejected.slice(-3).map((r) => r.error)).toEqual([
      expect.stringMatching(/No signatures found matching the expected signature/),
      expect.stringMatching(/Timestamp outside the tolerance zone/),
      'The Stripe-Signature header is missing.',
    ])
    expect(rejected.at(-1)!.ip).toBe('127.0.0.1')
    const after = await billingCounts()
    expect({ ...after, webhookEvents: before.webhookEvents }).toEqual(before)
    expect(after.webhookEvents).toBe(before.webhookEvents + 3)
    expect((await invoiceRow(inv.id)).status).toBe('UNPAID')
  })

  it('handles a cancel on the hosted page, and a bank debit that clears later by webhook', async () => {
    const { a, inv } = await unpaidInvoice(2500)
    const first = await openCheckout(a.visitor, inv.id)
    const cancelled = await fakeGatewayPage(first.checkoutUrl, 'cancel')
    expect(portalPath(cancelled.location)).toBe(`/invoices/${inv.id}?payment=cancelled`)
    expect(alerts(await a.visitor.get(portalPath(cancelled.location)))).toContain(
      'You cancelled the payment; nothing was charged. You can pay whenever you are ready.',
    )

    const second = await openCheckout(a.visitor, inv.id)
    const processing = await fakeGatewayPage(second.checkoutUrl, 'pay_async')
    const pending = await follow(a.visitor, await a.visitor.get(portalPath(processing.location)))
    expect(alerts(pending)).toContain(
      'Your payment of $25.00 is being processed by Stripe. The invoice will show as paid once it is confirmed, and we will email you a receipt.',
    )
    expect((await invoiceRow(inv.id)).status).toBe('UNPAID')

    stripe.succeedAsyncPayment(second.sessionId)
    const cleared = stripe.lastEvent('checkout.session.async_payment_succeeded')
    expect((await stripe.deliverWebhook(webhookUrl(), cleared)).status).toBe(200)
    expect(await invoiceRow(inv.id)).toMatchObject({
      status: 'PAID',
      transactions: [{ gateway: 'stripe', amount: 2500n }],
    })
  })
})
