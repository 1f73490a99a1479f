import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, REQUEST, uniqueEmail } from '@berth/tests/support/factories'
import { decryptSecret, secretBinding } from '../crypto'
import { anonymousCtx, inTransaction } from '../shared'
import { queueEmail } from './queue-email'

const db = getDb()
const SECRET_URL = 'https://portal.example.test/reset-password?token=s3cr3t-t0ken-value'

async function jobsFor(emailLogId: string) {
  return db.$queryRaw<{ name: string; data: { emailLogId: string }; singleton_key: string | null }[]>`
    SELECT name, data, singleton_key FROM pgboss.job WHERE data->>'emailLogId' = ${emailLogId}`
}

describe('queueEmail', () => {
  it('logs the email with redacted props, keeps the full props only encrypted, and queues its delivery job', async () => {
    const c = await makeClient()
    const to = uniqueEmail('to')
    const id = await inTransaction(anonymousCtx(db, REQUEST), (tx) =>
      queueEmail(tx.db, {
        template: 'password-reset',
        to,
        clientId: c.clientId,
        userId: c.userId,
        props: { firstName: 'Ada', resetUrl: SECRET_URL, expiresInMinutes: 60 },
      }),
    )
    const log = await db.emailLog.findUniqueOrThrow({ where: { id } })
    expect(log).toMatchObject({
      template: 'password-reset',
      toAddress: to,
      subject: 'Reset your password',
      clientId: c.clientId,
      userId: c.userId,
      staffId: null,
      status: 'QUEUED',
      attempts: 0,
      html: null,
      text: null,
    })
    expect(log.props).toEqual({ firstName: 'Ada', resetUrl: '[redacted]', expiresInMinutes: 60 })
    expect(log.payloadEnc).toMatch(/^v2:[0-9a-f]{8}:/)
    expect(JSON.stringify(log)).not.toContain('s3cr3t-t0ken-value')
    expect(JSON.parse(decryptSecret(log.payloadEnc!, secretBinding('EmailLog.payloadEnc', log.id)))).toEqual({
      firstName: 'Ada',
      resetUrl: SECRET_URL,
      expiresInMinutes: 60,
    })
    expect(await jobsFor(id)).toEqual([{ name: 'email.send', data: { emailLogId: id }, singleton_key: id }])
  })

  it('refuses props that do not fit the template and writes nothing', async () => {
    const logs = await db.emailLog.count()
    const bad = { firstName: 'Ada', resetUrl: 'not a url', expiresInMinutes: 60 }
    await expect(
      inTransaction(anonymousCtx(db, REQUEST), (tx) =>
        queueEmail(tx.db, { template: 'password-reset', to: uniqueEmail(), props: bad }),
      ),
    ).rejects.toThrow()
    expect(await db.emailLog.count()).toBe(logs)
  })

  it("is rolled back with the caller's transaction: no log row and no job survive", async () => {
    const to = uniqueEmail('rolled-back')
    let queuedId = ''
    const error = await inTransaction(anonymousCtx(db, REQUEST), async (tx) => {
      queuedId = await queueEmail(tx.db, {
        template: 'email-changed',
        to,
        props: { firstName: 'Ada', newEmail: 'ada@example.test' },
      })
      // Visible inside the transaction...
      expect(await tx.db.emailLog.count({ where: { id: queuedId } })).toBe(1)
      throw new Error('the change failed after the email was queued')
    }).catch((e) => e)
    expect(error.message).toBe('the change failed after the email was queued')
    // ...and gone with it.
    expect(queuedId).not.toBe('')
    expect(await db.emailLog.count({ where: { toAddress: to } })).toBe(0)
    expect(await jobsFor(queuedId)).toEqual([])
  })
})
