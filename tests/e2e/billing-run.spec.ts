import { randomBytes } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { DAILY_BILLING_STEPS, hashPassword } from '@berth/core'
import { createPrismaClient, type Db } from '@berth/prisma'
import { clientLogIn, staffLogIn } from './support/actors'
import { mailCount, waitForMail } from './support/mailbox'
import { stack } from './support/stack'

/**
 * The daily billing run end to end (issue 10), through the browser against the real processes:
 * staff set the run's days on the Settings page's Automation section, "move the clock" by running
 * the run as of a later date from the Billing run page (Run now takes a date up to 31 days ahead,
 * so no test-only clock is needed), watch its progress until it is done; the client gets the
 * renewal invoice by email, sees it in the portal, pays it through the fake Stripe, and the
 * service's due date moves forward exactly one period: once, also after the run is repeated for
 * the same date.
 *
 * Arranged directly in the database (the state a host already has, not what is tested): a client
 * with a portal login and one active monthly service due 20-24 days from today (a day of the month
 * up to the 28th, so "one month later" is the same day).
 */
const tag = randomBytes(4).toString('hex')
const email = `renewal-${tag}@example.test`
const password = `renewal-${tag}-password`
const domain = `renewal-${tag}.example.test`
const RENEWAL_DAYS = 10

const DAY = 86_400_000
const utcToday = () => new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00.000Z')
const iso = (d: Date) => d.toISOString().slice(0, 10)
const addMonths = (d: Date, n: number) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate()))
const shown = (d: Date) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(d)

let db: Db
let serviceId: string
let due: Date

test.beforeAll(async () => {
  db = createPrismaClient(stack().databaseUrl, { max: 2 })
  const today = utcToday()
  due = new Date(today.getTime() + 20 * DAY)
  while (due.getUTCDate() > 28) due = new Date(due.getTime() + DAY)
  const product = await db.product.findFirstOrThrow({ where: { slug: 'starter' }, select: { id: true } })
  const client = await db.client.create({
    data: {
      companyName: `Renewal ${tag} Ltd`,
      address1: '1 Renewal Road',
      city: 'Springfield',
      country: 'US',
      currencyCode: 'USD',
      users: {
        create: {
          email,
          passwordHash: await hashPassword(password),
          firstName: 'Rene',
          lastName: 'Wal',
          emailVerifiedAt: new Date(),
        },
      },
    },
  })
  const service = await db.service.create({
    data: {
      clientId: client.id,
      productId: product.id,
      status: 'ACTIVE',
      billingCycle: 'MONTHLY',
      currencyCode: 'USD',
      firstPaymentAmount: 1234n,
      recurringAmount: 1234n,
      domain,
      registrationDate: addMonths(due, -1),
      nextDueDate: due,
    },
  })
  serviceId = service.id
})

test.afterAll(async () => {
  await db?.$disconnect()
})

async function runFromConsole(page: Page, date: string, runKey: string) {
  await page.goto(`${stack().adminUrl}/pages/billingRun`)
  const runDate = page.getByLabel('Run date')
  await runDate.fill(date)
  await page.getByTestId('billing-run-now').click()
  await expect(page.getByText(`The billing run for ${date} is queued`)).toBeVisible()
  // The page refreshes itself while the run is queued or running: its card appears, then reads done.
  const card = page.getByTestId(`billing-run-${runKey}`)
  await expect(card).toBeVisible({ timeout: 60_000 })
  // The run reads done only once its last step closed (the page reads a fanned-out run as a whole).
  await expect(card.getByText(/^(done|with failures)$/)).toBeVisible({ timeout: 120_000 })
  await expect(card.getByRole('row').filter({ hasText: DAILY_BILLING_STEPS.at(-1)!.name })).toHaveCount(1)
  return card
}

