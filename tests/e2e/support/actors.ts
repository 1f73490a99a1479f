import { expect, type Page } from '@playwright/test'
import { stack } from './stack'

/** Logs in to the admin console at /admin/login. */
export async function staffLogIn(page: Page, email = 'admin@berth.test', password = 'berth-demo-admin') {
  await page.goto(`${stack().adminUrl}/login`)
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill(password)
  await page.getByRole('button', { name: /log in|sign in|login/i }).click()
  await expect(page).not.toHaveURL(/\/login/)
}

/** Logs in to the portal at /login. */
export async function clientLogIn(page: Page, email = 'client@berth.test', password = 'berth-demo-client') {
  await page.goto(`${stack().portalUrl}/login`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: /log in/i }).click()
  await expect(page).not.toHaveURL(/\/login/)
}
