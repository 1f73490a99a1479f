import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { parseDateOnly } from '@berth/core'
import { makeBillingClient } from '../support/billing-factories'
import { makeProduct, superAdmin } from '../support/catalog-factories'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const db = getDb()

/** `npm run billing-run -- ...` as an operator runs it: a child process against this test's database. */
async function billingRun(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/billing-run.ts', ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: process.env.DATABASE_URL,
          ENCRYPTION_KEY: process.env.ENCRYPTION_KEY,
          NODE_ENV: 'test',
        },
        timeout: 60_000,
      },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

async function dueService(nextDueDate: string) {
  const admin = await superAdmin()
  const product = await makeProduct(admin, { prices: [{ cycle: 'MONTHLY', amount: 2000 }] })
  const c = await makeBillingClient()
  await db.service.create({
    data: {
      clientId: c.clientId,
      productId: product.id,
      status: 'ACTIVE',
      billingCycle: 'MONTHLY',
      currencyCode: 'USD',
      firstPaymentAmount: 2000n,
      recurringAmount: 2000n,
      registrationDate: parseDateOnly(nextDueDate),
      nextDueDate: parseDateOnly(nextDueDate),
    },
  })
  return c.clientId
}

describe('npm run billing-run', () => {
  it(
    "--json prints one object with invoicesCreated beside the other steps' counts; again for the same date creates nothing",
    { timeout: 120_000 },
    async () => {
      const clientId = await dueService('2027-01-29')
      const first = await billingRun('--date', '2027-01-15', '--json')
      expect(first.code).toBe(0)
      const report = JSON.parse(first.stdout) as Record<string, unknown>
      expect(report).toMatchObject({
        asOf: '2027-01-15',
        invoicesCreated: 1,
        remindersSent: 0,
        noticesSent: 0,
        suspended: 0,
        failed: 0,
      })
      expect(report.steps).toMatchObject({
        'renewal-invoices': { status: 'SUCCEEDED', seen: 1, changed: 1, invoicesCreated: 1 },
      })
      expect(await db.invoice.count({ where: { clientId } })).toBe(1)

      const again = JSON.parse((await billingRun('--date', '2027-01-15', '--json')).stdout) as {
        invoicesCreated: number
      }
      expect(again.invoicesCreated).toBe(0)
      expect(await db.invoice.count({ where: { clientId } })).toBe(1)
    },
  )

  it(
    'two at once create each invoice once; without --json it prints per-step counts',
    { timeout: 120_000 },
    async () => {
      const clientId = await dueService('2027-02-20')
      const [a, b] = await Promise.all([
        billingRun('--date', '2027-02-06', '--json'),
        billingRun('--date', '2027-02-06'),
      ])
      expect(a.code).toBe(0)
      expect(b.code).toBe(0)
      const created =
        (JSON.parse(a.stdout) as { invoicesCreated: number }).invoicesCreated +
        Number(/(\d+) renewal invoice\(s\) created/.exec(b.stdout)![1])
      expect(created).toBe(1)
      expect(b.stdout).toMatch(/renewal-invoices\s+seen \d+, changed \d+, failed 0/)
      expect(await db.invoice.count({ where: { clientId } })).toBe(1)
    },
  )

  it('refuses a date that does not exist, naming the flag', async () => {
    const r = await billingRun('--date', '2027-02-30')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--date must be a date such as 2027-01-15')
  })
})
