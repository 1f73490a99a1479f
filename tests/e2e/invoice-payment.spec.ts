import { expect, test, type Browser, type Page } from '@playwright/test'
import { clientLogIn, staffLogIn } from './support/actors'
import { mailCount, waitForMail } from './support/mailbox'
import { stack } from './support/stack'

/**
 * Money end to end, through the browser against the real processes and the fake gateways: staff
 * create and publish an invoice in the console → the client gets the email, sees it unpaid in the
 * portal, pays it through the fake Stripe (or PayPal) → both sides show it paid.
 */
const CLIENT = 'client@berth.test'
// The demo client is in the UK, where the demo's tax rules charge 20% VAT on top of the prices.

async function createAndPublishInvoice(page: Page, description: string, amount: string): Promise<string> {
  const { adminUrl } = stack()
  await page.goto(`${adminUrl}/resources/Invoice/actions/new`)
  const client = page.getByTestId('invoice-client')
  await client.locator('input').first().fill('Demo Web')
  await page
    .getByText(/Demo Web Co/)
    .first()
    .click()
  await page.getByLabel('Item 1 description').fill(description)
  await page.getByLabel('Item 1 quantity').fill('1')
  await page.getByLabel('Item 1 unit price').fill(amount)
  await page.getByTestId('save-invoice').click()
  await expect(page).toHaveURL(/\/resources\/Invoice\/records\/[^/]+\/show/)
  await page
    .getByRole('link', { name: /^publish$/i })
    .first()
    .click()
  // The publish action asks first; wait for its button instead of probing (the page renders late on a busy machine).
  await page.getByRole('button', { name: /^publish invoice$/i }).click()
  const number = page.getByText(/INV-\d{4}-\d+/).first()
  await expect(number).toBeVisible()
  return (await number.textContent())!.match(/INV-\d{4}-\d+/)![0]
}

async function openInvoiceInPortal(page: Page, number: string) {
  await page.goto(`${stack().portalUrl}/invoices`)
  const row = page.getByRole('row').filter({ hasText: number })
  await expect(row).toContainText(/unpaid/i)
  await row.getByRole('link').first().click()
  await expect(page.getByRole('heading', { name: new RegExp(number) })).toBeVisible()
}

async function expectPaidInConsole(browser: Browser, number: string) {
  const staff = await browser.newPage()
  await staffLogIn(staff)
  await staff.goto(`${stack().adminUrl}/resources/Invoice?filters.number=${encodeURIComponent(number)}`)
  await expect(staff.getByRole('row').filter({ hasText: number })).toContainText(/paid/i)
  await expect(staff.getByRole('row').filter({ hasText: number })).not.toContainText(/unpaid|partially/i)
  await staff.close()
}

test('staff publish an invoice; the client pays it with a card through Stripe', async ({ page, browser }) => {
  const mailsBefore = await mailCount(CLIENT)
  await staffLogIn(page)
  const number = await createAndPublishInvoice(page, 'Consulting (e2e, Stripe)', '49.50')

  const mail = await waitForMail(CLIENT, new RegExp(number), mailsBefore)
  expect(mail.text).toContain('$59.40') // 49.50 + 20% VAT

  await page.context().clearCookies()
  await clientLogIn(page)
  await openInvoiceInPortal(page, number)
  await page.getByRole('button', { name: /stripe|card/i }).click()
  await expect(page).toHaveURL(new RegExp(`^${process.env.E2E_STRIPE_URL}`))
  await page.getByRole('button', { name: /^pay/i }).first().click()
  await expect(page).toHaveURL(new RegExp(`^${stack().portalUrl}/invoices/`))
  await expect(page.getByText(/^paid$/i).first()).toBeVisible()
  await expectPaidInConsole(browser, number)
})

test('the same with PayPal', async ({ page, browser }) => {
  await staffLogIn(page)
  const number = await createAndPublishInvoice(page, 'Consulting (e2e, PayPal)', '20.00')
  await page.context().clearCookies()
  await clientLogIn(page)
  await openInvoiceInPortal(page, number)
  await page.getByRole('button', { name: /paypal/i }).click()
  await expect(page).toHaveURL(new RegExp(`^${process.env.E2E_PAYPAL_URL}`))
  await page
    .getByRole('button', { name: /approve|pay/i })
    .first()
    .click()
  await expect(page).toHaveURL(new RegExp(`^${stack().portalUrl}/invoices/`))
  await expect(page.getByText(/^paid$/i).first()).toBeVisible()
  await expectPaidInConsole(browser, number)
})

test('part paid with account credit, the rest by card', async ({ page, browser }) => {
  await staffLogIn(page)
  const number = await createAndPublishInvoice(page, 'Consulting (e2e, credit + card)', '80.00')
  await page.context().clearCookies()
  await clientLogIn(page)
  await openInvoiceInPortal(page, number)
  const credit = page.locator('form').filter({ has: page.getByRole('button', { name: /apply.*credit/i }) })
  await credit.getByLabel(/amount/i).fill('5.00')
  await credit.getByRole('button', { name: /apply.*credit/i }).click()
  await expect(page.getByText(/partially paid/i).first()).toBeVisible()
  await expect(page.getByText('$91.00').first()).toBeVisible() // 80.00 + 20% VAT - 5.00 credit
  await page.getByRole('button', { name: /stripe|card/i }).click()
  await page.getByRole('button', { name: /^pay/i }).first().click()
  await expect(page).toHaveURL(new RegExp(`^${stack().portalUrl}/invoices/`))
  await expect(page.getByText(/^paid$/i).first()).toBeVisible()
  await expectPaidInConsole(browser, number)
})
