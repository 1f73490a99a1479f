import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeBillingClient, makeBillingTeam } from '@berth/tests/support/billing-factories'
import { INVOICE_LIST_COUNT_LIMIT } from '../resources/invoice.resource'
import { signedIn, startAdmin, type AdminClient, type RunningAdmin } from '../test-support/admin-client'
import { BerthResource } from './berth-resource'

/**
 * The unfiltered invoice list counts at most INVOICE_LIST_COUNT_LIMIT invoices and answers one more
 * beyond them (docs/decisions/0039-bounded-list-counts.md): with a million invoices its count stops
 * early instead of visiting every row. Filtered lists (a client's, a status) keep exact counts.
 */
let admin: RunningAdmin
let browser: AdminClient
let bigClient: string
let smallClient: string
const MANY = INVOICE_LIST_COUNT_LIMIT + 5

/** `n` published unpaid invoices for a client, written with one INSERT ... SELECT. */
async function seedInvoices(clientId: string, n: number, prefix: string) {
  await getDb().$executeRawUnsafe(
    `INSERT INTO "Invoice" (id, number, "clientId", status, "currencyCode", "issueDate", "dueDate", subtotal, total, balance, "publishedAt", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), '${prefix}-' || g, $1::uuid, 'UNPAID', 'USD', DATE '2026-01-01', DATE '2026-01-15', 1000, 1000, 1000,
            now(), now() - g * interval '1 second', now()
       FROM generate_series(1, ${n}) AS g`,
    clientId,
  )
}

beforeAll(async () => {
  admin = await startAdmin()
  const { billing } = await makeBillingTeam()
  browser = await signedIn(admin.baseUrl, billing.email, billing.password)
  bigClient = (await makeBillingClient()).clientId
  smallClient = (await makeBillingClient()).clientId
  await seedInvoices(bigClient, MANY, 'BIG')
  await seedInvoices(smallClient, 3, 'SMALL')
})
afterAll(async () => {
  await admin.close()
})

describe('the invoice list count', () => {
  it('stops at the limit: one more than INVOICE_LIST_COUNT_LIMIT means "more"', async () => {
    expect(await getDb().invoice.count()).toBeGreaterThan(INVOICE_LIST_COUNT_LIMIT + 1)
    const res = await browser.get('/admin/api/resources/Invoice/actions/list')
    expect(res.status).toBe(200)
    expect(res.json.meta.total).toBe(INVOICE_LIST_COUNT_LIMIT + 1)
    expect(res.json.records.length).toBeGreaterThan(0)
    // A page well inside the counted range still lists invoices.
    const page = await browser.get('/admin/api/resources/Invoice/actions/list?page=400')
    expect(page.status).toBe(200)
    expect(page.json.records.length).toBeGreaterThan(0)
  })

  it('is exact below the limit (a client, a status with a client)', async () => {
    const one = await browser.get(`/admin/api/resources/Invoice/actions/list?filters.client=${smallClient}`)
    expect(one.json.meta.total).toBe(3)
    expect(one.json.records).toHaveLength(3)
    const unpaid = await browser.get(
      `/admin/api/resources/Invoice/actions/list?filters.client=${smallClient}&filters.displayStatus=UNPAID`,
    )
    expect(unpaid.json.meta.total).toBe(3)
    const paid = await browser.get(
      `/admin/api/resources/Invoice/actions/list?filters.client=${smallClient}&filters.displayStatus=PAID`,
    )
    expect(paid.json.meta.total).toBe(0)
  })

  it('a filtered count stays exact above the limit; resources without a limit count everything', async () => {
    const exact = new BerthResource(getDb(), { model: 'Invoice' })
    const bounded = new BerthResource(getDb(), { model: 'Invoice', countLimit: 100 })
    const all = await getDb().invoice.count()
    const none = { filters: {} }
    const byClient = { filters: { clientId: { path: 'clientId', property: null, value: bigClient } } }
    expect(await exact.count(none as never)).toBe(all)
    expect(await bounded.count(none as never)).toBe(101)
    expect(await exact.count(byClient as never)).toBe(MANY)
    expect(await bounded.count(byClient as never)).toBe(MANY)
    const big = await browser.get(`/admin/api/resources/Invoice/actions/list?filters.client=${bigClient}`)
    expect(big.json.meta.total).toBe(MANY)
  })
})
