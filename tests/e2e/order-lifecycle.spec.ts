import { randomBytes } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { staffLogIn } from './support/actors'
import { stack } from './support/stack'

/**
 * An order's whole life, through the browser against the real processes: a visitor configures a
 * VPS with options and an addon, applies a promo code, checks out as a new client and pays
 * through the fake Stripe; the worker activates the service through the webhook module against a
 * local receiver that checks Berth's signature; staff then suspend, unsuspend and terminate it,
 * and the client sees each state.
 */
const email = `buyer-${randomBytes(4).toString('hex')}@example.test`
const hostname = `vps-${randomBytes(3).toString('hex')}.example.test`

async function expectClientSees(page: Page, serviceUrl: string, status: RegExp) {
  await expect
    .poll(
      async () => {
        await page.goto(serviceUrl)
        return page.locator('main').innerText()
      },
      { timeout: 30_000, message: `the client's service page shows ${status}` },
    )
    .toMatch(status)
}

/** Picks the option of a select whose text matches (the texts carry their prices). */
async function choose(page: Page, label: string, text: RegExp) {
  const select = page.getByLabel(label, { exact: true })
  const value = await select.locator('option').filter({ hasText: text }).first().getAttribute('value')
  await select.selectOption(value!)
}

async function staffAction(page: Page, serviceId: string, action: string, fill?: (p: Page) => Promise<void>) {
  await page.goto(`${stack().adminUrl}/resources/Service/records/${serviceId}/${action}`)
  if (fill) await fill(page)
  await page.getByTestId('confirm-command').click()
  await expect(page.getByText(/the service (was|is|will be)/i).first()).toBeVisible()
}

test('configure, promo, check out as a new client, pay, provision; staff suspend, unsuspend, terminate', async ({
  page,
  browser,
}) => {
  const { portalUrl } = stack()

  await test.step('configure a VPS with options and an addon', async () => {
    await page.goto(`${portalUrl}/store`)
    await page
      .getByRole('link', { name: /cloud vps/i })
      .first()
      .click()
    await expect(page).toHaveURL(/\/store\/vps\/cloud-vps/)
    await choose(page, 'RAM', /4 GB/)
    await choose(page, 'Disk', /80 GB/)
    await page.getByLabel(/Frankfurt/).check()
    await choose(page, 'Operating system', /Debian 12/)
    await page.getByLabel(/Daily backups/).check()
    await page.getByLabel('Hostname').fill(hostname)
    await page.getByRole('button', { name: /add to cart/i }).click()
    await expect(page).toHaveURL(/\/cart/)
    await expect(page.getByText(/Cloud VPS/).first()).toBeVisible()
  })

  await test.step('apply the promo code', async () => {
    await page.getByLabel('Promotion code').fill('WELCOME10')
    await page.getByRole('button', { name: /^apply$/i }).click()
    await expect(page.getByText(/WELCOME10/).first()).toBeVisible()
    await expect(page.getByText(/discount/i).first()).toBeVisible()
  })

  let invoiceUrl = ''
  await test.step('check out as a new client and pay through Stripe', async () => {
    await page
      .getByRole('link', { name: /check ?out/i })
      .first()
      .click()
    await expect(page).toHaveURL(/\/checkout/)
    await page.getByLabel('First name').fill('Olga')
    await page.getByLabel('Last name').fill('Order')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password', { exact: true }).fill('order password 123')
    await page.getByLabel('Address', { exact: true }).fill('9 Rue de la Paix')
    await page.getByLabel('City').fill('Paris')
    await page.getByLabel('Postcode').fill('75002')
    await page.getByLabel('Country').selectOption('FR')
    await page.getByLabel('Phone').fill('+33 1 23 45 67 89')
    await page.getByLabel(/stripe|card/i).check()
    await page.getByLabel(/I accept the terms/i).check()
    await page.getByRole('button', { name: /place order/i }).click()
    await page.waitForURL(new RegExp(`^${process.env.E2E_STRIPE_URL}`), { timeout: 30_000 })
    await page.getByRole('button', { name: /^pay/i }).first().click()
    await page.waitForURL(new RegExp(`^${portalUrl}/invoices/`))
    invoiceUrl = page.url()
    await expect(page.getByText(/^paid$/i).first()).toBeVisible()
  })

  let serviceUrl = ''
  await test.step('the worker provisions it through the signed webhook: active', async () => {
    await page.goto(`${portalUrl}/services`)
    await page
      .locator('main a[href^="/services/"]')
      .filter({ hasText: /Cloud VPS/ })
      .first()
      .click()
    await page.waitForURL(/\/services\/[0-9a-f-]{36}$/)
    serviceUrl = page.url()
    await expectClientSees(page, serviceUrl, /\bActive\b/)
    await expect(page.getByText(/4 GB/).first()).toBeVisible()
    await expect(page.getByText(/Daily backups/).first()).toBeVisible()
  })
  expect(invoiceUrl).not.toBe('')
  const serviceId = new URL(serviceUrl).pathname.split('/').pop()!

  const staff = await browser.newPage()
  await staffLogIn(staff)

  await test.step('staff suspend it; the client sees it suspended', async () => {
    await staffAction(staff, serviceId, 'suspend', async (p) =>
      p.getByLabel('Reason').fill('Abuse report #42 (e2e)'),
    )
    await expectClientSees(page, serviceUrl, /\bSuspended\b/)
  })

  await test.step('staff unsuspend it; the client sees it active', async () => {
    await staffAction(staff, serviceId, 'unsuspend')
    await expectClientSees(page, serviceUrl, /\bActive\b/)
  })

  await test.step('staff terminate it; the client sees it terminated', async () => {
    await staffAction(staff, serviceId, 'terminate')
    await expectClientSees(page, serviceUrl, /\bTerminated\b/)
  })
  await staff.close()
})
