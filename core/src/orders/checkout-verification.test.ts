import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, registration } from '@berth/tests/support/factories'
import {
  makeProduct,
  orderAsClient,
  orderCounts,
  superAdmin,
  uid,
  visitorCart,
} from '@berth/tests/support/catalog-factories'
import { updateSettings } from '../settings'
import { checkout } from './checkout'

/** With `portal.requireEmailVerification` on, only clients who confirmed their address can order. */
const db = getDb()
const admin = await superAdmin()
const product = await makeProduct(admin)
await updateSettings(admin, { 'portal.requireEmailVerification': true })
const key = () => `verify-${uid()}-${uid()}-${uid()}`

describe('checkout when the host requires confirmed email addresses', () => {
  it('refuses a visitor registering at checkout, and writes nothing', async () => {
    const { ctx, token } = await visitorCart(db, [{ productId: product.id }])
    const before = await orderCounts()
    const error = await checkout(ctx, {
      cart: { token },
      newClient: registration(),
      acceptTerms: true,
      paymentMethod: 'manual',
      idempotencyKey: key(),
    }).catch((e) => e)
    expect(error.code).toBe('EMAIL_NOT_VERIFIED')
    expect(await orderCounts()).toEqual(before)
  })

  it('refuses a client who has not confirmed, and accepts them once they have', async () => {
    const client = await makeClient()
    const before = await orderCounts()
    const error = await orderAsClient(client.ctx, [{ productId: product.id }]).catch((e) => e)
    expect(error.code).toBe('EMAIL_NOT_VERIFIED')
    expect((await orderCounts()).orders).toBe(before.orders)
    await db.user.update({ where: { id: client.userId }, data: { emailVerifiedAt: new Date() } })
    const order = await orderAsClient(client.ctx, [{ productId: product.id }])
    expect(order.orderId).toBeTruthy()
  })
})
