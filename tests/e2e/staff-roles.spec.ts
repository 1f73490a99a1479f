import { randomBytes } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { stack } from './support/stack'

/**
 * Staff in the admin console, through the browser against the real processes: the Super admin
 * logs in, creates a Support member; that member logs in and cannot open staff or role
 * management, neither from the menu nor by typing the address or calling the API.
 */
const supportEmail = `support-${randomBytes(4).toString('hex')}@berth.test`
const supportPassword = 'support password 123'

/** Opens every navigation group of the sidebar, then returns the resource links it shows. */
async function sidebarResourceLinks(page: Page): Promise<string[]> {
  // The console is a single-page app: wait for its sidebar before reading it.
  await expect(page.getByText('Navigation', { exact: true })).toBeVisible()
  for (const group of ['Clients', 'Staff', 'System', 'Billing', 'Products', 'Orders']) {
    const toggle = page.getByText(group, { exact: true }).first()
    if (await toggle.count()) await toggle.click()
  }
  return page
    .locator('a[href*="/admin/resources/"]')
    .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname))
}

async function logIn(page: Page, email: string, password: string) {
  await page.goto(`${stack().adminUrl}/login`)
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill(password)
  await page.getByRole('button', { name: /log in|sign in|login/i }).click()
  await expect(page).not.toHaveURL(/\/login/)
}

test('a Super admin creates a Support member, who cannot manage staff or roles', async ({
  page,
  context,
}) => {
  const { adminUrl } = stack()

  await test.step('the Super admin creates a Support member', async () => {
    await logIn(page, 'admin@berth.test', 'berth-demo-admin')
    // The same menu check as below, here where the links must be there (so it cannot pass vacuously).
    const links = await sidebarResourceLinks(page)
    expect(links).toContain('/admin/resources/Staff')
    expect(links).toContain('/admin/resources/Role')
    await page.goto(`${adminUrl}/resources/Staff/actions/new`)
    await page.locator('input[name="firstName"]').fill('Sue')
    await page.locator('input[name="lastName"]').fill('Porter')
    await page.locator('input[name="email"]').fill(supportEmail)
    await page.locator('input[name="password"]').fill(supportPassword)
    const role = page.locator('[data-testid="property-edit-role"]')
    await role.locator('input').first().click()
    await role.locator('input').first().fill('Support')
    await page.getByText('Support', { exact: true }).last().click()
    await page.getByRole('button', { name: /save/i }).click()
    await expect(page.getByText(/was created/i)).toBeVisible()
    await page.goto(`${adminUrl}/resources/Staff`)
    await expect(page.getByText(supportEmail)).toBeVisible()
  })

  await test.step('the creation is in the audit log', async () => {
    await page.goto(`${adminUrl}/resources/AuditEvent`)
    await expect(page.getByText('staff.create').first()).toBeVisible()
  })

  await test.step('the Support member logs in and sees no staff or role management', async () => {
    await context.clearCookies()
    await logIn(page, supportEmail, supportPassword)
    const links = await sidebarResourceLinks(page)
    expect(links).toContain('/admin/resources/Client')
    expect(links).not.toContain('/admin/resources/Staff')
    expect(links).not.toContain('/admin/resources/Role')
  })

  await test.step('typing the addresses or calling the API is refused', async () => {
    for (const path of ['/resources/Staff', '/resources/Role', '/resources/Staff/actions/new']) {
      const response = await page.goto(`${adminUrl}${path}`)
      expect(response?.status(), path).toBe(403)
    }
    const api = await page.request.get(`${adminUrl}/api/resources/Staff/actions/list`)
    expect(api.status()).toBe(403)
    const create = await page.request.post(`${adminUrl}/api/resources/Role/actions/new`, {
      headers: { origin: new URL(adminUrl).origin },
      form: { name: 'Sneaky', permissions: 'staff.manage' },
    })
    expect(create.status()).toBe(403)
  })

  await test.step("the member signs out with the console's own menu", async () => {
    await page.goto(adminUrl)
    await page.getByText(supportEmail).first().click()
    await page.getByText('Sign out', { exact: true }).click()
    await expect(page).toHaveURL(/\/admin\/login/)
    const response = await page.goto(adminUrl)
    expect(page.url()).toMatch(/\/admin\/login/)
    expect(response?.status()).toBe(200)
  })
})
