import { randomBytes } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { startDemo, type DemoStart } from './support/demo-start'

/**
 * The demo completes its own loop, as a newcomer finds it: `npm start` in demo mode (the same
 * launcher, demo seed and demo provisioning receiver) prints its URLs on 127.0.0.1; the demo
 * client logs in, orders every product of the demo store, pays with the test gateway, and sees
 * each service active: the hosting plans and the VPS through the webhook module and the local
 * receiver (which checks Berth's signature), the software with no module. No network is used.
 */
const PRODUCTS = [
  { name: 'Starter', path: 'shared-hosting/starter', field: 'Domain name' },
  { name: 'Pro', path: 'shared-hosting/pro', field: 'Domain name' },
  { name: 'Business', path: 'shared-hosting/business', field: 'Domain name' },
  { name: 'Cloud VPS', path: 'vps/cloud-vps', field: 'Hostname' },
  { name: 'Team Mail', path: 'software/team-mail', field: 'Domain name' },
  { name: 'Managed WordPress', path: 'software/managed-wordpress', field: 'Domain name' },
] as const
const run = randomBytes(3).toString('hex')
const domainOf = (p: (typeof PRODUCTS)[number]) => `${p.path.split('/')[1]}-${run}.example.com`

let demo: DemoStart | undefined
test.afterAll(async () => {
  await demo?.stop()
})

async function servicesTile(page: Page) {
  const tile = page
    .getByRole('list', { name: 'Summary' })
    .getByRole('listitem')
    .filter({ hasText: 'Active services' })
  return (await tile.innerText()).replace(/\s+/g, ' ').trim()
}

test('npm start in demo mode: every demo product ordered and paid with the test gateway goes active', async ({
  page,
}) => {
  test.setTimeout(420_000)

  await test.step('npm start prints the URLs and the logins, listening on 127.0.0.1 only', async () => {
    demo = await startDemo({ timeoutMs: 300_000 })
    expect(demo.portalUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(demo.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/admin$/)
    const banner = demo.banner.join('\n')
    expect(banner).toContain('client@berth.test / berth-demo-client')
    expect(banner).toMatch(
      /Demo provisioning: +http:\/\/127\.0\.0\.1:\d+\/berth\/demo-provisioning \(kvm1, web1:/,
    )
    expect(banner).toContain('Listening on 127.0.0.1 only')
    // Each process prints its own line when it listens; relayed through npm start's pipes, the line
    // can arrive just after the launcher found the port answering and printed its banner.
    const printedLine = (pattern: RegExp) => () => demo!.output.some((l) => pattern.test(l))
    await expect
      .poll(printedLine(/\[portal\] listening on 127\.0\.0\.1, port \d+/), { timeout: 15_000 })
      .toBe(true)
    await expect
      .poll(printedLine(/\[admin\] staff console on .*\(127\.0\.0\.1, port \d+/), { timeout: 15_000 })
      .toBe(true)
  })
  const { portalUrl } = demo!

  await test.step('the demo client logs in; the services tile says what it counts', async () => {
    await page.goto(`${portalUrl}/login`)
    await page.getByLabel('Email').fill('client@berth.test')
    await page.getByLabel('Password', { exact: true }).fill('berth-demo-client')
    await page.getByRole('button', { name: /log in/i }).click()
    await expect(page).not.toHaveURL(/\/login/)
    // The demo client has one active, one pending and one suspended service.
    expect(await servicesTile(page)).toBe('1 Active services 1 pending · 1 suspended')
  })

  await test.step('every product of the demo store goes into the cart', async () => {
    await page.goto(`${portalUrl}/store`)
    for (const p of PRODUCTS)
      await expect(page.getByRole('main').getByText(p.name, { exact: true }).first()).toBeVisible()
    for (const p of PRODUCTS) {
      await page.goto(`${portalUrl}/store/${p.path}`)
      await expect(page.getByRole('heading', { level: 1 })).toContainText(p.name)
      await page.getByLabel(p.field, { exact: true }).fill(domainOf(p))
      await page.getByRole('button', { name: /add to cart/i }).click()
      await expect(page).toHaveURL(/\/cart/)
      await expect(page.getByText(domainOf(p)).first()).toBeVisible()
    }
  })

  await test.step('check out and pay with the test gateway', async () => {
    await page
      .getByRole('link', { name: /check ?out/i })
      .first()
      .click()
    await expect(page).toHaveURL(/\/checkout/)
    await page.getByLabel(/test gateway/i).check()
    await page.getByLabel(/I accept the terms/i).check()
    await page.getByRole('button', { name: /place order/i }).click()
    await page.waitForURL(/\/billing\/test-gateway\//, { timeout: 30_000 })
    await page.getByRole('button', { name: /^pay .*no real money/i }).click()
    await page.waitForURL(/\/invoices\//, { timeout: 30_000 })
    await expect(page.getByText(/^paid$/i).first()).toBeVisible()
  })

  await test.step('each service goes active within seconds', async () => {
    for (const p of PRODUCTS) {
      await expect
        .poll(
          async () => {
            await page.goto(`${portalUrl}/services`)
            const row = page.locator('tbody tr').filter({ hasText: domainOf(p) })
            return (await row.count()) ? (await row.first().innerText()).replace(/\s+/g, ' ') : 'not listed'
          },
          { timeout: 30_000, message: `${p.name} (${domainOf(p)}) is active` },
        )
        .toMatch(new RegExp(`${p.name}.*\\bActive\\b`))
    }
    await page.goto(portalUrl)
    expect(await servicesTile(page)).toBe('7 Active services 1 pending · 1 suspended')
  })
})
