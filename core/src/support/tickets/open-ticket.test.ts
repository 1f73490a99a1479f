import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff, visitorRequest } from '@berth/tests/support/factories'
import { makeDepartment } from '@berth/tests/support/desk-factories'
import { LocalFileStore } from '../../platform'
import { updateSettings } from '../../settings'
import { closeTicket, reopenTicket } from './close-ticket'
import { publicNumberFromMessageId } from './email-threading'
import { getClientAttachment } from './get-attachment'
import { getClientTicket } from './get-client-ticket'
import { countActiveClientTickets, listClientTickets } from './list-client-tickets'
import { openTicket } from './open-ticket'
import { PUBLIC_NUMBER_PATTERN } from './public-number'
import { replyAsClient } from './reply-as-client'

const db = getDb()
let dir: string
let store: LocalFileStore
const png = () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-tickets-'))
  store = new LocalFileStore(dir)
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function filesStored(): Promise<number> {
  const walk = async (d: string): Promise<number> => {
    let n = 0
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      n += e.isDirectory() ? await walk(join(d, e.name)) : 1
    }
    return n
  }
  return walk(dir)
}

/** A client acting from an address of its own, so rate limits per IP do not mix between tests. */
async function client() {
  const c = await makeClient()
  return { ...c, ctx: { ...c.ctx, request: visitorRequest() } }
}

