import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import { makeDepartment, makeTicket } from '@berth/tests/support/desk-factories'
import { createRole } from '../../staff'
import { getClientTicket } from '../tickets'
import { getFileStore } from '../../platform'
import { DomainError, type Ctx } from '../../shared'
import { REQUEST } from '@berth/tests/support/factories'
import {
  addInternalNote,
  assignTicket,
  changeTicketDepartment,
  changeTicketPriority,
  changeTicketStatus,
  closeTicketAsStaff,
  createCannedReply,
  createDepartment,
  deleteCannedReply,
  deleteDepartment,
  deleteTicket,
  getStaffTicket,
  listCannedReplies,
  listTicketQueue,
  mergeTickets,
  renderCannedReply,
  replyToTicket,
  updateCannedReply,
  updateDepartment,
} from './index'

const db = getDb()
const lead = await makeStaff('Super admin')
const agent = await makeStaff('Support')
const billing = await makeStaff('Billing')
const client = await makeClient({ firstName: 'Ada', lastName: 'Lovelace', companyName: 'Analytical Ltd' })
const other = await makeClient()
const dept = await makeDepartment()

/** A staff ctx for a role made of the given permissions. */
async function staffWith(permissions: string[]): Promise<Ctx> {
  const role = await createRole(lead.ctx, {
    name: `Desk ${Math.random().toString(36).slice(2, 8)}`,
    permissions: permissions as never,
  })
  return {
    db,
    actor: { type: 'staff', staffId: agent.staffId, permissions: [...permissions], label: `role ${role.id}` },
    request: REQUEST,
  }
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p
  } catch (error) {
    if (error instanceof DomainError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

const ticketOf = (id: string) => db.ticket.findUniqueOrThrow({ where: { id } })
const emailsTo = (to: string, template: string) =>
  db.emailLog.findMany({ where: { toAddress: to, template }, orderBy: { queuedAt: 'asc' } })
const auditOf = (id: string, action: string) =>
  db.auditEvent.findMany({ where: { targetId: id, action }, orderBy: { id: 'asc' } })

describe('the staff queue', () => {
  it('filters by department, status, priority, assignee, "mine" and unassigned, sorted by status, urgency, waiting', async () => {
    const d = await makeDepartment()
    const base = { clientId: client.clientId, userId: client.userId, departmentId: d.id }
    const t0 = new Date(Date.now() - 10 * 3_600_000)
    const at = (h: number) => new Date(t0.getTime() + h * 3_600_000)
    const urgentOld = await makeTicket({ ...base, priority: 'URGENT', lastReplyAt: at(1) })
    const urgentNew = await makeTicket({ ...base, priority: 'URGENT', lastReplyAt: at(2) })
    const low = await makeTicket({ ...base, priority: 'LOW', lastReplyAt: at(0), assigneeId: agent.staffId })
    const answered = await makeTicket({ ...base, status: 'ANSWERED', priority: 'HIGH', lastReplyAt: at(0) })
    const closed = await makeTicket({ ...base, status: 'CLOSED' })

    const page = await listTicketQueue(agent.ctx, { departmentId: d.id })
    expect(page.tickets.map((t) => t.id)).toEqual([urgentOld.id, urgentNew.id, low.id, answered.id])
    expect(page.total).toBe(4)
    expect(page.tickets[0]).toMatchObject({ clientLabel: 'Analytical Ltd', departmentName: d.name })

    const all = await listTicketQueue(agent.ctx, { departmentId: d.id, status: 'ALL' })
    expect(all.total).toBe(5)
    expect(all.tickets.at(-1)!.id).toBe(closed.id)
    expect((await listTicketQueue(agent.ctx, { departmentId: d.id, status: 'ANSWERED' })).total).toBe(1)
    expect(
      (await listTicketQueue(agent.ctx, { departmentId: d.id, priority: 'URGENT' })).tickets.map((t) => t.id),
    ).toEqual([urgentOld.id, urgentNew.id])
    const mine = await listTicketQueue(agent.ctx, { departmentId: d.id, assignee: 'mine' })
    expect(mine.tickets.map((t) => t.id)).toEqual([low.id])
    expect(mine.tickets[0]!.assigneeName).toBe('Staff Support')
    expect((await listTicketQueue(lead.ctx, { departmentId: d.id, assignee: 'mine' })).total).toBe(0)
    expect((await listTicketQueue(agent.ctx, { departmentId: d.id, assignee: 'unassigned' })).total).toBe(3)
    expect((await listTicketQueue(agent.ctx, { departmentId: d.id, assignee: agent.staffId })).total).toBe(1)

    const paged = await listTicketQueue(agent.ctx, { departmentId: d.id, perPage: 3, page: 2 })
    expect(paged).toMatchObject({ total: 4, pages: 2, page: 2 })
    expect(paged.tickets.map((t) => t.id)).toEqual([answered.id])
  })

  it('refuses staff without support.view and bad filters', async () => {
    expect((await refusal(listTicketQueue(billing.ctx, {}))).code).toBe('FORBIDDEN')
    expect((await refusal(listTicketQueue(client.ctx, {}))).code).toBe('FORBIDDEN')
    const bad = await refusal(listTicketQueue(agent.ctx, { status: 'NOPE', departmentId: 'x' }))
    expect(bad.code).toBe('VALIDATION_FAILED')
    expect(Object.keys(bad.fieldErrors())).toEqual(expect.arrayContaining(['status', 'departmentId']))
  })
})

describe('replies and notes', () => {
  it('a reply answers the ticket, fills placeholders, emails the client a plain excerpt and is audited', async () => {
    const t = await makeTicket({ clientId: client.clientId, userId: client.userId, departmentId: dept.id })
    const before = await ticketOf(t.id)
    await replyToTicket(agent.ctx, {
      ticketId: t.id,
      body: 'Hello {client_first_name}, ticket {ticket_number} is fixed. {unknown} stays. — {staff_name}\n\n**done**\n\n<script>alert(1)</script><img src=x onerror=alert(2)>',
    })
    const after = await ticketOf(t.id)
    expect(after.status).toBe('ANSWERED')
    expect(after.lastReplyAt.getTime()).toBeGreaterThan(before.lastReplyAt.getTime())
    const msg = await db.ticketMessage.findFirstOrThrow({ where: { ticketId: t.id, authorType: 'STAFF' } })
    expect(msg.body).toContain(
      `Hello Ada, ticket ${t.publicNumber} is fixed. {unknown} stays. — Staff Support`,
    )
    expect(msg.isInternal).toBe(false)
    const [mail] = await emailsTo(client.email, 'ticket-staff-reply')
    expect(mail).toBeDefined()
    const props = mail!.props as Record<string, string>
    expect(props.ticketNumber).toBe(t.publicNumber)
    expect(props.ticketUrl).toMatch(new RegExp(`/tickets/${t.publicNumber}$`))
    expect(props.excerpt).toContain('Hello Ada')
    expect(props.excerpt).not.toMatch(/<script|onerror|<img/)
    // Threaded under the ticket's first email (H1's Message-ID scheme).
    const headers = mail!.headers as Record<string, string>
    expect(headers['Message-ID']).toContain(`ticket-${t.publicNumber}-${msg.id}.client@`)
    expect(headers['In-Reply-To']).toMatch(new RegExp(`^<ticket-${t.publicNumber}-[0-9a-f-]+\\.client@`))
    const detail = await getStaffTicket(agent.ctx, { ticketId: t.id })
    const html = detail.messages.find((m) => m.authorType === 'STAFF')!.html
    expect(html).toContain('<strong>done</strong>')
    expect(html).not.toMatch(/<script|onerror|alert\(1\)/)
    const [audit] = await auditOf(t.id, 'ticket.reply')
    expect(audit).toMatchObject({ actorType: 'STAFF', actorId: agent.staffId, ip: REQUEST.ip })
    expect(audit!.before).toMatchObject({ status: 'OPEN' })
    expect(audit!.after).toMatchObject({ status: 'ANSWERED', messageId: msg.id })
  })

  it('an internal note is marked internal, emails nobody, keeps the status and clocks, and shows as a note to staff', async () => {
    const t = await makeTicket({ clientId: client.clientId, userId: client.userId, departmentId: dept.id })
    const before = await ticketOf(t.id)
    const mails = await db.emailLog.count({ where: { clientId: client.clientId } })
    await addInternalNote(agent.ctx, { ticketId: t.id, body: 'Client owes us money, be careful.' })
    const after = await ticketOf(t.id)
    expect(after.status).toBe('OPEN')
    expect(after.lastReplyAt).toEqual(before.lastReplyAt)
    expect(await db.emailLog.count({ where: { clientId: client.clientId } })).toBe(mails)
    expect(
      await db.emailLog.count({
        where: { template: { startsWith: 'ticket' }, props: { string_contains: 'owes us' } },
      }),
    ).toBe(0)
    const detail = await getStaffTicket(agent.ctx, { ticketId: t.id })
    expect(detail.messages.at(-1)).toMatchObject({ isInternal: true, authorName: 'Staff Support' })
    // A later reply's email carries the reply, never the note.
    await replyToTicket(agent.ctx, { ticketId: t.id, body: 'All good now.' })
    const replyMails = await db.emailLog.findMany({
      where: { clientId: client.clientId, template: 'ticket-staff-reply' },
    })
    for (const m of replyMails) expect(JSON.stringify(m.props)).not.toContain('owes us')
    expect(await auditOf(t.id, 'ticket.note')).toHaveLength(1)
    // The client's own view of the ticket (the portal's query) has the reply, not the note.
    const view = await getClientTicket(client.ctx, t.publicNumber)
    const seen = JSON.stringify(view)
    expect(seen).toContain('All good now.')
    expect(seen).not.toContain('owes us')
  })

  it('support.view alone cannot reply or note; empty bodies are refused; nothing is written', async () => {
    const viewer = await staffWith(['support.view'])
    const t = await makeTicket({ clientId: client.clientId, userId: client.userId, departmentId: dept.id })
    expect((await refusal(replyToTicket(viewer, { ticketId: t.id, body: 'hi' }))).code).toBe('FORBIDDEN')
    expect((await refusal(addInternalNote(viewer, { ticketId: t.id, body: 'hi' }))).code).toBe('FORBIDDEN')
    const empty = await refusal(replyToTicket(agent.ctx, { ticketId: t.id, body: '   ' }))
    expect(empty.fieldErrors()).toEqual({ body: 'Write a message.' })
    expect(await db.ticketMessage.count({ where: { ticketId: t.id } })).toBe(1)
    expect((await refusal(replyToTicket(agent.ctx, { ticketId: crypto.randomUUID(), body: 'x' }))).code).toBe(
      'NOT_FOUND',
    )
  })
})

describe('triage: assign, department, priority, status, close', () => {
  it('assigns with an email to the new assignee, reassigns, unassigns, and refuses staff who cannot see tickets', async () => {
    const t = await makeTicket({
      clientId: client.clientId,
      userId: client.userId,
      departmentId: dept.id,
      body: 'Help <b onmouseover=x>please</b>',
    })
    await assignTicket(lead.ctx, { ticketId: t.id, assigneeId: agent.staffId })
    expect((await ticketOf(t.id)).assigneeId).toBe(agent.staffId)
    const [mail] = await emailsTo(agent.email, 'ticket-assigned')
    expect(mail!.staffId).toBe(agent.staffId)
    expect((mail!.props as Record<string, string>).excerpt).toBe('Help please')
    expect((mail!.props as Record<string, string>).ticketUrl).toContain(
      `/resources/Ticket/records/${t.id}/show`,
    )
    // Taking it oneself sends nothing.
    await assignTicket(lead.ctx, { ticketId: t.id, assigneeId: lead.staffId })
    expect(await emailsTo(lead.email, 'ticket-assigned')).toHaveLength(0)
    await assignTicket(lead.ctx, { ticketId: t.id, assigneeId: null })
    expect((await ticketOf(t.id)).assigneeId).toBeNull()
    const notSupport = await refusal(assignTicket(lead.ctx, { ticketId: t.id, assigneeId: billing.staffId }))
    expect(notSupport.field).toBe('assigneeId')
    expect((await auditOf(t.id, 'ticket.assign')).map((a) => a.after)).toEqual([
      expect.objectContaining({ assigneeId: agent.staffId }),
      expect.objectContaining({ assigneeId: lead.staffId }),
      expect.objectContaining({ assigneeId: null }),
    ])
  })

  it('support.reply without support.manage cannot assign, move, reprioritise, change status, merge, close or delete', async () => {
    const replier = await staffWith(['support.view', 'support.reply'])
    const t = await makeTicket({ clientId: client.clientId, userId: client.userId, departmentId: dept.id })
    const t2 = await makeTicket({ clientId: client.clientId, userId: client.userId, departmentId: dept.id })
    const d2 = await makeDepartment()
    const before = await ticketOf(t.id)
    const attempts = [
      assignTicket(replier, { ticketId: t.id, assigneeId: agent.staffId }),
      changeTicketDepartment(replier, { ticketId: t.id, departmentId: d2.id }),
      changeTicketPriority(replier, { ticketId: t.id, priority: 'URGENT' }),
      changeTicketStatus(replier, { ticketId: t.id, status: 'ON_HOLD' }),
      mergeTickets(replier, { ticketId: t.id, sourceTicket: t2.publicNumber }),
      closeTicketAsStaff(replier, { ticketId: t.id }),
      deleteTicket(replier, { ticketId: t.id }),
    ]
    for (const a of attempts) expect((await refusal(a)).code).toBe('FORBIDDEN')
    expect(await ticketOf(t.id)).toEqual(before)
    expect(await db.auditEvent.count({ where: { targetId: t.id } })).toBe(0)
  })

  it('changes department, priority and status with before/after in the audit log; closing emails the client', async () => {
    const t = await makeTicket({ clientId: client.clientId, userId: client.userId, departmentId: dept.id })
    const d2 = await makeDepartment()
    await changeTicketDepartment(agent.ctx, { ticketId: t.id, departmentId: d2.id })
    await changeTicketPriority(agent.ctx, { ticketId: t.id, priority: 'URGENT' })
    await changeTicketStatus(agent.ctx, { ticketId: t.id, status: 'ON_HOLD' })
    expect(await ticketOf(t.id)).toMatchObject({ departmentId: d2.id, priority: 'URGENT', status: 'ON_HOLD' })
    expect((await auditOf(t.id, 'ticket.department'))[0]).toMatchObject({
      before: { departmentId: dept.id },
      after: { departmentId: d2.id },
    })
    expect((await auditOf(t.id, 'ticket.priority'))[0]).toMatchObject({
      before: { priority: 'MEDIUM' },
      after: { priority: 'URGENT' },
    })
    const bad = await refusal(changeTicketPriority(agent.ctx, { ticketId: t.id, priority: 'CRITICAL' }))
    expect(bad.field).toBe('priority')
    const mails = (await emailsTo(client.email, 'ticket-closed')).length
    await closeTicketAsStaff(agent.ctx, { ticketId: t.id })
    const closed = await ticketOf(t.id)
    expect(closed.status).toBe('CLOSED')
    expect(closed.closedAt).not.toBeNull()
    const closedMails = await emailsTo(client.email, 'ticket-closed')
    expect(closedMails).toHaveLength(mails + 1)
    expect(closedMails.at(-1)!.props).toMatchObject({ isAutomatic: false, ticketNumber: t.publicNumber })
    expect((await refusal(closeTicketAsStaff(agent.ctx, { ticketId: t.id }))).code).toBe('INVALID_TRANSITION')
    // Reopening by status clears closedAt.
    await changeTicketStatus(agent.ctx, { ticketId: t.id, status: 'IN_PROGRESS' })
    expect(await ticketOf(t.id)).toMatchObject({ status: 'IN_PROGRESS', closedAt: null })
  })

  it('deletes a ticket with its messages, audited', async () => {
    const t = await makeTicket({ clientId: client.clientId, userId: client.userId, departmentId: dept.id })
    const message = await db.ticketMessage.findFirstOrThrow({ where: { ticketId: t.id } })
    const storageKey = `test/${crypto.randomUUID()}.txt`
    await getFileStore().put(storageKey, Buffer.from('log'), 'text/plain')
    await db.attachment.create({
      data: {
        messageId: message.id,
        fileName: 'a.txt',
        contentType: 'text/plain',
        size: 3,
        sha256: '0'.repeat(64),
        storageKey,
      },
    })
    await deleteTicket(agent.ctx, { ticketId: t.id })
    expect(await getFileStore().get(storageKey)).toBeNull()
    expect(await db.attachment.count({ where: { storageKey } })).toBe(0)
    expect(await db.ticket.findUnique({ where: { id: t.id } })).toBeNull()
    expect(await db.ticketMessage.count({ where: { ticketId: t.id } })).toBe(0)
    expect((await auditOf(t.id, 'ticket.delete'))[0]!.before).toMatchObject({ publicNumber: t.publicNumber })
  })
})

describe('merge', () => {
  it("moves B's messages into A in time order and closes B with a system message pointing to A", async () => {
    const base = { clientId: client.clientId, userId: client.userId, departmentId: dept.id }
    const t0 = Date.now() - 5 * 3_600_000
    const a = await makeTicket({ ...base, subject: 'A', body: 'A first', createdAt: new Date(t0) })
    const b = await makeTicket({
      ...base,
      subject: 'B',
      body: 'B first',
      createdAt: new Date(t0 + 3_600_000),
    })
    await db.ticketMessage.create({
      data: {
        ticketId: a.id,
        authorType: 'CLIENT',
        userId: client.userId,
        body: 'A second',
        createdAt: new Date(t0 + 2 * 3_600_000),
      },
    })
    await db.ticketMessage.create({
      data: {
        ticketId: b.id,
        authorType: 'CLIENT',
        userId: client.userId,
        body: 'B second',
        createdAt: new Date(t0 + 3 * 3_600_000),
      },
    })
    await db.ticket.update({ where: { id: b.id }, data: { lastReplyAt: new Date(t0 + 3 * 3_600_000) } })
    const result = await mergeTickets(agent.ctx, {
      ticketId: a.id,
      sourceTicket: b.publicNumber.toLowerCase(),
    })
    expect(result.messagesMoved).toBe(2)
    const detail = await getStaffTicket(agent.ctx, { ticketId: a.id })
    expect(detail.messages.map((m) => m.html.replace(/<\/?p>/g, ''))).toEqual([
      'A first',
      'B first',
      'A second',
      'B second',
      expect.stringContaining(`Ticket #${b.publicNumber}`),
    ])
    expect(detail.lastReplyAt.getTime()).toBe(t0 + 3 * 3_600_000)
    const closedB = await ticketOf(b.id)
    expect(closedB.status).toBe('CLOSED')
    const bMessages = await db.ticketMessage.findMany({ where: { ticketId: b.id } })
    expect(bMessages).toHaveLength(1)
    expect(bMessages[0]).toMatchObject({ authorType: 'SYSTEM', isInternal: false })
    expect(bMessages[0]!.body).toContain(`#${a.publicNumber}`)
    expect((await auditOf(a.id, 'ticket.merge'))[0]!.after).toMatchObject({
      sourceTicketId: b.id,
      messagesMoved: 2,
    })
  })

  it("refuses another client's ticket, the ticket itself and unknown numbers, changing nothing", async () => {
    const a = await makeTicket({ clientId: client.clientId, userId: client.userId, departmentId: dept.id })
    const foreign = await makeTicket({
      clientId: other.clientId,
      userId: other.userId,
      departmentId: dept.id,
    })
    for (const sourceTicket of [foreign.publicNumber, foreign.id, a.publicNumber, 'ZZZ-000000']) {
      const e = await refusal(mergeTickets(agent.ctx, { ticketId: a.id, sourceTicket }))
      expect(e.field, sourceTicket).toBe('sourceTicket')
    }
    expect(await db.ticketMessage.count({ where: { ticketId: foreign.id } })).toBe(1)
    expect((await ticketOf(foreign.id)).status).toBe('OPEN')
  })
})

describe('canned replies', () => {
  it('CRUD with audit; the picker lists shared and department replies; placeholders render for a ticket', async () => {
    const d2 = await makeDepartment()
    const shared = await createCannedReply(lead.ctx, {
      title: 'Thanks',
      body: 'Hi {client_name}, about #{ticket_number} ({ticket_subject}): fixed. Regards, {staff_name}',
    })
    const own = await createCannedReply(lead.ctx, { title: 'DNS', body: 'Check DNS', departmentId: dept.id })
    const elsewhere = await createCannedReply(lead.ctx, { title: 'Other', body: 'x', departmentId: d2.id })
    const picker = await listCannedReplies(agent.ctx, { departmentId: dept.id })
    const ids = picker.map((r) => r.id)
    expect(ids).toEqual(expect.arrayContaining([shared.id, own.id]))
    expect(ids).not.toContain(elsewhere.id)
    const t = await makeTicket({ clientId: client.clientId, userId: client.userId, departmentId: dept.id })
    const rendered = await renderCannedReply(agent.ctx, { cannedReplyId: shared.id, ticketId: t.id })
    expect(rendered.body).toBe(
      `Hi Ada Lovelace, about #${t.publicNumber} (Mail not arriving): fixed. Regards, Staff Support`,
    )
    await replyToTicket(agent.ctx, { ticketId: t.id, body: shared.body })
    expect(
      (await db.ticketMessage.findFirstOrThrow({ where: { ticketId: t.id, authorType: 'STAFF' } })).body,
    ).toBe(rendered.body)
    await updateCannedReply(lead.ctx, shared.id, { title: 'Thanks!' })
    expect((await auditOf(shared.id, 'canned-reply.update'))[0]).toMatchObject({
      before: { title: 'Thanks' },
      after: { title: 'Thanks!' },
    })
    await deleteCannedReply(lead.ctx, elsewhere.id)
    expect(await auditOf(elsewhere.id, 'canned-reply.delete')).toHaveLength(1)
    expect(
      (await refusal(createCannedReply(agent.ctx, { title: '', body: '' }))).fieldErrors(),
    ).toMatchObject({
      title: expect.any(String),
      body: expect.any(String),
    })
    const replier = await staffWith(['support.view', 'support.reply'])
    expect((await refusal(createCannedReply(replier, { title: 'x', body: 'y' }))).code).toBe('FORBIDDEN')
  })

  it('a client name carrying HTML stays inert once the reply is rendered', async () => {
    const evil = await makeClient({
      firstName: '<img src=x onerror=alert(1)>',
      lastName: '<script>x</script>',
    })
    const reply = await createCannedReply(lead.ctx, { title: 'Hi', body: 'Hello {client_name}!' })
    const t = await makeTicket({ clientId: evil.clientId, userId: evil.userId, departmentId: dept.id })
    await replyToTicket(agent.ctx, { ticketId: t.id, body: reply.body })
    const detail = await getStaffTicket(agent.ctx, { ticketId: t.id })
    const html = detail.messages.at(-1)!.html
    expect(html).not.toMatch(/<script|onerror|<img/)
  })
})

describe('departments', () => {
  it('CRUD with audit, duplicate names and deleting a department in use refused', async () => {
    const d = await createDepartment(lead.ctx, {
      name: `Sales ${Date.now()}`,
      email: 'Sales@Example.test',
      isHidden: true,
    })
    expect(d).toMatchObject({ email: 'sales@example.test', isHidden: true, autoAssign: false })
    const dup = await refusal(createDepartment(lead.ctx, { name: d.name }))
    expect(dup).toMatchObject({ code: 'DUPLICATE', field: 'name' })
    await updateDepartment(lead.ctx, d.id, { isHidden: false, email: '' })
    expect(await db.department.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({
      isHidden: false,
      email: null,
    })
    await makeTicket({ clientId: client.clientId, userId: client.userId, departmentId: d.id })
    expect((await refusal(deleteDepartment(lead.ctx, d.id))).code).toBe('IN_USE')
    const empty = await createDepartment(lead.ctx, { name: `Empty ${Date.now()}` })
    await deleteDepartment(lead.ctx, empty.id)
    expect(await auditOf(empty.id, 'department.delete')).toHaveLength(1)
    expect((await refusal(createDepartment(billing.ctx, { name: 'x' }))).code).toBe('FORBIDDEN')
  })
})
