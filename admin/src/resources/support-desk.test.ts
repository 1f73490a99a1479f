import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCannedReply, getFileStore } from '@berth/core'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff } from '@berth/tests/support/factories'
import { makeDepartment, makeTicket } from '@berth/tests/support/desk-factories'
import { signedIn, startAdmin, type AdminClient, type RunningAdmin } from '../test-support/admin-client'

/**
 * The support desk through the console's HTTP API, as a browser uses it: the queue (filters,
 * "mine"), the ticket page (thread with internal notes marked, bodies sanitized, the client's
 * context, canned replies filled in), the reply and note forms, attachment downloads with the safe
 * headers, and refusals for roles without the permission.
 */
const db = getDb()
let admin: RunningAdmin
let agentBrowser: AdminClient
let billingBrowser: AdminClient
const agent = await makeStaff('Support')
const billing = await makeStaff('Billing')
const lead = await makeStaff('Super admin')
const client = await makeClient({ firstName: 'Grace', companyName: 'Hopper & Co' })
const dept = await makeDepartment()
const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'

beforeAll(async () => {
  admin = await startAdmin()
  agentBrowser = await signedIn(admin.baseUrl, agent.email, agent.password)
  billingBrowser = await signedIn(admin.baseUrl, billing.email, billing.password)
})
afterAll(async () => {
  await admin.close()
})

async function ticketWithAttachment() {
  const t = await makeTicket({
    clientId: client.clientId,
    userId: client.userId,
    departmentId: dept.id,
    subject: `Broken ${XSS}`,
    body: `It fails: ${XSS}\n\n**bold**`,
  })
  const message = await db.ticketMessage.findFirstOrThrow({ where: { ticketId: t.id } })
  const key = `test/${randomUUID()}.txt`
  const bytes = Buffer.from('<html><script>alert(1)</script></html>')
  await getFileStore().put(key, bytes, 'text/plain')
  const a = await db.attachment.create({
    data: {
      messageId: message.id,
      fileName: 'log.txt',
      contentType: 'text/plain',
      size: bytes.length,
      sha256: 'x'.repeat(64),
      storageKey: key,
    },
  })
  return { ...t, attachmentId: a.id }
}

const detailOf = (res: { json: { record: { params: Record<string, unknown> } } }) =>
  res.json.record.params.berthTicket as {
    messages: { html: string; isInternal: boolean; authorType: string; attachments: { id: string }[] }[]
    cannedReplies: { title: string; body: string }[]
    services: unknown[] | null
    invoices: unknown[] | null
    clientLabel: string
    can: { reply: boolean; manage: boolean }
  }

