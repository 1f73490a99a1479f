import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refundPayment, todayUtc } from '@berth/core'
import { getDb } from '@berth/prisma'
import { makeStaff } from '@berth/tests/support/factories'
import { makeClientWithService, makeProduct, superAdmin } from '@berth/tests/support/catalog-factories'
import { signedIn, startAdmin, type RunningAdmin } from '../test-support/admin-client'

/**
 * Reports over HTTP: one service of a product with a hostile name, ordered and paid today
 * (1000 monthly + 500 setup = $15.00), then $1.00 refunded today.
 */
const HOSTILE = '=HYPERLINK("http://evil.example","click")'
let admin: RunningAdmin
const today = todayUtc().toISOString().slice(0, 10)

beforeAll(async () => {
  admin = await startAdmin()
  const sa = await superAdmin()
  const product = await makeProduct(sa, {
    name: HOSTILE,
    prices: [{ cycle: 'MONTHLY', amount: 1000, setupFee: 500 }],
  })
  const { order } = await makeClientWithService(product.id)
  const payment = await getDb().transaction.findFirstOrThrow({
    where: { invoiceId: order.invoiceId, type: 'PAYMENT' },
    select: { id: true },
  })
  await refundPayment((await makeStaff('Billing')).ctx, {
    transactionId: payment.id,
    amount: 100,
    reason: 'goodwill',
  })
}, 120_000)
afterAll(async () => {
  await admin.close()
})

async function as(role: string) {
  const me = await makeStaff(role)
  return signedIn(admin.baseUrl, me.email, me.password)
}

describe('Reports page', () => {
  it('Billing, Super admin and Read-only see the five reports with their numbers', async () => {
    for (const role of ['Billing', 'Super admin', 'Read-only']) {
      const browser = await as(role)
      const page = await browser.get(`/admin/api/pages/reports?from=${today}&to=${today}&asOf=${today}`)
      expect(page.status).toBe(200)
      const reports = page.json.data.reports as {
        key: string
        csv: string
        table: { rows: string[][] }
        charts: { bars: { label: string; value: string; height: number }[] }[]
      }[]
      expect(reports.map((r) => r.key)).toEqual([
        'income-by-month',
        'income-by-product',
        'aging',
        'churn',
        'tax',
      ])
      const month = reports[0]!
      expect(month.table.rows).toEqual([[today.slice(0, 7), 'USD', '$15.00', '$1.00', '$14.00']])
      expect(month.charts[0]!.bars).toEqual([{ label: today.slice(0, 7), value: '$14.00', height: 1000 }])
      expect(reports[1]!.table.rows).toEqual([[HOSTILE, 'USD', '2', '$15.00']])
      expect(reports[1]!.csv).toBe(`download=income-by-product&from=${today}&to=${today}`)
    }
  })

  it('Support is refused the page and its CSV on the server; a visitor gets 401', async () => {
    const browser = await as('Support')
    expect((await browser.get(`/admin/api/pages/reports`)).status).toBe(403)
    const csv = await fetch(
      `${admin.baseUrl}/admin/api/pages/reports?download=income-by-product&from=${today}&to=${today}`,
      { headers: { cookie: browser.cookieHeader() } },
    )
    expect(csv.status).toBe(403)
    expect(await csv.text()).not.toContain('HYPERLINK')
    const visitor = await fetch(
      `${admin.baseUrl}/admin/api/pages/reports?download=income-by-product&from=${today}&to=${today}`,
      { redirect: 'manual' },
    )
    expect(visitor.status).toBe(401)
  })

  it('downloads each report as CSV; the hostile product name is an inert cell', async () => {
    const browser = await as('Billing')
    const res = await fetch(
      `${admin.baseUrl}/admin/api/pages/reports?download=income-by-product&from=${today}&to=${today}`,
      { headers: { cookie: browser.cookieHeader() } },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="income-by-product-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    expect(await res.text()).toBe(
      `Product,Currency,Lines,Amount\r\n"'=HYPERLINK(""http://evil.example"",""click"")",USD,2,15.00\r\n`,
    )
    const month = await fetch(
      `${admin.baseUrl}/admin/api/pages/reports?download=income-by-month&from=${today}&to=${today}`,
      { headers: { cookie: browser.cookieHeader() } },
    )
    expect((await month.text()).split('\r\n')[1]).toBe(`${today.slice(0, 7)},USD,15.00,1.00,14.00`)
    const bad = await fetch(
      `${admin.baseUrl}/admin/api/pages/reports?download=income-by-month&from=2030-02-01&to=2030-01-01`,
      { headers: { cookie: browser.cookieHeader() } },
    )
    expect(bad.status).toBe(422)
    expect(await bad.text()).toBe('The start date is after the end date.')
  })
})

describe('Dashboard business figures', () => {
  it('Billing sees revenue net of refunds, MRR, counts and the last run; Support does not', async () => {
    const billing = await as('Billing')
    const business = (await billing.get('/admin/api/dashboard')).json.business
    expect(business.revenue).toEqual([{ currency: 'USD', today: '$14.00', month: '$14.00', year: '$14.00' }])
    expect(business.mrr).toEqual([{ currency: 'USD', amount: '$10.00' }])
    expect(business.activeServices).toBe(1)
    expect(business.unpaid).toEqual([])
    expect(business.lastRun).toBeNull()
    expect(business.chart[0].bars).toHaveLength(12)
    expect(business.chart[0].bars[11]).toEqual({ label: today.slice(0, 7), value: '$14.00', height: 1000 })
    const support = await as('Support')
    expect((await support.get('/admin/api/dashboard')).json.business).toBeNull()
  })
})