test('staff set the days and run the billing run as of a later date; the client pays the renewal; the due date moves once', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000)
  const dueIso = iso(due)
  const runDate = iso(new Date(due.getTime() - RENEWAL_DAYS * DAY))
  const dayBefore = iso(new Date(due.getTime() - (RENEWAL_DAYS + 1) * DAY))
  const mailsBefore = await mailCount(email)

  await test.step('staff set the renewal days (and no suspensions) on the Automation settings', async () => {
    await staffLogIn(page)
    await page.goto(`${stack().adminUrl}/pages/settings`)
    const automation = page.getByTestId('automation-settings')
    await automation.getByLabel('Renewal invoice (days before due)').fill(String(RENEWAL_DAYS))
    await automation.getByLabel('Suspend overdue services (days after due)').fill('0')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expect(page.getByText('Settings saved.')).toBeVisible()
    const saved = await db.setting.findUnique({ where: { key: 'billing.renewalInvoiceDaysBefore' } })
    expect(saved?.value).toBe(RENEWAL_DAYS)
  })

  await test.step('the preview for the day before the renewal day invoices nothing for the client', async () => {
    await page.goto(`${stack().adminUrl}/pages/billingRun`)
    await page.getByLabel('Run date').fill(dayBefore)
    await page.getByTestId('billing-run-preview-button').click()
    const preview = page.getByTestId('billing-run-preview')
    await expect(preview).toContainText(dayBefore)
    await expect(preview).not.toContainText(domain)
    // Nothing was written by the preview.
    expect(await db.invoiceItem.count({ where: { serviceId } })).toBe(0)
  })

  await test.step(`staff run it as of ${RENEWAL_DAYS} days before the due date and watch it finish`, async () => {
    const card = await runFromConsole(page, runDate, runDate)
    const renewals = card.getByRole('row').filter({ hasText: 'renewal-invoices' })
    await expect(renewals).toContainText(/invoicesCreated: [1-9]/)
    const items = await db.invoiceItem.findMany({
      where: { serviceId },
      select: { periodStart: true, invoice: { select: { status: true, dueDate: true, issueDate: true } } },
    })
    expect(items).toHaveLength(1)
    expect(iso(items[0]!.periodStart!)).toBe(dueIso)
    expect(items[0]!.invoice.status).toBe('UNPAID')
    expect(iso(items[0]!.invoice.dueDate)).toBe(dueIso)
    expect(iso(items[0]!.invoice.issueDate!)).toBe(runDate)
  })

  const invoice = await db.invoice.findFirstOrThrow({
    where: { items: { some: { serviceId } } },
    select: { id: true, number: true },
  })
  const number = invoice.number!

  await test.step('the client gets the invoice email, sees the invoice in the portal and pays it', async () => {
    await waitForMail(email, new RegExp(number), mailsBefore)
    const client = await browser.newPage()
    await clientLogIn(client, email, password)
    await client.goto(`${stack().portalUrl}/invoices`)
    const row = client.getByRole('row').filter({ hasText: number })
    await expect(row).toContainText(/unpaid/i)
    await row.getByRole('link').first().click()
    await expect(client.getByRole('heading', { name: new RegExp(number) })).toBeVisible()
    await expect(client.getByText(domain).first()).toBeVisible()
    await expect(client.getByText('$12.34').first()).toBeVisible()
    await client.getByRole('button', { name: /stripe|card/i }).click()
    await expect(client).toHaveURL(new RegExp(`^${process.env.E2E_STRIPE_URL}`))
    await client.getByRole('button', { name: /^pay/i }).first().click()
    await expect(client).toHaveURL(new RegExp(`^${stack().portalUrl}/invoices/`))
    await expect(client.getByText(/^paid$/i).first()).toBeVisible()

    // The due date moves by exactly one period (the paid webhook is handled by the worker).
    const next = addMonths(due, 1)
    await expect
      .poll(
        async () =>
          (await db.service.findUniqueOrThrow({ where: { id: serviceId }, select: { nextDueDate: true } }))
            .nextDueDate,
        { timeout: 30_000, message: 'the service is extended once its renewal is paid' },
      )
      .toEqual(next)
    await client.goto(`${stack().portalUrl}/services/${serviceId}`)
    await expect(client.locator('main')).toContainText(shown(next))
    await client.close()
  })

  await test.step('running it again for the same date creates nothing and the due date stays', async () => {
    const card = await runFromConsole(page, runDate, `${runDate}#2`)
    // A fanned-out run shows no row for a step with nothing due; either way nothing is invoiced.
    await expect(card.getByText(/invoicesCreated: [1-9]/)).toHaveCount(0)
    expect(await db.invoiceItem.count({ where: { serviceId } })).toBe(1)
    const service = await db.service.findUniqueOrThrow({
      where: { id: serviceId },
      select: { nextDueDate: true, status: true },
    })
    expect(service.nextDueDate).toEqual(addMonths(due, 1))
    expect(service.status).toBe('ACTIVE')
  })
})
