import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import { makeDepartment, makeTicket } from '@berth/tests/support/desk-factories'
import { runDailyBilling, DAILY_BILLING_STEPS } from '../../automation'
import { parseDateOnly } from '../../catalog'
import { updateSettings } from '../../settings'
import { ticketAutoCloseStep } from './auto-close-step'
import { sendUnansweredTicketReminders } from './unanswered-reminders'

const db = getDb()
const lead = await makeStaff('Super admin')
const agent = await makeStaff('Support')
const client = await makeClient({ firstName: 'Ada' })
const dept = await makeDepartment()
const DAY = 86_400_000
const HOUR = 3_600_000
const base = { clientId: client.clientId, userId: client.userId, departmentId: dept.id }

describe('ticket auto-close (a step of the daily run)', () => {
  const asOf = parseDateOnly('2027-03-10')
  const run = () => runDailyBilling({ db, asOf, steps: [ticketAutoCloseStep] })

  it('is in the daily run', () => {
    expect(DAILY_BILLING_STEPS).toContain(ticketAutoCloseStep)
  })

  it('closes ANSWERED tickets idle longer than support.autoCloseDays once, with a system message, an email and a JobRun', async () => {
    const stale = await makeTicket({
      ...base,
      status: 'ANSWERED',
      lastReplyAt: new Date(asOf.getTime() - 8 * DAY),
    })
    const recent = await makeTicket({
      ...base,
      status: 'ANSWERED',
      lastReplyAt: new Date(asOf.getTime() - 6 * DAY),
    })
    const waitingOnUs = await makeTicket({
      ...base,
      status: 'OPEN',
      lastReplyAt: new Date(asOf.getTime() - 30 * DAY),
    })

    const first = await run()
    expect(first.steps[0]).toMatchObject({
      step: 'ticket-auto-close',
      status: 'SUCCEEDED',
      changed: 1,
      counts: { ticketsClosed: 1 },
    })
    const closed = await db.ticket.findUniqueOrThrow({ where: { id: stale.id } })
    expect(closed.status).toBe('CLOSED')
    expect(closed.closedAt).not.toBeNull()
    const system = await db.ticketMessage.findMany({ where: { ticketId: stale.id, authorType: 'SYSTEM' } })
    expect(system).toHaveLength(1)
    expect(system[0]!.body).toContain('closed automatically after 7 days')
    expect(system[0]!.isInternal).toBe(false)
    expect((await db.ticket.findUniqueOrThrow({ where: { id: recent.id } })).status).toBe('ANSWERED')
    expect((await db.ticket.findUniqueOrThrow({ where: { id: waitingOnUs.id } })).status).toBe('OPEN')
    const mails = await db.emailLog.findMany({
      where: { toAddress: client.email, template: 'ticket-closed' },
    })
    expect(mails).toHaveLength(1)
    expect(mails[0]!.props).toMatchObject({
      isAutomatic: true,
      idleDays: 7,
      ticketNumber: stale.publicNumber,
    })
    const jobRun = await db.jobRun.findUniqueOrThrow({ where: { id: first.steps[0]!.jobRunId } })
    expect(jobRun).toMatchObject({
      job: 'billing-run.ticket-auto-close',
      runKey: '2027-03-10',
      status: 'SUCCEEDED',
    })
    expect(
      await db.auditEvent.count({
        where: { targetId: stale.id, action: 'ticket.auto-close', actorType: 'SYSTEM' },
      }),
    ).toBe(1)

    // Again, and twice at once: nothing more.
    const again = await Promise.all([run(), run()])
    for (const r of again) expect(r.steps[0]!.changed).toBe(0)
    expect(await db.emailLog.count({ where: { toAddress: client.email, template: 'ticket-closed' } })).toBe(1)
    expect(await db.ticketMessage.count({ where: { ticketId: stale.id, authorType: 'SYSTEM' } })).toBe(1)
  })

  it('does nothing when support.autoCloseDays is 0', async () => {
    await updateSettings(lead.ctx, { 'support.autoCloseDays': 0 })
    const t = await makeTicket({
      ...base,
      status: 'ANSWERED',
      lastReplyAt: new Date(asOf.getTime() - 90 * DAY),
    })
    const r = await runDailyBilling({ db, asOf: parseDateOnly('2027-03-11'), steps: [ticketAutoCloseStep] })
    expect(r.steps[0]!.seen).toBe(0)
    expect((await db.ticket.findUniqueOrThrow({ where: { id: t.id } })).status).toBe('ANSWERED')
    await updateSettings(lead.ctx, { 'support.autoCloseDays': 7 })
  })
})