describe('the ticket console', () => {
  it('lists the queue with filters and "mine"', async () => {
    const d = await makeDepartment()
    const mine = await makeTicket({
      clientId: client.clientId,
      userId: client.userId,
      departmentId: d.id,
      assigneeId: agent.staffId,
      priority: 'HIGH',
    })
    const other = await makeTicket({ clientId: client.clientId, userId: client.userId, departmentId: d.id })
    const all = await agentBrowser.list('Ticket', `departmentId=${d.id}`)
    expect(all.status).toBe(200)
    expect(all.json.queue.tickets.map((t: { id: string }) => t.id)).toEqual([mine.id, other.id])
    expect(all.json.queue.total).toBe(2)
    const mineOnly = await agentBrowser.list('Ticket', `departmentId=${d.id}&assignee=mine`)
    expect(mineOnly.json.queue.tickets.map((t: { id: string }) => t.id)).toEqual([mine.id])
    const unassigned = await agentBrowser.list('Ticket', `departmentId=${d.id}&assignee=unassigned`)
    expect(unassigned.json.queue.tickets.map((t: { id: string }) => t.id)).toEqual([other.id])
    expect((await billingBrowser.list('Ticket')).status).toBe(403)
  })

  it('shows the thread with the note marked, every body sanitized, the client context and canned replies filled in', async () => {
    const t = await ticketWithAttachment()
    await createCannedReply(lead.ctx, {
      title: 'Hi',
      body: 'Hello {client_first_name}, about {ticket_number}',
      departmentId: dept.id,
    })
    const note = await agentBrowser.recordAction('Ticket', t.id, 'note', { body: `Internal ${XSS}` })
    expect(note.json.notice.type).toBe('success')
    const res = await agentBrowser.show('Ticket', t.id)
    expect(res.status).toBe(200)
    const detail = detailOf(res)
    expect(detail.messages.map((m) => [m.authorType, m.isInternal])).toEqual([
      ['CLIENT', false],
      ['STAFF', true],
    ])
    for (const m of detail.messages) {
      expect(m.html).not.toMatch(/<script|onerror|javascript:/i)
    }
    expect(detail.messages[0]!.html).toContain('<strong>bold</strong>')
    expect(detail.messages[0]!.attachments.map((a) => a.id)).toEqual([t.attachmentId])
    expect(detail.clientLabel).toBe('Hopper & Co')
    expect(detail.services).toEqual([]) // orders.view
    expect(detail.invoices).toBeNull() // the Support role has no billing.view
    expect(detail.cannedReplies).toContainEqual({
      id: expect.any(String),
      title: 'Hi',
      body: `Hello Grace, about ${t.publicNumber}`,
    })
    expect(detail.can).toEqual({ reply: true, manage: true })
    // Only message bodies are inserted as HTML (sanitized above); the subject travels as text,
    // which React escapes.
    expect(res.json.record.params.berthTicket.subject).toBe(`Broken ${XSS}`)
  })

  it('replies through the form (status ANSWERED, client emailed) and refuses an empty body on its field', async () => {
    const t = await makeTicket({ clientId: client.clientId, userId: client.userId, departmentId: dept.id })
    const empty = await agentBrowser.recordAction('Ticket', t.id, 'reply', { body: ' ' })
    expect(empty.json.record.errors.body.message).toBe('Write a message.')
    const ok = await agentBrowser.recordAction('Ticket', t.id, 'reply', {
      body: 'Fixed for you, {client_first_name}.',
    })
    expect(ok.json.notice.type).toBe('success')
    expect((await db.ticket.findUniqueOrThrow({ where: { id: t.id } })).status).toBe('ANSWERED')
    expect(
      await db.ticketMessage.count({
        where: { ticketId: t.id, authorType: 'STAFF', body: 'Fixed for you, Grace.' },
      }),
    ).toBe(1)
    expect(
      await db.emailLog.count({ where: { toAddress: client.email, template: 'ticket-staff-reply' } }),
    ).toBeGreaterThan(0)
    // A Billing member gets 403 and nothing is written.
    const before = await db.ticketMessage.count({ where: { ticketId: t.id } })
    expect((await billingBrowser.recordAction('Ticket', t.id, 'reply', { body: 'forged' })).status).toBe(403)
    expect((await billingBrowser.recordAction('Ticket', t.id, 'note', { body: 'forged' })).status).toBe(403)
    expect((await billingBrowser.recordAction('Ticket', t.id, 'close', { confirm: 'yes' })).status).toBe(403)
    expect(await db.ticketMessage.count({ where: { ticketId: t.id } })).toBe(before)
  })

  it('serves attachments as downloads with nosniff and a sandbox CSP, only for this ticket and only to support.view', async () => {
    const t = await ticketWithAttachment()
    const path = `/admin/api/resources/Ticket/records/${t.id}/show?attachment=${t.attachmentId}`
    const res = await agentBrowser.get(path)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="log.txt"/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toContain('sandbox')
    expect(res.text).toBe('<html><script>alert(1)</script></html>')
    const other = await makeTicket({
      clientId: client.clientId,
      userId: client.userId,
      departmentId: dept.id,
    })
    expect(
      (
        await agentBrowser.get(
          `/admin/api/resources/Ticket/records/${other.id}/show?attachment=${t.attachmentId}`,
        )
      ).status,
    ).toBe(404)
    expect((await billingBrowser.get(path)).status).toBe(403)
    expect(
      (await agentBrowser.get(`/admin/api/resources/Ticket/records/${t.id}/show?attachment=../../etc/passwd`))
        .status,
    ).toBe(404)
  })

  it('triage forms offer their choices on GET and apply on POST', async () => {
    const t = await makeTicket({ clientId: client.clientId, userId: client.userId, departmentId: dept.id })
    const form = await agentBrowser.get(`/admin/api/resources/Ticket/records/${t.id}/assign`)
    const choices = form.json.record.params.actionData as {
      options: { assigneeId: { value: string }[] }
    }
    expect(choices.options.assigneeId.map((o) => o.value)).toEqual(
      expect.arrayContaining(['', agent.staffId]),
    )
    expect(choices.options.assigneeId.map((o) => o.value)).not.toContain(billing.staffId)
    const res = await agentBrowser.recordAction('Ticket', t.id, 'assign', { assigneeId: agent.staffId })
    expect(res.json.notice.type).toBe('success')
    expect((await db.ticket.findUniqueOrThrow({ where: { id: t.id } })).assigneeId).toBe(agent.staffId)
    const bad = await agentBrowser.recordAction('Ticket', t.id, 'merge', { sourceTicket: 'NOPE-1' })
    expect(bad.json.record.errors.sourceTicket.message).toBe('No ticket has this number.')
  })
})
