import { isTemplateName, redactProps, render, type Brand, type MailTransport } from '@berth/emails'
import type { Db, DbClient } from '@berth/prisma'
import { decryptSecret, secretBinding } from '../crypto'

export interface DeliverOptions {
  transport: MailTransport | null
  from: string
  brand: Brand
}

export type DeliveryOutcome = 'sent' | 'kept' | 'skipped'

/**
 * Sends one logged email (the `email.send` job). Safe to run twice: an email already sent or kept
 * is skipped. Without SMTP the email is kept in the log (NOT_SENT) with its redacted rendering.
 * A send failure is recorded and rethrown so the queue retries with backoff.
 */
export async function deliverEmail(
  db: Db,
  emailLogId: string,
  options: DeliverOptions,
): Promise<DeliveryOutcome> {
  // One delivery per email at a time: the log row stays locked until the outcome is recorded, so a
  // second worker waits here and then finds the email sent (or kept) and skips it. A send failure
  // is recorded in this transaction and rethrown after it commits.
  let failure: { error: unknown } | undefined
  const outcome = await db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "EmailLog" WHERE "id" = ${emailLogId}::uuid FOR UPDATE`
      return deliverLocked(tx, emailLogId, options, (error) => (failure = { error }))
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  )
  if (failure) throw failure.error
  return outcome
}

async function deliverLocked(
  db: DbClient,
  emailLogId: string,
  options: DeliverOptions,
  failed: (error: unknown) => void,
): Promise<DeliveryOutcome> {
  const log = await db.emailLog.findUnique({ where: { id: emailLogId } })
  if (!log || log.status === 'SENT' || log.status === 'NOT_SENT' || !log.payloadEnc) return 'skipped'
  if (!isTemplateName(log.template)) throw new Error(`unknown email template ${log.template}`)
  const props = JSON.parse(
    decryptSecret(log.payloadEnc, secretBinding('EmailLog.payloadEnc', log.id)),
  ) as Record<string, unknown>
  const redacted = await render(log.template, redactProps(log.template, props), options.brand)

  if (!options.transport) {
    await db.emailLog.update({
      where: { id: log.id },
      data: {
        status: 'NOT_SENT',
        html: redacted.html,
        text: redacted.text,
        payloadEnc: null,
        error: 'No SMTP server is configured (SMTP_URL): kept in the email log.',
      },
    })
    return 'kept'
  }

  const real = await render(log.template, props, options.brand)
  try {
    const { messageId } = await options.transport.send({
      from: options.from,
      to: log.toAddress,
      subject: real.subject,
      html: real.html,
      text: real.text,
      ...(isHeaderMap(log.headers) ? { headers: log.headers } : {}),
    })
    await db.emailLog.update({
      where: { id: log.id },
      data: {
        status: 'SENT',
        sentAt: new Date(),
        messageId,
        html: redacted.html,
        text: redacted.text,
        payloadEnc: null,
        error: null,
        attempts: { increment: 1 },
      },
    })
    return 'sent'
  } catch (error) {
    await db.emailLog.update({
      where: { id: log.id },
      data: { status: 'FAILED', error: (error as Error).message.slice(0, 1000), attempts: { increment: 1 } },
    })
    failed(error)
    return 'skipped'
  }
}

function isHeaderMap(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  )
}