describe('openTicket', () => {
  it('opens an OPEN ticket with a random public number, the first message, attachments, audit and emails', async () => {
    const c = await client()
    const dept = await makeDepartment({ email: 'support-dept@example.test' })
    const files = [{ name: 'screen shot.png', bytes: png() }]
    const t = await openTicket(
      c.ctx,
      { departmentId: dept.id, subject: '  Mail not arriving ', message: 'Since **today**.' },
      { files, store },
    )
    expect(t.publicNumber).toMatch(PUBLIC_NUMBER_PATTERN)
    const row = await db.ticket.findUniqueOrThrow({
      where: { id: t.id },
      include: { messages: { include: { attachments: true } } },
    })
    expect(row).toMatchObject({
      clientId: c.clientId,
      userId: c.userId,
      subject: 'Mail not arriving',
      status: 'OPEN',
      priority: 'MEDIUM',
      assigneeId: null,
    })
    expect(row.messages).toHaveLength(1)
    const [attachment] = row.messages[0]!.attachments
    expect(attachment).toMatchObject({ fileName: 'screen shot.png', contentType: 'image/png', size: 12 })
    expect(attachment!.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(attachment!.storageKey).toMatch(/^tickets\/\d{4}\/\d{2}\/[0-9a-f-]{36}$/)
    expect(Buffer.from((await store.get(attachment!.storageKey))!).equals(Buffer.from(png()))).toBe(true)

    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'ticket.open', targetId: t.id } })
    expect(audit).toMatchObject({ actorType: 'CLIENT', actorId: c.userId, clientId: c.clientId })
    expect(audit.ip).toBe(c.ctx.request.ip)

    const emails = await db.emailLog.findMany({ where: { template: 'ticket-opened', clientId: c.clientId } })
    expect(emails.map((e) => e.toAddress).sort()).toEqual([c.email, 'support-dept@example.test'].sort())
    for (const e of emails) {
      const headers = e.headers as Record<string, string>
      expect(publicNumberFromMessageId(headers['Message-ID']!)).toBe(t.publicNumber)
      expect(headers['In-Reply-To']).toBeUndefined()
    }
    expect(emails.find((e) => e.toAddress === c.email)!.subject).toBe(
      `[Ticket #${t.publicNumber}] Mail not arriving`,
    )
  })

  it('refuses a hidden or unknown department and another client’s service, with field errors and nothing written', async () => {
    const c = await client()
    const other = await makeClient()
    const hidden = await makeDepartment({ isHidden: true })
    const dept = await makeDepartment()
    const product = await db.product.findFirst({ select: { id: true } })
    const before = await db.ticket.count()
    await expect(
      openTicket(c.ctx, { departmentId: hidden.id, subject: 's', message: 'm' }, { store }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'departmentId',
    })
    await expect(
      openTicket(
        c.ctx,
        { departmentId: '0191f3a0-0000-7000-8000-000000000000', subject: 's', message: 'm' },
        { store },
      ),
    ).rejects.toMatchObject({ field: 'departmentId' })
    if (product) {
      const service = await db.service.create({
        data: {
          clientId: other.clientId,
          productId: product.id,
          billingCycle: 'MONTHLY',
          currencyCode: 'USD',
          firstPaymentAmount: 0n,
          recurringAmount: 0n,
          registrationDate: new Date(),
        },
      })
      await expect(
        openTicket(
          c.ctx,
          { departmentId: dept.id, subject: 's', message: 'm', serviceId: service.id },
          { store },
        ),
      ).rejects.toMatchObject({ field: 'serviceId' })
    }
    expect(await db.ticket.count()).toBe(before)
  })

  it('reports every field at fault at once, the attachments among them', async () => {
    const c = await client()
    const error = await openTicket(
      c.ctx,
      { departmentId: 'nope', subject: '', message: ' ' },
      { files: [{ name: 'a.exe', bytes: png() }], store },
    ).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' })
    const fields = (error as { issues: { field: string }[] }).issues.map((i) => i.field).sort()
    expect(fields).toEqual(['attachments', 'departmentId', 'message', 'subject'])
  })

  it('auto-assigns to the active department member with the fewest open tickets when the department says so', async () => {
    const c = await client()
    const dept = await makeDepartment({ email: null })
    await db.department.update({ where: { id: dept.id }, data: { autoAssign: true } })
    const busy = await makeStaff('Support')
    const free = await makeStaff('Support')
    const disabled = await makeStaff('Support')
    await db.staff.update({ where: { id: disabled.staffId }, data: { status: 'DISABLED' } })
    for (const s of [busy, free, disabled]) {
      await db.staffDepartment.create({ data: { staffId: s.staffId, departmentId: dept.id } })
    }
    const first = await openTicket(c.ctx, { departmentId: dept.id, subject: 'a', message: 'a' }, { store })
    const second = await openTicket(c.ctx, { departmentId: dept.id, subject: 'b', message: 'b' }, { store })
    const assignees = await db.ticket.findMany({
      where: { id: { in: [first.id, second.id] } },
      select: { assigneeId: true },
    })
    // One each: the second goes to whoever the first did not (fewest open tickets), never the disabled one.
    expect(new Set(assignees.map((a) => a.assigneeId))).toEqual(new Set([busy.staffId, free.staffId]))
    // Without autoAssign nobody is picked.
    const plain = await makeDepartment()
    await db.staffDepartment.create({ data: { staffId: free.staffId, departmentId: plain.id } })
    const third = await openTicket(c.ctx, { departmentId: plain.id, subject: 'c', message: 'c' }, { store })
    expect((await db.ticket.findUniqueOrThrow({ where: { id: third.id } })).assigneeId).toBeNull()
  })

  it('rate-limits new tickets per client (setting), with a clear message and nothing written', async () => {
    const staff = await makeStaff('Super admin')
    await updateSettings(staff.ctx, { 'support.ticketsPerHourPerClient': 2 })
    try {
      const c = await client()
      const dept = await makeDepartment()
      await openTicket(c.ctx, { departmentId: dept.id, subject: '1', message: 'm' }, { store })
      await openTicket(c.ctx, { departmentId: dept.id, subject: '2', message: 'm' }, { store })
      const stored = await filesStored()
      await expect(
        openTicket(
          c.ctx,
          { departmentId: dept.id, subject: '3', message: 'm' },
          { files: [{ name: 'x.png', bytes: png() }], store },
        ),
      ).rejects.toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.stringContaining('opened many tickets'),
      })
      expect(await db.ticket.count({ where: { clientId: c.clientId } })).toBe(2)
      expect(await filesStored()).toBe(stored)
      // Another client is not affected.
      const d = await client()
      await openTicket(d.ctx, { departmentId: dept.id, subject: 'ok', message: 'm' }, { store })
    } finally {
      await updateSettings(staff.ctx, { 'support.ticketsPerHourPerClient': 5 })
    }
  })

  it('rate-limits new tickets per IP across clients', async () => {
    const staff = await makeStaff('Super admin')
    await updateSettings(staff.ctx, { 'support.ticketsPerHourPerIp': 2 })
    try {
      const request = visitorRequest()
      const dept = await makeDepartment()
      const a = await makeClient()
      const b = await makeClient()
      await openTicket(
        { ...a.ctx, request },
        { departmentId: dept.id, subject: '1', message: 'm' },
        { store },
      )
      await openTicket(
        { ...b.ctx, request },
        { departmentId: dept.id, subject: '2', message: 'm' },
        { store },
      )
      await expect(
        openTicket({ ...a.ctx, request }, { departmentId: dept.id, subject: '3', message: 'm' }, { store }),
      ).rejects.toMatchObject({ code: 'RATE_LIMITED' })
    } finally {
      await updateSettings(staff.ctx, { 'support.ticketsPerHourPerIp': 20 })
    }
  })
})

