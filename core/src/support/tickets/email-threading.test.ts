import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMailTransport, type MailTransport } from '@berth/emails'
import { getDb } from '@berth/prisma'
import { REQUEST, uniqueEmail } from '@berth/tests/support/factories'
import { deliverEmail, queueEmail } from '../../notifications'
import { anonymousCtx, inTransaction } from '../../shared'
import { publicNumberFromMessageId, ticketEmailHeaders } from './email-threading'

describe('ticketEmailHeaders', () => {
  const thread = { publicNumber: 'KQZ-482913', firstMessageId: 'm1', host: 'portal.example.com' }

  it('the first email of a thread has only a Message-ID; later ones point at it', () => {
    expect(ticketEmailHeaders({ ...thread, messageKey: 'm1', audience: 'client' })).toEqual({
      'Message-ID': '<ticket-KQZ-482913-m1.client@portal.example.com>',
    })
    expect(ticketEmailHeaders({ ...thread, messageKey: 'm2', audience: 'staff' })).toEqual({
      'Message-ID': '<ticket-KQZ-482913-m2.staff@portal.example.com>',
      'In-Reply-To': '<ticket-KQZ-482913-m1.staff@portal.example.com>',
      References: '<ticket-KQZ-482913-m1.staff@portal.example.com>',
    })
  })

  it('keeps header injection out and finds the ticket number again', () => {
    const h = ticketEmailHeaders({ ...thread, messageKey: 'x>\r\nBcc: evil@example.com', audience: 'client' })
    expect(h['Message-ID']).toBe('<ticket-KQZ-482913-xBccevilexample.com.client@portal.example.com>')
    expect(publicNumberFromMessageId(h['In-Reply-To']!)).toBe('KQZ-482913')
    expect(publicNumberFromMessageId('<random@elsewhere>')).toBeNull()
  })
})

describe('threading headers over SMTP', () => {
  const received: { messageId?: string; inReplyTo?: string; references?: string | string[]; to: string }[] =
    []
  let server: SMTPServer
  let transport: MailTransport
  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            const to = Array.isArray(mail.to) ? mail.to[0]!.text : (mail.to?.text ?? '')
            received.push({
              to,
              ...(mail.messageId ? { messageId: mail.messageId } : {}),
              ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
              ...(mail.references ? { references: mail.references } : {}),
            })
            callback()
          })
          .catch((e: Error) => callback(e))
      },
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    transport = createMailTransport(`smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`)!
  })
  afterAll(async () => {
    transport?.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('delivers the Message-ID, In-Reply-To and References stored with the queued email', async () => {
    const db = getDb()
    const to = uniqueEmail('thread')
    const headers = ticketEmailHeaders({
      publicNumber: 'ABC-123456',
      firstMessageId: 'first',
      messageKey: 'second',
      audience: 'client',
      host: 'portal.example.com',
    })
    const id = await inTransaction(anonymousCtx(db, REQUEST), (tx) =>
      queueEmail(tx.db, {
        template: 'ticket-client-reply',
        to,
        props: {
          firstName: 'Sam',
          ticketNumber: 'ABC-123456',
          subject: 'Help',
          clientName: 'Ada',
          excerpt: 'Thanks',
          ticketUrl: 'https://admin.example.com/admin/resources/Ticket/records/x/show',
        },
        headers,
      }),
    )
    const brand = { companyName: 'Berth', portalUrl: 'http://localhost:3000' }
    expect(await deliverEmail(db, id, { transport, from: 'Berth <no-reply@berth.test>', brand })).toBe('sent')
    const mail = received.find((m) => m.to === to)!
    expect(mail.messageId).toBe('<ticket-ABC-123456-second.client@portal.example.com>')
    expect(mail.inReplyTo).toBe('<ticket-ABC-123456-first.client@portal.example.com>')
    expect(mail.references).toBe('<ticket-ABC-123456-first.client@portal.example.com>')
    const log = await db.emailLog.findUniqueOrThrow({ where: { id } })
    expect(log.messageId).toBe('<ticket-ABC-123456-second.client@portal.example.com>')
  })
})
