import { expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { visitorRequest } from '@berth/tests/support/factories'
import { searchDomains } from '../availability/search-domains'
import { listTldPricing } from '../pricing/list-tld-pricing'
import { anonymousCtx } from '../../shared'
import { seedDemoTlds } from './seed-demo-tlds'

const db = getDb()

it('seeds sandbox TLDs priced in the demo currencies, so search works with no network, twice safely', async () => {
  await db.$transaction((tx) => seedDemoTlds(tx))
  await db.$transaction((tx) => seedDemoTlds(tx))
  const pricing = await listTldPricing(db, 'EUR')
  expect(pricing.slice(0, 3).map((r) => [r.tld, r.register])).toEqual([
    ['com', '1195'],
    ['net', '1379'],
    ['io', '3679'],
  ])
  expect(await db.tldPrice.count({ where: { tld: { name: 'com' }, currencyCode: 'USD' } })).toBe(21)
  const result = await searchDomains(anonymousCtx(db, visitorRequest()), {
    q: 'harbour-demo',
    currency: 'USD',
  })
  expect(result.exact).toMatchObject({
    name: 'harbour-demo.com',
    status: 'available',
    price: { amount: '1299' },
  })
  expect(result.suggestions.every((s) => s.status !== 'unknown')).toBe(true)
})