describe('replies, closing and reopening', () => {
  async function opened() {
    const c = await client()
    const dept = await makeDepartment({ email: 'dept-replies@example.test' })
    const t = await openTicket(c.ctx, { departmentId: dept.id, subject: 'Help', message: 'First' }, { store })
    return { c, dept, t }
  }

  it('a client reply sets CUSTOMER_REPLY, moves lastReplyAt, audits and emails the assignee with threading headers', async () => {
    const { c, t } = await opened()
    const staff = await makeStaff('Support')
    await db.ticket.update({
      where: { id: t.id },
      data: { status: 'ANSWERED', assigneeId: staff.staffId, lastReplyAt: new Date(Date.now() - 60_000) },
    })
    const { messageId } = await replyAsClient(
      c.ctx,
      { number: t.publicNumber.toLowerCase(), message: 'Still broken' },
      { files: [{ name: 'log.txt', bytes: new TextEncoder().encode('error: 42\n') }], store },
    )
    const row = await db.ticket.findUniqueOrThrow({ where: { id: t.id } })
    expect(row.status).toBe('CUSTOMER_REPLY')
    expect(Date.now() - row.lastReplyAt.getTime()).toBeLessThan(10_000)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'ticket.reply', targetId: t.id } })
    expect(audit.before).toEqual({ status: 'ANSWERED' })
    const email = await db.emailLog.findFirstOrThrow({
      where: { template: 'ticket-client-reply', clientId: c.clientId },
    })
    expect(email.toAddress).toBe(staff.email)
    const headers = email.headers as Record<string, string>
    const first = await db.ticketMessage.findFirstOrThrow({
      where: { ticketId: t.id },
      orderBy: { createdAt: 'asc' },
    })
    expect(headers['Message-ID']).toContain(`ticket-${t.publicNumber}-${messageId}.staff@`)
    expect(headers['In-Reply-To']).toContain(`ticket-${t.publicNumber}-${first.id}.staff@`)
    expect(headers.References).toBe(headers['In-Reply-To'])
  })

  it('without an assignee the reply goes to the department address', async () => {
    const { c, t } = await opened()
    await replyAsClient(c.ctx, { number: t.publicNumber, message: 'More' }, { store })
    const email = await db.emailLog.findFirstOrThrow({
      where: { template: 'ticket-client-reply', clientId: c.clientId },
    })
    expect(email.toAddress).toBe('dept-replies@example.test')
  })

  it('close, reopen and reply-to-closed follow support.allowReopen', async () => {
    const { c, t } = await opened()
    expect(await closeTicket(c.ctx, { number: t.publicNumber })).toEqual({ changed: true })
    expect(await closeTicket(c.ctx, { number: t.publicNumber })).toEqual({ changed: false })
    expect((await db.ticket.findUniqueOrThrow({ where: { id: t.id } })).closedAt).not.toBeNull()
    expect(await reopenTicket(c.ctx, { number: t.publicNumber })).toEqual({ changed: true })
    expect((await db.ticket.findUniqueOrThrow({ where: { id: t.id } })).status).toBe('OPEN')
    const actions = await db.auditEvent.findMany({
      where: { targetId: t.id },
      orderBy: { createdAt: 'asc' },
      select: { action: true },
    })
    expect(actions.map((a) => a.action)).toEqual(['ticket.open', 'ticket.close', 'ticket.reopen'])

    const staff = await makeStaff('Super admin')
    await updateSettings(staff.ctx, { 'support.allowReopen': false })
    try {
      await closeTicket(c.ctx, { number: t.publicNumber })
      await expect(reopenTicket(c.ctx, { number: t.publicNumber })).rejects.toMatchObject({
        code: 'INVALID_TRANSITION',
      })
      await expect(
        replyAsClient(c.ctx, { number: t.publicNumber, message: 'hello?' }, { store }),
      ).rejects.toMatchObject({
        code: 'INVALID_TRANSITION',
        field: 'message',
      })
      const view = await getClientTicket(c.ctx, t.publicNumber)
      expect(view).toMatchObject({ canReply: false, canReopen: false, canClose: false })
    } finally {
      await updateSettings(staff.ctx, { 'support.allowReopen': true })
    }
    // With reopening allowed, a reply to a closed ticket reopens it as CUSTOMER_REPLY.
    await replyAsClient(c.ctx, { number: t.publicNumber, message: 'back again' }, { store })
    expect((await db.ticket.findUniqueOrThrow({ where: { id: t.id } })).status).toBe('CUSTOMER_REPLY')
  })
})

