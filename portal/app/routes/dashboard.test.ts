import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeProduct, superAdmin } from '@berth/tests/support/catalog-factories'
import { loggedInClient } from '../../test/billing'
import { usePortalServer } from '../../test/portal-server'

/**
 * The dashboard's services tile says what it counts: active services as the number, the pending
 * and suspended ones beside it (it said 3 "Active services" for one active, one pending and one
 * suspended). Terminated and cancelled services are in none of them.
 */
const portal = usePortalServer()

async function giveServices(
  clientId: string,
  productId: string,
  statuses: ('ACTIVE' | 'PENDING' | 'SUSPENDED' | 'TERMINATED' | 'CANCELLED')[],
) {
  await getDb().service.createMany({
    data: statuses.map((status) => ({
      clientId,
      productId,
      status,
      billingCycle: 'MONTHLY' as const,
      currencyCode: 'USD',
      firstPaymentAmount: 500n,
      recurringAmount: 500n,
      registrationDate: new Date('2026-01-01'),
    })),
  })
}

async function servicesTile(visitor: Awaited<ReturnType<typeof loggedInClient>>['visitor']) {
  const page = await visitor.get('/')
  expect(page.status).toBe(200)
  const tile = page
    .$('ul[aria-label="Summary"] li')
    .filter((_, li) => page.$(li).find('.tile-label').text() === 'Active services')
  expect(tile.length).toBe(1)
  return {
    value: tile.find('.tile-value').text(),
    note: tile.find('.tile-note').text(),
    href: tile.find('a').attr('href'),
  }
}

describe('the dashboard’s services tile', () => {
  it('counts active services only and names the pending and suspended ones', async () => {
    const product = await makeProduct(await superAdmin(), {
      name: 'Starter',
      prices: [{ cycle: 'MONTHLY', amount: 500 }],
    })
    const a = await loggedInClient(portal)
    const other = await loggedInClient(portal)
    await giveServices(a.clientId, product.id, ['ACTIVE', 'PENDING', 'SUSPENDED', 'TERMINATED', 'CANCELLED'])
    await giveServices(other.clientId, product.id, ['ACTIVE', 'ACTIVE', 'PENDING'])

    expect(await servicesTile(a.visitor)).toEqual({
      value: '1',
      note: '1 pending · 1 suspended',
      href: '/services',
    })
    expect(await servicesTile(other.visitor)).toEqual({ value: '2', note: '1 pending', href: '/services' })
  })

  it('says nothing more when every service is active, and leads to the store when there is none', async () => {
    const product = await makeProduct(await superAdmin(), {
      name: 'Pro',
      prices: [{ cycle: 'MONTHLY', amount: 900 }],
    })
    const a = await loggedInClient(portal)
    expect(await servicesTile(a.visitor)).toEqual({ value: '0', note: '', href: '/store' })
    await giveServices(a.clientId, product.id, ['ACTIVE', 'ACTIVE', 'ACTIVE'])
    expect(await servicesTile(a.visitor)).toEqual({ value: '3', note: '', href: '/services' })
  })
})
