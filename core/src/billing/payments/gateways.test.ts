import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeStaff } from '@berth/tests/support/factories'
import {
  makeBillingClient,
  billingCounts,
  enableTestGateway,
  expectDomainError,
  item,
  makeBillingTeam,
  makeInvoice,
} from '@berth/tests/support/billing-factories'
import { decryptSecret, EncryptionError, secretBinding } from '../../crypto'
import { anonymousCtx, type Ctx } from '../../shared'
import { addCredit } from '../credit/add-credit'
import { createAddFundsInvoice } from '../credit/create-add-funds-invoice'
import { getCreditBalance } from '../credit/get-credit-balance'
import { cancelInvoice } from '../invoices/cancel-invoice'
import { getInvoice } from '../invoices/get-invoice'
import { completePayment } from './complete-payment'
import { getPaymentSession } from './get-payment-session'
import { receiveWebhook } from './receive-webhook'
import { signTestWebhook, testWebhookBody, TEST_SIGNATURE_HEADER } from '../gateways/test'
import { REQUEST } from '@berth/tests/support/factories'
import { listGatewayConfigs } from './list-gateway-configs'
import { loadGateway } from './load-gateway'
import { listPaymentMethods } from './list-payment-methods'
import { startPayment } from './start-payment'
import { testGatewayConnection } from './test-gateway-connection'
import { updateGatewayConfig } from './update-gateway-config'

let billing: Ctx
let admin: Ctx
const originalEnv = process.env.NODE_ENV

beforeAll(async () => {
  const team = await makeBillingTeam()
  billing = team.billing.ctx
  admin = team.admin.ctx
  await enableTestGateway(admin)
})

afterEach(() => {
  process.env.NODE_ENV = originalEnv
})