describe('what a client can see', () => {
  it('lists and shows only their own tickets; internal notes never appear; another client gets NOT_FOUND', async () => {
    const c = await client()
    const other = await client()
    const dept = await makeDepartment()
    const t = await openTicket(
      c.ctx,
      { departmentId: dept.id, subject: 'Mine', message: 'Body' },
      { files: [{ name: 'a.png', bytes: png() }], store },
    )
    const staff = await makeStaff('Support')
    await db.ticketMessage.create({
      data: {
        ticketId: t.id,
        authorType: 'STAFF',
        staffId: staff.staffId,
        body: 'SECRET internal note',
        isInternal: true,
      },
    })
    await db.ticketMessage.create({
      data: { ticketId: t.id, authorType: 'STAFF', staffId: staff.staffId, body: 'Public answer' },
    })
    const view = await getClientTicket(c.ctx, t.publicNumber)
    expect(view.messages.map((m) => m.body)).toEqual(['Body', 'Public answer'])
    expect(JSON.stringify(view)).not.toContain('SECRET')
    expect(view.messages[1]!.authorName).toBe('Staff (staff)')

    const list = await listClientTickets(c.ctx)
    expect(list.tickets.map((x) => x.publicNumber)).toEqual([t.publicNumber])
    expect(list.tickets[0]).toMatchObject({ departmentName: dept.name, statusLabel: 'Open' })
    expect(await countActiveClientTickets(c.ctx)).toBe(1)
    expect((await listClientTickets(other.ctx)).tickets).toEqual([])

    const attachmentId = view.messages[0]!.attachments[0]!.id
    const download = await getClientAttachment(c.ctx, { number: t.publicNumber, attachmentId }, store)
    expect(download.fileName).toBe('a.png')

    const stateBefore = await db.ticket.findUniqueOrThrow({ where: { id: t.id } })
    const auditsBefore = await db.auditEvent.count()
    for (const attempt of [
      () => getClientTicket(other.ctx, t.publicNumber),
      () => getClientAttachment(other.ctx, { number: t.publicNumber, attachmentId }, store),
      () =>
        replyAsClient(
          other.ctx,
          { number: t.publicNumber, message: 'hi' },
          { files: [{ name: 'b.png', bytes: png() }], store },
        ),
      () => closeTicket(other.ctx, { number: t.publicNumber }),
      () => reopenTicket(other.ctx, { number: t.publicNumber }),
      () => getClientTicket(c.ctx, t.id), // the bare id is not a number
      () => getClientAttachment(c.ctx, { number: 'ZZZ-000000', attachmentId }, store),
      () => getClientAttachment(c.ctx, { number: t.publicNumber, attachmentId: 'not-a-uuid' }, store),
    ]) {
      await expect(attempt()).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: 'This ticket does not exist.',
      })
    }
    expect(await db.ticket.findUniqueOrThrow({ where: { id: t.id } })).toEqual(stateBefore)
    expect(await db.auditEvent.count()).toBe(auditsBefore)
    expect(await db.ticketMessage.count({ where: { ticketId: t.id } })).toBe(3)
  })

  it('an attachment on an internal note cannot be downloaded by the client', async () => {
    const c = await client()
    const dept = await makeDepartment()
    const t = await openTicket(c.ctx, { departmentId: dept.id, subject: 's', message: 'm' }, { store })
    await store.put('tickets/internal/one', png(), 'image/png')
    const note = await db.ticketMessage.create({
      data: {
        ticketId: t.id,
        authorType: 'STAFF',
        body: 'note',
        isInternal: true,
        attachments: {
          create: {
            fileName: 'x.png',
            contentType: 'image/png',
            size: 12,
            sha256: 'x',
            storageKey: 'tickets/internal/one',
          },
        },
      },
      select: { attachments: { select: { id: true } } },
    })
    await expect(
      getClientAttachment(c.ctx, { number: t.publicNumber, attachmentId: note.attachments[0]!.id }, store),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
