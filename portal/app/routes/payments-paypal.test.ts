import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateGatewayConfig, type Ctx } from '@berth/core'
import { getDb } from '@berth/prisma'
import { startFakePayPal, type FakePayPal } from '../../../tests/fakes/paypal'
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
 * Paying through PayPal (Orders v2) end to end over HTTP: the real paypal-server-sdk pointed at the
 * fake PayPal (BERTH_PAYPAL_API_BASE), its approval page, capture on the return address, and
 * webhooks verified by PayPal's verify-webhook-signature call.
 */
const portal = usePortalServer()
let paypal: FakePayPal
let billing: Ctx

beforeAll(async () => {
  paypal = await startFakePayPal()
  process.env.BERTH_PAYPAL_API_BASE = paypal.url
  const team = await makeBillingTeam()
  billing = team.billing.ctx
  await updateGatewayConfig(team.admin.ctx, {
    gateway: 'paypal',
    isEnabled: true,
    isTestMode: true,
    secrets: { clientSecret: paypal.clientSecret },
    publicConfig: { clientId: paypal.clientId, webhookId: paypal.webhookId },
  })
})

afterAll(async () => {
  delete process.env.BERTH_PAYPAL_API_BASE
  expect(paypal.serverErrors).toEqual([])
  await paypal.stop()
})

const webhookUrl = () => `${portal.url}/webhooks/paypal`

async function openOrder(amount: number) {
  const a = await loggedInClient(portal)
  const inv = await makeInvoice(billing, a.clientId, [item(amount, { isTaxable: false })])
  expect(payButtons(await a.visitor.get(`/invoices/${inv.id}`))).toEqual({ 'Pay with PayPal': 'paypal' })
  const { checkoutUrl, handoff } = await startCheckout(a.visitor, inv.id, 'paypal')
  expect(handoff!.$('h1').text()).toBe('Taking you to PayPal…')
  expect(checkoutUrl).toMatch(new RegExp(`^${paypal.url}/checkoutnow\\?token=`))
  return { a, inv, checkoutUrl, orderId: new URL(checkoutUrl).searchParams.get('token')! }
}

describe('PayPal', () => {
  it('approves on PayPal, captures on the way back, and the capture webhooks (20 at once) change nothing', async () => {
    const { a, inv, checkoutUrl, orderId } = await openOrder(6400)
    expect((await fakeGatewayPage(checkoutUrl)).html).toContain('64.00 USD')
    const approved = await fakeGatewayPage(checkoutUrl, 'approve')
    const back = portalPath(approved.location)
    expect(back).toMatch(
      new RegExp(`^/billing/pay/paypal/return\\?ps=[0-9a-f-]{36}&token=${orderId}&PayerID=`),
    )
    const shown = await follow(a.visitor, await a.visitor.get(back))
    expect(alerts(shown)).toContain(`Thank you: we have received $64.00. Invoice ${inv.number} is paid.`)
    const capture = paypal.captureOf(orderId)
    expect(await invoiceRow(inv.id)).toMatchObject({
      status: 'PAID',
      transactions: [{ gateway: 'paypal', amount: 6400n, fee: 272n, type: 'PAYMENT' }],
    })

    const before = await billingCounts()
    const completed = paypal.lastEvent('PAYMENT.CAPTURE.COMPLETED')
    expect((completed.resource as { id: string }).id).toBe(capture.id)
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => paypal.deliverWebhook(webhookUrl(), completed)),
    )
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200))
    expect(answers.filter((r) => !JSON.parse(r.body).duplicate)).toHaveLength(1)
    const after = await billingCounts()
    expect({ ...after, webhookEvents: before.webhookEvents }).toEqual(before)
    expect(
      await getDb().webhookEvent.count({ where: { provider: 'paypal', eventId: completed.id as string } }),
    ).toBe(1)
    // The browser reloads the return address: PayPal reports the capture that exists, nothing new.
    await a.visitor.get(back)
    expect((await invoiceRow(inv.id)).transactions).toHaveLength(1)
  })

  it('a pending capture (eCheck) is settled by the webhook when it clears', async () => {
    const { a, inv, checkoutUrl, orderId } = await openOrder(2000)
    const approved = await fakeGatewayPage(checkoutUrl, 'approve_pending')
    const pending = await follow(a.visitor, await a.visitor.get(portalPath(approved.location)))
    expect(alerts(pending)).toContain(
      'Your payment of $20.00 is being processed by PayPal. The invoice will show as paid once it is confirmed, and we will email you a receipt.',
    )
    expect((await invoiceRow(inv.id)).status).toBe('UNPAID')
    paypal.completePendingCapture(paypal.captureOf(orderId).id as string)
    const cleared = paypal.lastEvent('PAYMENT.CAPTURE.COMPLETED')
    expect((await paypal.deliverWebhook(webhookUrl(), cleared)).status).toBe(200)
    expect(await invoiceRow(inv.id)).toMatchObject({ status: 'PAID', amountPaid: 2000n })
  })

  it('a declined funding source comes back as a failed payment, and the invoice can be paid again', async () => {
    const { a, inv, checkoutUrl } = await openOrder(1500)
    const declined = await fakeGatewayPage(checkoutUrl, 'approve_declined')
    const page = await follow(a.visitor, await a.visitor.get(portalPath(declined.location)))
    expect(alerts(page)).toContain(
      'The payment did not go through, and nothing was charged. You can try again or choose another way to pay.',
    )
    expect(page.$('h1 .badge').text()).toBe('Unpaid')
    expect(payButtons(page)).toEqual({ 'Pay with PayPal': 'paypal' })
    expect((await invoiceRow(inv.id)).transactions).toEqual([])
  })

  it('refuses a webhook whose body was changed after signing (PayPal says FAILURE): 400, REJECTED, nothing applied', async () => {
    const { a, inv, checkoutUrl, orderId } = await openOrder(3000)
    await fakeGatewayPage(checkoutUrl, 'approve_pending')
    await a.visitor.get(
      `/billing/pay/paypal/return?ps=${(await getDb().paymentSession.findFirstOrThrow({ where: { invoiceId: inv.id } })).id}&token=${orderId}`,
    )
    paypal.completePendingCapture(paypal.captureOf(orderId).id as string)
    const signed = paypal.signedWebhook(paypal.lastEvent('PAYMENT.CAPTURE.COMPLETED'))
    const before = await billingCounts()
    const tampered = signed.body.replace('"value":"30.00"', '"value":"3000.00"')
    expect(tampered).not.toBe(signed.body)
    const res = await fetch(webhookUrl(), { method: 'POST', body: tampered, headers: signed.headers })
    expect(res.status).toBe(400)
    const row = await getDb().webhookEvent.findFirstOrThrow({
      where: { provider: 'paypal', status: 'REJECTED' },
      orderBy: { receivedAt: 'desc' },
    })
    expect(row.error).toMatch(/verif/i)
    const after = await billingCounts()
    expect({ ...after, webhookEvents: before.webhookEvents }).toEqual(before)
    expect((await invoiceRow(inv.id)).status).toBe('UNPAID')
    // The genuine delivery still goes through.
    expect(
      (await fetch(webhookUrl(), { method: 'POST', body: signed.body, headers: signed.headers })).status,
    ).toBe(200)
    expect((await invoiceRow(inv.id)).status).toBe('PAID')
  })
})
