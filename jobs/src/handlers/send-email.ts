import { createMailTransport, type MailTransport } from '@berth/emails'
import { deliverEmail, getSettings, getEnv } from '@berth/core'
import { getDb } from '@berth/prisma'
import { sendEmailJob } from '../definitions'

let transport: MailTransport | null | undefined

/** Delivers one queued email through core (SMTP when SMTP_URL is set, else kept in the log). */
export async function handleSendEmail(data: unknown): Promise<string> {
  const { emailLogId } = sendEmailJob.payload.parse(data)
  const env = getEnv()
  transport ??= createMailTransport(env.SMTP_URL)
  const db = getDb()
  const settings = await getSettings(db)
  return deliverEmail(db, emailLogId, {
    transport,
    from: env.MAIL_FROM,
    brand: { companyName: settings['company.name'], portalUrl: env.PORTAL_URL },
  })
}

export function closeMailTransport() {
  transport?.close()
  transport = undefined
}
