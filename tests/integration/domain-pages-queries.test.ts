import { afterAll, describe, expect, it } from 'vitest'
import {
  addDomainToCart,
  getCartSummary,
  getClientDomain,
  listClientDomains,
  openCart,
  type Ctx,
} from '@berth/core'
import { getDb } from '@berth/prisma'
import { makeClient, uid } from '@berth/tests/support/catalog-factories'
import { countingDb } from '@berth/tests/support/counting-db'
import { seedDemoTlds } from '../../core/src/domains/demo/seed-demo-tlds'

/**
 * The SQL the domain pages' core calls send, counted at the connection: the same number for one
 * row as for many (no query per cart line, domain or DNS record). The counts are printed for the
 * closing notes; the assertions are about growth, not a fixed number.
 */
const db = getDb()
await seedDemoTlds(db)
const counted = countingDb()
afterAll(() => counted.close())

async function statementsOf(run: () => Promise<unknown>): Promise<number> {
  const before = counted.statements()
  await run()
  return counted.statements() - before
}

async function makeDomains(clientId: string, n: number, dnsRecords: number) {
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const domain = await db.domain.create({
      data: {
        clientId,
        name: `q${i}-${uid()}.com`,
        tld: 'com',
        registrar: 'sandbox',
        status: 'ACTIVE',
        currencyCode: 'USD',
        recurringAmount: 1299n,
        hasDnsManagement: true,
        nameservers: ['ns1.example.net', 'ns2.example.net'],
        expiryDate: new Date('2030-01-01'),
      },
    })
    await db.dnsRecord.createMany({
      data: Array.from({ length: dnsRecords }, (_, r) => ({
        domainId: domain.id,
        type: 'A' as const,
        name: `host${r}`,
        content: `192.0.2.${r + 1}`,
        ttl: 3600,
      })),
    })
    ids.push(domain.id)
  }
  return ids
}

describe('SQL statements of the domain pages', () => {
  it('the cart summary: as many for five domains as for one', async () => {
    const client = await makeClient()
    const ctx: Ctx = { ...client.ctx, db: counted.db as never }
    const { cartId } = await openCart(client.ctx, {})
    const cart = { cartId }
    const add = (name: string) =>
      addDomainToCart(
        client.ctx,
        { cart, action: 'register', name },
        {
          lookUp: async (n) => ({ name: n, status: 'available', source: 'registrar', isCached: false }),
        },
      )
    await add(`one-${uid()}.com`)
    const one = await statementsOf(() => getCartSummary(ctx, { cart }))
    for (const tld of ['net', 'io', 'org', 'co.uk']) await add(`more-${uid()}.${tld}`)
    const five = await statementsOf(() => getCartSummary(ctx, { cart }))
    expect((await getCartSummary(ctx, { cart })).domains).toHaveLength(5)
    console.log(`cart summary: ${one} statements with 1 domain, ${five} with 5`)
    expect(five).toBe(one)
  })

  it('the domain list and a domain page: as many for ten domains or records as for one', async () => {
    const client = await makeClient()
    const ctx: Ctx = { ...client.ctx, db: counted.db as never }
    const [first] = await makeDomains(client.clientId, 1, 1)
    const listOne = await statementsOf(() => listClientDomains(ctx, {}))
    const pageOne = await statementsOf(() => getClientDomain(ctx, first!))
    const [big] = await makeDomains(client.clientId, 9, 10)
    const listTen = await statementsOf(() => listClientDomains(ctx, {}))
    const pageTen = await statementsOf(() => getClientDomain(ctx, big!))
    expect((await listClientDomains(ctx, {})).domains).toHaveLength(10)
    expect((await getClientDomain(ctx, big!)).dnsRecords).toHaveLength(10)
    console.log(`domain list: ${listOne} / ${listTen} statements; domain page: ${pageOne} / ${pageTen}`)
    expect(listTen).toBe(listOne)
    expect(pageTen).toBe(pageOne)
  })
})
