import { randomBytes } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { hashPassword } from '@berth/core'
import { createPrismaClient, type Db } from '@berth/prisma'
import { staffLogIn } from './support/actors'
import { mailCount, waitForMail, type Mail } from './support/mailbox'
import { stack } from './support/stack'

/**
 * The support desk end to end, through the browser against the real processes: a client opens a
 * ticket with an attachment in the portal; staff assign it, add an internal note and reply with a
 * canned reply in the console; the client sees the reply but not the note, downloads the
 * attachment and closes the ticket. Emails are read from the SMTP sink at each step.
 */
const tag = randomBytes(4).toString('hex')
const departmentName = `E2E Desk ${tag}`
const departmentEmail = `desk-${tag}@berth.test`
const agentEmail = `sam-${tag}@berth.test`
const agentPassword = 'sam agent password 123'
const subject = `Mail bounces ${tag}`
const note = `Internal: client is on the legacy cluster ${tag}`
const attachment = { name: 'bounce.txt', mimeType: 'text/plain', buffer: Buffer.from(`550 bounce ${tag}\n`) }
let db: Db

test.beforeAll(async () => {
  db = createPrismaClient(stack().databaseUrl, { max: 2 })
  const department = await db.department.create({ data: { name: departmentName, email: departmentEmail } })
  const role = await db.role.findUniqueOrThrow({ where: { name: 'Support' } })
  await db.staff.create({
    data: {
      email: agentEmail,
      firstName: 'Sam',
      lastName: `Agent${tag}`,
      roleId: role.id,
      passwordHash: await hashPassword(agentPassword),
    },
  })
  await db.cannedReply.create({
    data: {
      title: `Bounce fixed ${tag}`,
      body: 'Hello {client_first_name}, ticket {ticket_number} is sorted: the MX record is fixed. — {staff_name}',
      departmentId: department.id,
    },
  })
})
test.afterAll(async () => {
  await db?.$disconnect()
})

test('a ticket from the portal through the console and back', async ({ page, browser }) => {
  const { portalUrl, adminUrl } = stack()
  const client = await db.user.findFirstOrThrow({ where: { email: 'client@berth.test' } })
  let number = ''
  let ticketId = ''
  const mails: Mail[] = []

  await test.step('the client opens a ticket with an attachment', async () => {
    // Logged in once the session cookie is set; the ticket form is opened directly (not via the dashboard).
    await page.goto(`${portalUrl}/login`)
    await page.getByLabel('Email').fill('client@berth.test')
    await page.getByLabel('Password', { exact: true }).fill('berth-demo-client')
    await page.getByRole('button', { name: /log in/i }).click()
    await expect
      .poll(async () => (await page.context().cookies()).some((c) => c.name === 'berth_portal'))
      .toBe(true)
    await page.goto(`${portalUrl}/tickets/new`)
    await page.getByLabel('Department').selectOption({ label: departmentName })
    await page.getByLabel('Subject').fill(subject)
    await page.getByLabel('Message').fill('Every mail to us bounces since this morning. Log attached.')
    await page.getByLabel('Attachments').setInputFiles(attachment)
    await page.getByRole('button', { name: 'Open ticket' }).click()
    await expect(page).toHaveURL(/\/tickets\/[A-Z]{3}-\d{6}$/)
    number = page.url().split('/').pop()!
    ticketId = (await db.ticket.findUniqueOrThrow({ where: { publicNumber: number } })).id
    mails.push(await waitForMail(client.email, new RegExp(number)))
    mails.push(await waitForMail(departmentEmail, new RegExp(number)))
  })

  const staff = await browser.newPage()
  await test.step('staff assign it to Sam', async () => {
    await staffLogIn(staff)
    await staff.goto(`${adminUrl}/resources/Ticket`)
    await expect(staff.getByTestId(`queue-row-${number}`)).toBeVisible()
    await staff.goto(`${adminUrl}/resources/Ticket/records/${ticketId}/assign`)
    const form = staff.getByTestId('command-assign')
    await form.locator('input').first().click()
    await form.locator('input').first().fill('Sam')
    await staff.getByText(`Sam Agent${tag}`, { exact: true }).last().click()
    await staff.getByTestId('confirm-command').click()
    await expect(staff.getByText('The ticket was assigned.')).toBeVisible()
    mails.push(await waitForMail(agentEmail, /Assigned to you/))
  })

  await test.step('staff add an internal note', async () => {
    await staff.goto(`${adminUrl}/resources/Ticket/records/${ticketId}/show`)
    await expect(staff.getByTestId('ticket-thread')).toContainText('Every mail to us bounces')
    await expect(staff.getByTestId('attachment-link')).toHaveText('bounce.txt')
    await staff.locator('#ticket-note').fill(note)
    await staff.getByTestId('add-note').click()
    await expect(staff.getByTestId('internal-note')).toContainText(note)
  })

  await test.step('staff reply with the canned reply', async () => {
    const picker = staff.getByTestId('canned-reply-picker')
    await picker.locator('input').first().click()
    await staff.getByText(`Bounce fixed ${tag}`, { exact: true }).last().click()
    await expect(staff.locator('#ticket-reply')).toHaveValue(new RegExp(`ticket ${number} is sorted`))
    const before = await mailCount(client.email)
    await staff.getByTestId('send-reply').click()
    await expect(staff.getByTestId('message-staff')).toContainText(`ticket ${number} is sorted`)
    const reply = await waitForMail(client.email, new RegExp(`\\[Ticket #${number}\\] ${subject}`), before)
    expect(reply.text).toContain('is sorted')
    mails.push(reply)
  })

  await test.step('the client sees the reply, not the note, and downloads the attachment', async () => {
    await page.goto(`${portalUrl}/tickets/${number}`)
    await expect(page.getByText(`ticket ${number} is sorted`)).toBeVisible()
    await expect(page.getByText(note)).toHaveCount(0)
    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: 'bounce.txt' }).click()
    expect((await download).suggestedFilename()).toBe('bounce.txt')
  })

  await test.step('the client closes the ticket', async () => {
    await page.getByRole('button', { name: 'Close ticket' }).click()
    await expect
      .poll(async () => (await db.ticket.findUniqueOrThrow({ where: { id: ticketId } })).status)
      .toBe('CLOSED')
  })

  // No email anyone received carries the internal note.
  for (const m of mails) expect(`${m.subject}\n${m.text}\n${m.html}`).not.toContain(note)
})