describe('gateway configuration', () => {
  it('lists every adapter with secrets masked, and stores secrets encrypted', async () => {
    const updated = await updateGatewayConfig(admin, {
      gateway: 'test',
      secrets: { webhookSecret: 'whsec_supersecretvalue1234' },
      sortOrder: 5,
    })
    expect(updated.secretFields).toEqual([
      expect.objectContaining({ key: 'webhookSecret', isSet: true, masked: '••••1234' }),
    ])
    expect(JSON.stringify(await listGatewayConfigs(admin))).not.toContain('supersecret')
    const row = await getDb().gatewayConfig.findUniqueOrThrow({ where: { gateway: 'test' } })
    expect(row.settingsEnc).not.toContain('supersecret')
    expect(
      JSON.parse(decryptSecret(row.settingsEnc!, secretBinding('GatewayConfig.settingsEnc', 'test'))),
    ).toEqual({ webhookSecret: 'whsec_supersecretvalue1234' })
    // An empty field keeps the stored secret; null clears it.
    await updateGatewayConfig(admin, { gateway: 'test', secrets: { webhookSecret: '' } })
    expect(
      JSON.parse(
        decryptSecret(
          (await getDb().gatewayConfig.findUniqueOrThrow({ where: { gateway: 'test' } })).settingsEnc!,
          secretBinding('GatewayConfig.settingsEnc', 'test'),
        ),
      ),
    ).toEqual({ webhookSecret: 'whsec_supersecretvalue1234' })
    await updateGatewayConfig(admin, { gateway: 'test', secrets: { webhookSecret: null } })
    expect(
      (await getDb().gatewayConfig.findUniqueOrThrow({ where: { gateway: 'test' } })).settingsEnc,
    ).toBeNull()
    const audits = await getDb().auditEvent.findMany({ where: { action: 'billing.gateway.update' } })
    expect(JSON.stringify(audits.map((a) => [a.before, a.after]))).not.toContain('supersecret')
    const ids = (await listGatewayConfigs(admin)).map((g) => g.gateway)
    expect(ids).toEqual(expect.arrayContaining(['stripe', 'paypal', 'test']))
  })

  it("binds stored secrets to their gateway: a value copied onto another gateway's row does not decrypt", async () => {
    await updateGatewayConfig(admin, {
      gateway: 'test',
      secrets: { webhookSecret: 'whsec_attacker_known_1234' },
    })
    await updateGatewayConfig(admin, {
      gateway: 'stripe',
      secrets: { secretKey: 'sk_test_real_stripe_key_9876', webhookSecret: 'whsec_real_stripe_5555' },
    })
    expect((await loadGateway(getDb(), 'stripe', { requireEnabled: false })).settings.secrets).toEqual({
      secretKey: 'sk_test_real_stripe_key_9876',
      webhookSecret: 'whsec_real_stripe_5555',
    })
    // Someone with write access to the table copies the test gateway's sealed settings onto Stripe's row.
    const copied = (await getDb().gatewayConfig.findUniqueOrThrow({ where: { gateway: 'test' } }))
      .settingsEnc!
    await getDb().gatewayConfig.update({ where: { gateway: 'stripe' }, data: { settingsEnc: copied } })
    const refused = await loadGateway(getDb(), 'stripe', { requireEnabled: false }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(EncryptionError)
    expect((refused as Error).message).toMatch(
      /^Cannot decrypt GatewayConfig:stripe:settingsEnc with key [0-9a-f]{8}: the value was altered or belongs to another record or field$/,
    )
    expect((refused as Error).message).not.toContain('whsec')
    await expect(listGatewayConfigs(admin)).rejects.toThrow('Cannot decrypt GatewayConfig:stripe:settingsEnc')
    // The test gateway's own row still opens.
    expect((await loadGateway(getDb(), 'test', { requireEnabled: false })).settings.secrets).toEqual({
      webhookSecret: 'whsec_attacker_known_1234',
    })
    await getDb().gatewayConfig.update({ where: { gateway: 'stripe' }, data: { settingsEnc: null } })
    await updateGatewayConfig(admin, { gateway: 'test', secrets: { webhookSecret: null } })
  })

  it('refuses unknown fields, unknown gateways, missing required fields and staff without billing.gateways', async () => {
    const before = await billingCounts()
    expect(
      (await expectDomainError(updateGatewayConfig(admin, { gateway: 'test', secrets: { apiKey: 'x' } })))
        .field,
    ).toBe('secrets.apiKey')
    expect(
      (await expectDomainError(updateGatewayConfig(admin, { gateway: 'nope', isEnabled: true }))).code,
    ).toBe('NOT_FOUND')
    expect(
      (await expectDomainError(updateGatewayConfig(billing, { gateway: 'test', isEnabled: false }))).code,
    ).toBe('FORBIDDEN')
    expect((await expectDomainError(listGatewayConfigs(billing))).code).toBe('FORBIDDEN')
    const stripe = (await listGatewayConfigs(admin)).find((g) => g.gateway === 'stripe')!
    if (stripe.secretFields.some((f) => f.isRequired)) {
      const error = await expectDomainError(
        updateGatewayConfig(admin, { gateway: 'stripe', isEnabled: true }),
      )
      expect(error.code).toBe('VALIDATION_FAILED')
      expect(error.message).toMatch(/is required to enable/)
    }
    expect(await billingCounts()).toEqual(before)
    expect(await testGatewayConnection(admin, { gateway: 'test' })).toEqual({ ok: true })
  })

  it('the test gateway cannot be configured, listed or used in production mode', async () => {
    const client = await makeBillingClient()
    const inv = await makeInvoice(billing, client.clientId, [item(1000)])
    const before = await billingCounts()
    process.env.NODE_ENV = 'production'
    expect(
      (await expectDomainError(updateGatewayConfig(admin, { gateway: 'test', isEnabled: true }))).code,
    ).toBe('NOT_IN_PRODUCTION')
    expect((await listGatewayConfigs(admin)).map((g) => g.gateway)).not.toContain('test')
    expect((await listPaymentMethods(client.ctx)).map((m) => m.id)).not.toContain('test')
    const refused = await expectDomainError(startPayment(client.ctx, { invoiceId: inv.id, gateway: 'test' }))
    expect(refused).toMatchObject({
      code: 'GATEWAY_NOT_AVAILABLE',
      message: 'Test gateway — no real money cannot be used in production mode.',
    })
    expect(await billingCounts()).toEqual(before)
    process.env.NODE_ENV = originalEnv
    expect((await listPaymentMethods(client.ctx)).map((m) => m.id)).toContain('test')
    // A checkout opened before the switch cannot be completed, nor a webhook received, in production.
    const started = await startPayment(client.ctx, { invoiceId: inv.id, gateway: 'test' })
    const rawBody = testWebhookBody('evt_prod', [
      {
        kind: 'payment.succeeded',
        gatewayTransactionId: 'tpay_prod',
        paymentSessionId: started.paymentSessionId,
        amount: 1000n,
        currency: 'USD',
        fee: 0n,
        occurredAt: new Date(),
      },
    ])
    process.env.NODE_ENV = 'production'
    const afterStart = await billingCounts()
    expect(
      (
        await expectDomainError(
          completePayment(client.ctx, { gateway: 'test', gatewaySessionId: started.gatewaySessionId }),
        )
      ).code,
    ).toBe('GATEWAY_NOT_AVAILABLE')
    expect(
      await receiveWebhook(anonymousCtx(getDb(), REQUEST), {
        provider: 'test',
        rawBody,
        headers: { [TEST_SIGNATURE_HEADER]: signTestWebhook(rawBody) },
      }),
    ).toMatchObject({ status: 404 })
    expect(await billingCounts()).toEqual(afterStart)
    process.env.NODE_ENV = originalEnv
    expect((await getInvoice(client.ctx, { invoiceId: inv.id })).status).toBe('UNPAID')
  })
})

describe('paying through the test gateway', () => {
  it('lists enabled gateways and credit for a client', async () => {
    const client = await makeBillingClient()
    expect(await listPaymentMethods(client.ctx)).toEqual([
      {
        kind: 'gateway',
        id: 'test',
        displayName: 'Test gateway (no real money)',
        isTestMode: true,
        isDemoOnly: true,
      },
    ])
    await addCredit(billing, { clientId: client.clientId, amount: 250, reason: 'Gift' })
    expect((await listPaymentMethods(client.ctx)).at(-1)).toEqual({
      kind: 'credit',
      id: 'credit',
      displayName: 'Account credit',
      balance: 250n,
      currency: 'USD',
    })
    expect((await expectDomainError(listPaymentMethods(billing))).code).toBe('UNAUTHENTICATED')
  })

  it('start → the portal page → complete: the invoice is paid once, with the fee, however often the return URL is hit', async () => {
    const client = await makeBillingClient()
    const inv = await makeInvoice(billing, client.clientId, [item(2500)])
    const started = await startPayment(client.ctx, { invoiceId: inv.id, gateway: 'test' })
    expect(started.redirectUrl).toBe(
      `${process.env.PORTAL_URL}/billing/test-gateway/${started.gatewaySessionId}`,
    )
    expect(
      await getPaymentSession(client.ctx, { gateway: 'test', gatewaySessionId: started.gatewaySessionId }),
    ).toMatchObject({
      paymentSessionId: started.paymentSessionId,
      status: 'open',
      amount: 2500n,
      currency: { code: 'USD', exponent: 2 },
      invoiceNumber: inv.number,
      isDemoOnly: true,
    })
    const stranger = await makeBillingClient()
    expect(
      (
        await expectDomainError(
          getPaymentSession(stranger.ctx, { gateway: 'test', gatewaySessionId: started.gatewaySessionId }),
        )
      ).code,
    ).toBe('NOT_FOUND')
    const session = await getDb().paymentSession.findUniqueOrThrow({
      where: { id: started.paymentSessionId },
    })
    expect(session).toMatchObject({
      status: 'open',
      amount: 2500n,
      gatewaySessionId: started.gatewaySessionId,
      invoiceId: inv.id,
    })

    const done = await completePayment(client.ctx, {
      gateway: 'test',
      gatewaySessionId: started.gatewaySessionId,
      query: { outcome: 'pay' },
    })
    expect(done).toMatchObject({ outcome: 'paid', invoiceId: inv.id, invoiceStatus: 'PAID' })
    const again = await completePayment(client.ctx, {
      gateway: 'test',
      paymentSessionId: started.paymentSessionId,
      query: {},
    })
    expect(again.outcome).toBe('paid')
    const paid = await getInvoice(client.ctx, { invoiceId: inv.id })
    expect(paid.transactions).toHaveLength(1)
    expect(paid.transactions[0]).toMatchObject({ gateway: 'test', amount: 2500n, fee: 73n, type: 'PAYMENT' })
    expect(
      (await getDb().paymentSession.findUniqueOrThrow({ where: { id: started.paymentSessionId } })).status,
    ).toBe('completed')
    expect(
      await getDb().emailLog.count({ where: { clientId: client.clientId, template: 'payment-receipt' } }),
    ).toBe(1)
  })

  it('two tabs paying one invoice: both checkouts work, one payment settles, the other becomes credit', async () => {
    const client = await makeBillingClient()
    const inv = await makeInvoice(billing, client.clientId, [item(4000)])
    const [a, b] = await Promise.all([
      startPayment(client.ctx, { invoiceId: inv.id, gateway: 'test' }),
      startPayment(client.ctx, { invoiceId: inv.id, gateway: 'test' }),
    ])
    expect(a.paymentSessionId).not.toBe(b.paymentSessionId)
    const results = await Promise.all([
      completePayment(client.ctx, { gateway: 'test', gatewaySessionId: a.gatewaySessionId }),
      completePayment(client.ctx, { gateway: 'test', gatewaySessionId: b.gatewaySessionId }),
    ])
    expect(results.map((r) => r.outcome)).toEqual(['paid', 'paid'])
    const after = await getInvoice(client.ctx, { invoiceId: inv.id })
    expect(after).toMatchObject({ status: 'PAID', amountPaid: 4000n, balance: 0n })
    expect(after.transactions).toHaveLength(2)
    expect((await getCreditBalance(client.ctx)).balance).toBe(4000n)
    const overpay = await getDb().creditEntry.findFirstOrThrow({
      where: { clientId: client.clientId, kind: 'OVERPAYMENT' },
    })
    expect(overpay.reason).toMatch(/already paid/)
  })

  it('a declined payment leaves the invoice unpaid and emails the client once', async () => {
    const client = await makeBillingClient()
    const inv = await makeInvoice(billing, client.clientId, [item(1500)])
    const started = await startPayment(client.ctx, { invoiceId: inv.id, gateway: 'test' })
    expect(
      (
        await completePayment(client.ctx, {
          gateway: 'test',
          gatewaySessionId: started.gatewaySessionId,
          query: { outcome: 'fail' },
        })
      ).outcome,
    ).toBe('failed')
    expect(
      (
        await completePayment(client.ctx, {
          gateway: 'test',
          gatewaySessionId: started.gatewaySessionId,
          query: { outcome: 'fail' },
        })
      ).outcome,
    ).toBe('failed')
    expect((await getInvoice(client.ctx, { invoiceId: inv.id })).status).toBe('UNPAID')
    const mails = await getDb().emailLog.findMany({
      where: { clientId: client.clientId, template: 'payment-failed' },
    })
    expect(mails).toHaveLength(1)
    expect(mails[0]!.props).toMatchObject({ amount: '$15.00', method: 'Test gateway — no real money' })
    const pending = await startPayment(client.ctx, { invoiceId: inv.id, gateway: 'test' })
    expect(
      (
        await completePayment(client.ctx, {
          gateway: 'test',
          gatewaySessionId: pending.gatewaySessionId,
          query: { outcome: 'pending' },
        })
      ).outcome,
    ).toBe('pending')
  })

  it('add funds through the gateway becomes credit', async () => {
    const client = await makeBillingClient()
    const inv = await createAddFundsInvoice(client.ctx, { amount: 2000 })
    const started = await startPayment(client.ctx, { invoiceId: inv.id, gateway: 'test' })
    await completePayment(client.ctx, { gateway: 'test', gatewaySessionId: started.gatewaySessionId })
    expect((await getCreditBalance(client.ctx)).balance).toBe(2000n)
    expect((await getInvoice(client.ctx, { invoiceId: inv.id })).status).toBe('PAID')
  })

  it("refuses paid, cancelled and other clients' invoices, unknown or disabled gateways, and staff; nothing written", async () => {
    const client = await makeBillingClient()
    const other = await makeBillingClient()
    const paid = await makeInvoice(billing, client.clientId, [item(0)])
    const cancelled = await makeInvoice(billing, client.clientId, [item(100)])
    await cancelInvoice(billing, { invoiceId: cancelled.id })
    const theirs = await makeInvoice(billing, other.clientId, [item(100)])
    const mine = await makeInvoice(billing, client.clientId, [item(100)])
    const before = await billingCounts()
    const cases: [() => Promise<unknown>, string][] = [
      [() => startPayment(client.ctx, { invoiceId: paid.id, gateway: 'test' }), 'INVOICE_ALREADY_PAID'],
      [() => startPayment(client.ctx, { invoiceId: cancelled.id, gateway: 'test' }), 'INVOICE_NOT_PAYABLE'],
      [() => startPayment(client.ctx, { invoiceId: theirs.id, gateway: 'test' }), 'NOT_FOUND'],
      [() => startPayment(client.ctx, { invoiceId: 'x', gateway: 'test' }), 'NOT_FOUND'],
      [() => startPayment(client.ctx, { invoiceId: mine.id, gateway: 'bitcoin' }), 'GATEWAY_NOT_AVAILABLE'],
      [() => startPayment(client.ctx, { invoiceId: mine.id, gateway: 'stripe' }), 'GATEWAY_NOT_AVAILABLE'],
      [() => startPayment(billing, { invoiceId: mine.id, gateway: 'test' }), 'UNAUTHENTICATED'],
    ]
    for (const [call, code] of cases) expect((await expectDomainError(call())).code).toBe(code)
    expect(await billingCounts()).toEqual(before)
  })

  it("a client cannot complete someone else's payment session", async () => {
    const client = await makeBillingClient()
    const other = await makeBillingClient()
    const inv = await makeInvoice(billing, client.clientId, [item(100)])
    const started = await startPayment(client.ctx, { invoiceId: inv.id, gateway: 'test' })
    expect(
      (
        await expectDomainError(
          completePayment(other.ctx, { gateway: 'test', gatewaySessionId: started.gatewaySessionId }),
        )
      ).code,
    ).toBe('NOT_FOUND')
    expect(
      (
        await expectDomainError(
          completePayment(other.ctx, { gateway: 'test', paymentSessionId: started.paymentSessionId }),
        )
      ).code,
    ).toBe('NOT_FOUND')
    expect((await getInvoice(client.ctx, { invoiceId: inv.id })).status).toBe('UNPAID')
    const readOnly = await makeStaff('Read-only')
    expect(readOnly.ctx.actor.type).toBe('staff')
  })
})
