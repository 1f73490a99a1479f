import { redactProps, TEMPLATES, type TemplateName, type TemplateProps } from '@berth/emails'
import type { DbClient } from '@berth/prisma'
import { encryptSecret, secretBinding } from '../crypto'
import { enqueue, enqueueMany, QUEUES } from '../platform'
import { insertRows, toJsonSafe, newRowId } from '../shared'

export interface QueueEmailInput<N extends TemplateName> {
  template: N
  to: string
  props: TemplateProps<N>
  clientId?: string | null
  userId?: string | null
  staffId?: string | null
  /** extra headers, e.g. a ticket's Message-ID/In-Reply-To/References (support/tickets/email-threading.ts) */
  headers?: Record<string, string>
}

/**
 * Records an email in the log and queues its delivery, inside the caller's transaction. The log
 * keeps redacted props; the full props (with one-time links) are stored only encrypted, until the
 * job has sent the email.
 */
export async function queueEmail<N extends TemplateName>(
  db: DbClient,
  input: QueueEmailInput<N>,
): Promise<string> {
  const def = TEMPLATES[input.template]
  const props = def.props.parse(input.props) as Record<string, unknown>
  const id = newRowId() // known before the insert: the payload is sealed bound to it
  const log = await db.emailLog.create({
    data: {
      id,
      template: input.template,
      toAddress: input.to,
      subject: (def.subject as (p: unknown) => string)(props),
      clientId: input.clientId ?? null,
      userId: input.userId ?? null,
      staffId: input.staffId ?? null,
      ...(input.headers ? { headers: input.headers } : {}),
      props: toJsonSafe(redactProps(input.template, props)) as object,
      payloadEnc: encryptSecret(JSON.stringify(toJsonSafe(props)), secretBinding('EmailLog.payloadEnc', id)),
    },
    select: { id: true },
  })
  await enqueue(db, QUEUES.sendEmail, { emailLogId: log.id }, { singletonKey: log.id })
  return log.id
}

/**
 * queueEmail for many emails at once (one insert for the log rows, one for the jobs), inside the
 * caller's transaction: what the daily run uses for a batch of invoices. Same rows, same sealing.
 */
export async function queueEmails(
  db: DbClient,
  inputs: readonly QueueEmailInput<TemplateName>[],
): Promise<string[]> {
  if (!inputs.length) return []
  const rows = inputs.map((input) => {
    const def = TEMPLATES[input.template]
    const props = def.props.parse(input.props) as Record<string, unknown>
    const id = newRowId()
    return {
      id,
      template: input.template,
      toAddress: input.to,
      subject: (def.subject as (p: unknown) => string)(props),
      clientId: input.clientId ?? null,
      userId: input.userId ?? null,
      staffId: input.staffId ?? null,
      ...(input.headers ? { headers: input.headers } : {}),
      props: toJsonSafe(redactProps(input.template, props)) as object,
      payloadEnc: encryptSecret(JSON.stringify(toJsonSafe(props)), secretBinding('EmailLog.payloadEnc', id)),
    }
  })
  await insertRows(
    db,
    'EmailLog',
    {
      id: 'uuid',
      template: 'text',
      toAddress: 'text',
      subject: 'text',
      clientId: 'uuid',
      userId: 'uuid',
      staffId: 'uuid',
      headers: 'jsonb',
      props: 'jsonb',
      payloadEnc: 'text',
    },
    rows,
  )
  await enqueueMany(
    db,
    QUEUES.sendEmail,
    rows.map((r) => ({ data: { emailLogId: r.id }, singletonKey: r.id })),
  )
  return rows.map((r) => r.id)
}
