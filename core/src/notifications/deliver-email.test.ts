import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SMTPServer } from 'smtp-server'
import { createMailTransport, type MailTransport } from '@berth/emails'
import { getDb } from '@berth/prisma'
import { REQUEST, uniqueEmail } from '@berth/tests/support/factories'
import { startSmtpSink, type SmtpSink } from '../../../tests/fakes/smtp-sink'
import { anonymousCtx, inTransaction } from '../shared'
import { deliverEmail, type DeliverOptions } from './deliver-email'
import { queueEmail } from './queue-email'

const db = getDb()
const brand = { companyName: 'Harbour Hosting', portalUrl: 'https://portal.example.test' }
const FROM = 'Harbour Hosting <no-reply@harbour.example.test>'

let sink: SmtpSink
let transport: MailTransport
beforeAll(async () => {
  sink = await startSmtpSink()
  transport = createMailTransport(sink.smtpUrl)!
})
afterAll(async () => {
  transport?.close()
  await sink?.stop()
})

/** A queued password-reset email with a one-time link unique to this test. */
async function queueReset() {
  const to = uniqueEmail('reader')
  const secret = `tok-${Math.random().toString(36).slice(2)}`
  const resetUrl = `https://portal.example.test/reset-password?token=${secret}`
  const id = await inTransaction(anonymousCtx(db, REQUEST), (tx) =>
    queueEmail(tx.db, {
      template: 'password-reset',
      to,
      props: { firstName: 'Ada', resetUrl, expiresInMinutes: 60 },
    }),
  )
  return { id, to, secret, resetUrl }
}

const received = (to: string) => sink.messages.filter((m) => m.to.includes(to))
const options = (t: MailTransport | null): DeliverOptions => ({ transport: t, from: FROM, brand })

describe('deliverEmail', () => {
  it('sends over SMTP: the reader gets the real link, the log keeps only the redacted rendering', async () => {
    const mail = await queueReset()
    expect(await deliverEmail(db, mail.id, options(transport))).toBe('sent')

    const [message, ...more] = received(mail.to)
    expect(more).toEqual([])
    expect(message!.subject).toBe('Reset your password')
    expect(message!.from).toContain('no-reply@harbour.example.test')
    // Handlebars escapes '=' in the href as &#x3D;, which the mail reader decodes back.
    expect(message!.html).toContain(`href="${mail.resetUrl.replace('=', '&#x3D;')}"`)
    expect(message!.text).toContain(mail.resetUrl)
    expect(message!.html).toContain('Harbour Hosting')

    const log = await db.emailLog.findUniqueOrThrow({ where: { id: mail.id } })
    expect(log).toMatchObject({ status: 'SENT', payloadEnc: null, error: null, attempts: 1 })
    expect(log.sentAt).toBeInstanceOf(Date)
    expect(log.messageId).toMatch(/^<.+@.+>$/)
    expect(log.html).toContain('[redacted]')
    expect(log.text).toContain('[redacted]')
    expect(JSON.stringify(log)).not.toContain(mail.secret)
  })

  it('sends once when run twice, one after the other', async () => {
    const mail = await queueReset()
    expect(await deliverEmail(db, mail.id, options(transport))).toBe('sent')
    const sentAt = (await db.emailLog.findUniqueOrThrow({ where: { id: mail.id } })).sentAt
    expect(await deliverEmail(db, mail.id, options(transport))).toBe('skipped')
    expect(received(mail.to)).toHaveLength(1)
    expect(await db.emailLog.findUniqueOrThrow({ where: { id: mail.id } })).toMatchObject({
      status: 'SENT',
      attempts: 1,
      sentAt,
    })
  })

  it('sends once when two workers run it at the same moment', async () => {
    const mail = await queueReset()
    const outcomes = await Promise.all([
      deliverEmail(db, mail.id, options(transport)),
      deliverEmail(db, mail.id, options(transport)),
    ])
    expect(outcomes.sort()).toEqual(['sent', 'skipped'])
    expect(received(mail.to)).toHaveLength(1)
    expect((await db.emailLog.findUniqueOrThrow({ where: { id: mail.id } })).attempts).toBe(1)
  })

  it('without SMTP keeps the email in the log as NOT_SENT, redacted, and does not try again', async () => {
    const mail = await queueReset()
    expect(await deliverEmail(db, mail.id, options(null))).toBe('kept')
    const log = await db.emailLog.findUniqueOrThrow({ where: { id: mail.id } })
    expect(log).toMatchObject({ status: 'NOT_SENT', payloadEnc: null, sentAt: null, messageId: null })
    expect(log.error).toContain('SMTP_URL')
    expect(log.html).toContain('Choose a new password')
    expect(`${log.html}${log.text}`).not.toContain(mail.secret)
    expect(await deliverEmail(db, mail.id, options(transport))).toBe('skipped')
    expect(received(mail.to)).toEqual([])
  })

  it('records an SMTP failure as FAILED and rethrows it, keeps the payload, and a later retry sends it', async () => {
    // An SMTP peer that refuses every recipient with a permanent error.
    const refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }))
      },
    })
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', () => resolve()))
    const port = (refusing.server.address() as { port: number }).port
    const failing = createMailTransport(`smtp://127.0.0.1:${port}`)!
    try {
      const mail = await queueReset()
      await expect(deliverEmail(db, mail.id, options(failing))).rejects.toThrow(/Mailbox unavailable/)
      const failed = await db.emailLog.findUniqueOrThrow({ where: { id: mail.id } })
      expect(failed).toMatchObject({ status: 'FAILED', attempts: 1, sentAt: null })
      expect(failed.error).toContain('Mailbox unavailable')
      expect(failed.payloadEnc).toMatch(/^v2:[0-9a-f]{8}:/)

      expect(await deliverEmail(db, mail.id, options(transport))).toBe('sent')
      expect(await db.emailLog.findUniqueOrThrow({ where: { id: mail.id } })).toMatchObject({
        status: 'SENT',
        attempts: 2,
        error: null,
        payloadEnc: null,
      })
      expect(received(mail.to)).toHaveLength(1)
      expect(received(mail.to)[0]!.text).toContain(mail.resetUrl)
    } finally {
      failing.close()
      await new Promise<void>((resolve) => refusing.close(() => resolve()))
    }
  })

  it('skips an unknown email id', async () => {
    expect(await deliverEmail(db, '00000000-0000-7000-8000-000000000000', options(transport))).toBe('skipped')
  })
})
