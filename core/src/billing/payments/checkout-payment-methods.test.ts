import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { REQUEST } from '@berth/tests/support/factories'
import { enableTestGateway, makeBillingClient, makeBillingTeam } from '@berth/tests/support/billing-factories'
import { anonymousCtx, type Ctx } from '../../shared'
import { addCredit } from '../credit/add-credit'
import { listCheckoutPaymentMethods } from './list-payment-methods'
import { updateGatewayConfig } from './update-gateway-config'

let billing: Ctx
let admin: Ctx

beforeAll(async () => {
  const team = await makeBillingTeam()
  billing = team.billing.ctx
  admin = team.admin.ctx
})

const ids = (methods: { id: string }[]) => methods.map((method) => method.id)
const order = { currency: 'USD', total: 1000n }

// The rule the portal used to decide itself: bank transfer is offered only when no gateway is.
describe('listCheckoutPaymentMethods', () => {
  it('offers bank transfer alone while no gateway is enabled, also beside credit that covers the order', async () => {
    await updateGatewayConfig(admin, { gateway: 'test', isEnabled: false })
    expect(ids(await listCheckoutPaymentMethods(anonymousCtx(getDb(), REQUEST), order))).toEqual(['manual'])

    const client = await makeBillingClient()
    await addCredit(billing, { clientId: client.clientId, amount: 5000, reason: 'Gift' })
    expect(ids(await listCheckoutPaymentMethods(client.ctx, order))).toEqual(['credit', 'manual'])
  })

  it('drops bank transfer once a gateway is enabled; credit only when it covers the total in its currency', async () => {
    await enableTestGateway(admin)
    expect(ids(await listCheckoutPaymentMethods(anonymousCtx(getDb(), REQUEST), order))).toEqual(['test'])

    const client = await makeBillingClient()
    await addCredit(billing, { clientId: client.clientId, amount: 500, reason: 'Gift' })
    expect(ids(await listCheckoutPaymentMethods(client.ctx, order))).toEqual(['test'])
    expect(ids(await listCheckoutPaymentMethods(client.ctx, { currency: 'USD', total: 500n }))).toEqual([
      'test',
      'credit',
    ])
    expect(ids(await listCheckoutPaymentMethods(client.ctx, { currency: 'EUR', total: 500n }))).toEqual([
      'test',
    ])
  })
})
