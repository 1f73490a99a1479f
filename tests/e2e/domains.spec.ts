import { randomBytes } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { clientLogIn, staffLogIn } from './support/actors'
import { mailCount, waitForMail } from './support/mailbox'
import { stack } from './support/stack'

/**
 * A domain's whole path through the browser against the real processes (issue 12): the demo
 * client searches, adds a .com (sandbox registrar, no network) and a hosting plan to the cart,
 * pays through the fake Stripe; the worker registers the domain on payment; the client edits
 * nameservers and a DNS record, toggles the lock and auto-renew and requests the EPP code (emailed);
 * staff find every step in the audit log.
 */
const run = randomBytes(3).toString('hex')
const name = `e2e-${run}.com`

async function domainPageShows(page: Page, url: string, text: RegExp) {
  await expect
    .poll(
      async () => {
        await page.goto(url)
        return page.locator('main').innerText()
      },
      { timeout: 30_000, message: `the domain page shows ${text}` },
    )
    .toMatch(text)
}

test('search, add a domain and a plan to the cart, pay; registered; nameservers, DNS, lock, auto-renew, EPP code; staff audit', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000)
  const { portalUrl, adminUrl } = stack()
  await clientLogIn(page)

  await test.step('search finds the name available and adds it to the cart', async () => {
    await page.goto(`${portalUrl}/domains/search?q=${name}`)
    await expect(page.getByRole('region', { name: 'Your domain' })).toContainText('Available')
    await page.getByRole('button', { name: `Add ${name} to cart` }).click()
    await expect(page).toHaveURL(/\/cart/)
    await expect(page.getByRole('listitem', { name: `Domain registration ${name}` })).toBeVisible()
  })

  await test.step('a refused period or nameserver says which field is wrong and changes nothing', async () => {
    const item = page.getByRole('listitem', { name: `Domain registration ${name}` })
    await item.getByLabel('Nameservers').fill('only-one.example.net')
    await item.getByRole('button', { name: `Update ${name}` }).click()
    await expect(page.getByText(/Enter 2 to 13 nameservers/).first()).toBeVisible()
    await page.goto(`${portalUrl}/cart`)
    await expect(
      page.getByRole('listitem', { name: `Domain registration ${name}` }).getByLabel('Nameservers'),
    ).toHaveValue('')
  })

  await test.step('a hosting plan for the same name joins it in the cart', async () => {
    await page.goto(`${portalUrl}/store/shared-hosting/starter`)
    await page.getByLabel('Domain name', { exact: true }).fill(name)
    await page.getByRole('button', { name: /add to cart/i }).click()
    await expect(page).toHaveURL(/\/cart/)
    await expect(page.getByText(/Starter/).first()).toBeVisible()
    await expect(page.getByRole('listitem', { name: `Domain registration ${name}` })).toBeVisible()
  })

  await test.step('check out and pay through Stripe', async () => {
    await page
      .getByRole('link', { name: /check ?out/i })
      .first()
      .click()
    await expect(page).toHaveURL(/\/checkout/)
    await expect(page.getByText('Domain registration').first()).toBeVisible()
    await page.getByLabel(/stripe|card/i).check()
    await page.getByLabel(/I accept the terms/i).check()
    await page.getByRole('button', { name: /place order/i }).click()
    await page.waitForURL(new RegExp(`^${process.env.E2E_STRIPE_URL}`), { timeout: 30_000 })
    await page.getByRole('button', { name: /^pay/i }).first().click()
    await page.waitForURL(new RegExp(`^${portalUrl}/invoices/`))
    await expect(page.getByText(/^paid$/i).first()).toBeVisible()
  })

  let domainUrl = ''
  await test.step('the worker registers it at the sandbox registrar: active', async () => {
    await page.goto(`${portalUrl}/domains`)
    await page.locator('main a[href^="/domains/"]').filter({ hasText: name }).first().click()
    await page.waitForURL(/\/domains\/[0-9a-f-]{36}$/)
    domainUrl = page.url()
    await domainPageShows(page, domainUrl, /\bActive\b/)
  })

  await test.step('nameservers and a DNS record', async () => {
    const dns = page.locator('#dns')
    await page.getByRole('textbox', { name: 'Nameservers' }).fill('ns1.e2e-dns.net\nns2.e2e-dns.net')
    await page.getByRole('button', { name: 'Save nameservers' }).click()
    await expect(page.getByRole('textbox', { name: 'Nameservers' })).toHaveValue(
      /ns1\.e2e-dns\.net\s+ns2\.e2e-dns\.net/,
    )
    await dns.getByLabel('Type', { exact: true }).selectOption('A')
    await dns.getByLabel('Name', { exact: true }).fill('www')
    await dns.getByLabel('Value', { exact: true }).fill('192.0.2.10')
    await dns.getByLabel('TTL', { exact: true }).fill('3600')
    await page.getByRole('button', { name: 'Add the record' }).click()
    await expect(page.locator('#dns')).toContainText('192.0.2.10')
    // A bad address is refused on its field and adds nothing.
    await dns.getByLabel('Type', { exact: true }).selectOption('A')
    await dns.getByLabel('Name', { exact: true }).fill('bad')
    await dns.getByLabel('Value', { exact: true }).fill('999.1.1.1')
    await page.getByRole('button', { name: 'Add the record' }).click()
    await expect(page.locator('#dns .field-error').first()).toBeVisible()
    await page.goto(domainUrl)
    await expect(page.locator('#dns')).not.toContainText('999.1.1.1')
  })

  await test.step('unlock, request the EPP code (emailed), lock again, auto-renew off', async () => {
    const before = await mailCount('client@berth.test')
    await page.getByRole('button', { name: 'Unlock the domain' }).click()
    await expect(page.locator('#settings').getByText(/Registrar lock is/)).toContainText('off')
    await page.getByRole('button', { name: 'Email me the EPP code' }).click()
    const mail = await waitForMail(
      'client@berth.test',
      new RegExp(`EPP\\) code for ${name.replace('.', '\\.')}`),
      before,
    )
    expect(mail.text).toMatch(/code/i)
    await page.goto(domainUrl)
    await page.getByRole('button', { name: 'Lock the domain' }).click()
    await expect(page.locator('#settings').getByText(/Registrar lock is/)).toContainText('on')
    await page.getByRole('button', { name: 'Turn auto-renew off' }).click()
    await expect(page.locator('#settings').getByText(/Auto-renew is/)).toContainText('off')
  })

  await test.step('staff see every step in the audit log', async () => {
    const domainId = new URL(domainUrl).pathname.split('/').pop()!
    const staff = await browser.newPage()
    await staffLogIn(staff)
    await staff.goto(`${adminUrl}/resources/AuditEvent?filters.targetId=${domainId}&perPage=50`)
    for (const action of [
      'domains.domain.register',
      'domain.nameservers.update',
      'domain.dns.add',
      'domain.lock.update',
      'domain.epp_code.request',
      'domain.auto_renew.update',
    ])
      await expect(staff.getByText(action, { exact: true }).first(), action).toBeVisible()
    await staff.close()
  })
})