describe('unanswered-ticket reminder', () => {
  it('emails the assignee or the department once per waiting period; a new client message starts a new one', async () => {
    // Earlier tests' tickets out of the way (one database per file).
    await db.ticket.updateMany({ data: { status: 'CLOSED' } })
    const d = await makeDepartment({ email: 'desk@example.test' })
    const now = new Date('2027-04-01T12:00:00Z')
    const assigned = await makeTicket({
      ...base,
      departmentId: d.id,
      assigneeId: agent.staffId,
      lastReplyAt: new Date(now.getTime() - 25 * HOUR),
    })
    const unassigned = await makeTicket({
      ...base,
      departmentId: d.id,
      status: 'CUSTOMER_REPLY',
      lastReplyAt: new Date(now.getTime() - 30 * HOUR),
    })
    const fresh = await makeTicket({
      ...base,
      departmentId: d.id,
      lastReplyAt: new Date(now.getTime() - 2 * HOUR),
    })
    const answered = await makeTicket({
      ...base,
      departmentId: d.id,
      status: 'ANSWERED',
      lastReplyAt: new Date(now.getTime() - 50 * HOUR),
    })

    const first = await sendUnansweredTicketReminders(db, now)
    expect(first).toMatchObject({ status: 'SUCCEEDED', sent: 2 })
    const toAgent = await db.emailLog.findMany({
      where: { template: 'ticket-unanswered', toAddress: agent.email },
    })
    expect(toAgent).toHaveLength(1)
    expect(toAgent[0]!.props).toMatchObject({ ticketNumber: assigned.publicNumber, hoursWaiting: 25 })
    const toDesk = await db.emailLog.findMany({
      where: { template: 'ticket-unanswered', toAddress: 'desk@example.test' },
    })
    expect(toDesk.map((m) => (m.props as { ticketNumber: string }).ticketNumber)).toEqual([
      unassigned.publicNumber,
    ])
    expect(await db.ticketReminder.count({ where: { ticketId: { in: [fresh.id, answered.id] } } })).toBe(0)

    // The same hour again is one JobRun, skipped; the next hours send nothing new, even twice at once.
    expect((await sendUnansweredTicketReminders(db, new Date(now.getTime() + 60_000))).status).toBe('SKIPPED')
    const later = await Promise.all([
      sendUnansweredTicketReminders(db, new Date(now.getTime() + HOUR)),
      sendUnansweredTicketReminders(db, new Date(now.getTime() + 2 * HOUR), { triggeredBy: 'second worker' }),
    ])
    for (const r of later) expect(r.sent).toBe(0)
    expect(
      await db.emailLog.count({
        where: { template: 'ticket-unanswered', toAddress: { in: [agent.email, 'desk@example.test'] } },
      }),
    ).toBe(2)

    // The client writes again: a new waiting period, a new reminder once it is overdue.
    await db.ticket.update({ where: { id: fresh.id }, data: { status: 'CLOSED' } })
    const replyAt = new Date(now.getTime() + 3 * HOUR)
    await db.ticket.update({
      where: { id: assigned.id },
      data: { status: 'CUSTOMER_REPLY', lastReplyAt: replyAt },
    })
    expect((await sendUnansweredTicketReminders(db, new Date(replyAt.getTime() + 23 * HOUR))).sent).toBe(0)
    expect((await sendUnansweredTicketReminders(db, new Date(replyAt.getTime() + 25 * HOUR))).sent).toBe(1)
    expect(
      await db.emailLog.count({ where: { template: 'ticket-unanswered', toAddress: agent.email } }),
    ).toBe(2)
    expect(await db.jobRun.count({ where: { job: 'support.unanswered-reminders' } })).toBe(5)
  })

  it('is off at 0 hours', async () => {
    await updateSettings(lead.ctx, { 'support.unansweredReminderHours': 0 })
    const now = new Date('2027-05-01T12:00:00Z')
    await makeTicket({ ...base, lastReplyAt: new Date(now.getTime() - 100 * HOUR) })
    expect(await sendUnansweredTicketReminders(db, now)).toMatchObject({
      status: 'SUCCEEDED',
      seen: 0,
      sent: 0,
    })
    await updateSettings(lead.ctx, { 'support.unansweredReminderHours': 24 })
  })
})
