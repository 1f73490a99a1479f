import { randomBytes } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { linkFrom, mailCount, waitForMail } from './support/mailbox'
import { stack } from './support/stack'

/**
 * A new client's whole account life in the portal, through the browser against the real
 * processes: register → verify (link from the SMTP sink, sent by the worker) → log in → edit
 * profile → log out → reset password → log in with the new one.
 */
const email = `e2e-${randomBytes(4).toString('hex')}@example.test`
const firstPassword = 'first password 123'
const newPassword = 'second password 456'

async function logIn(page: Page, password: string) {
  await page.goto(`${stack().portalUrl}/login`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: /log in/i }).click()
}

test('register, verify, log in, edit profile, log out, reset password, log in again', async ({ page }) => {
  const { portalUrl } = stack()

  await test.step('register', async () => {
    await page.goto(`${portalUrl}/register`)
    await page.getByLabel('First name').fill('Erin')
    await page.getByLabel('Last name').fill('Endtoend')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password', { exact: true }).fill(firstPassword)
    await page.getByLabel('Company').fill('Endtoend Hosting Ltd')
    await page.getByLabel('Address', { exact: true }).fill('5 Test Lane')
    await page.getByLabel('City').fill('Leeds')
    await page.getByLabel('Postcode').fill('LS1 1AA')
    await page.getByLabel('Country').selectOption('GB')
    await page.getByLabel('Phone').fill('+44 113 496 0000')
    await page.getByRole('button', { name: /create account|register|sign up/i }).click()
    await expect(page).toHaveURL(`${portalUrl}/`)
    await expect(
      page.getByText(/check your email|verify your email|confirm your email/i).first(),
    ).toBeVisible()
    await expect(page.getByText(/no invoices/i)).toBeVisible()
  })

  await test.step('verify the email with the link the worker sent', async () => {
    const mail = await waitForMail(email, /confirm your email/i)
    const link = linkFrom(mail, `${portalUrl}/verify-email`)
    await page.goto(link)
    // Opening the link only shows a button (mail scanners follow links); pressing it uses the token.
    await page.getByRole('button', { name: /confirm my email address/i }).click()
    await expect(page.getByText(/verified|confirmed/i).first()).toBeVisible()
  })

  await test.step('log out, then log in', async () => {
    await page.goto(`${portalUrl}/`)
    await page.getByRole('button', { name: /log out/i }).click()
    await expect(page).toHaveURL(/\/login/)
    await logIn(page, firstPassword)
    await expect(page).toHaveURL(`${portalUrl}/`)
    await expect(page.getByText(/Erin/).first()).toBeVisible()
    await expect(page.getByText(/verify your email/i)).toHaveCount(0)
  })

  await test.step('edit the profile', async () => {
    await page.goto(`${portalUrl}/account`)
    const profile = page.locator('form').filter({ has: page.getByLabel('City') })
    await profile.getByLabel('City').fill('York')
    await profile.getByLabel('Phone').fill('+44 1904 000000')
    await profile.getByRole('button', { name: /save/i }).click()
    await expect(page.getByText(/saved|updated/i).first()).toBeVisible()
    await page.reload()
    await expect(page.getByLabel('City')).toHaveValue('York')
  })

  await test.step('a wrong value is refused on its field and changes nothing', async () => {
    const profile = page.locator('form').filter({ has: page.getByLabel('City') })
    await profile.getByLabel('City').fill('')
    await profile.getByRole('button', { name: /save/i }).click()
    await expect(page.getByText('City is required')).toBeVisible()
    await page.goto(`${portalUrl}/account`)
    await expect(page.getByLabel('City')).toHaveValue('York')
  })

  await test.step('log out', async () => {
    await page.getByRole('button', { name: /log out/i }).click()
    await expect(page).toHaveURL(/\/login/)
    await page.goto(`${portalUrl}/account`)
    await expect(page).toHaveURL(/\/login/)
  })

  await test.step('reset the password with the emailed link', async () => {
    const before = await mailCount(email)
    await page.goto(`${portalUrl}/forgot-password`)
    await page.getByLabel('Email').fill(email)
    await page.getByRole('button', { name: /send|reset/i }).click()
    await expect(page.getByText(/if an account exists/i)).toBeVisible()
    const mail = await waitForMail(email, /reset your password/i, before)
    await page.goto(linkFrom(mail, `${portalUrl}/reset-password`))
    await page.getByLabel('New password').fill(newPassword)
    await page.getByLabel('Confirm password').fill(newPassword)
    await page.getByRole('button', { name: /password/i }).click()
    await expect(page).toHaveURL(/\/login/)
  })

  await test.step('the old password no longer works; the new one does', async () => {
    await logIn(page, firstPassword)
    await expect(page.getByText(/email or password is incorrect/i)).toBeVisible()
    await logIn(page, newPassword)
    await expect(page).toHaveURL(`${portalUrl}/`)
  })
})
