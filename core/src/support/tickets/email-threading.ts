import { getEnv } from '../../platform'

/**
 * Mail threading for ticket emails (docs/decisions/0028-support-tickets-and-attachments.md).
 *
 *   Message-ID:  <ticket-{publicNumber}-{messageKey}.{audience}@{host}>
 *   In-Reply-To: <ticket-{publicNumber}-{firstMessageId}.{audience}@{host}>  (every email but the first)
 *   References:  the same as In-Reply-To
 *
 * The thread root is the ticket-opened email each audience received (the client, or staff through
 * the department address), so each side's mail client threads every later email under it.
 * `messageKey` is the TicketMessage id the email is about, or another unique word for emails that
 * are not about one message (e.g. `closed-<epoch ms>`). Replies by email (a later step) find the
 * ticket from In-Reply-To's public number.
 */
export type TicketEmailAudience = 'client' | 'staff'

export interface TicketEmailThread {
  publicNumber: string
  /** the ticket's first message (the one the ticket was opened with) */
  firstMessageId: string
  /** the message (or event) this email is about */
  messageKey: string
  audience: TicketEmailAudience
  /** defaults to PORTAL_URL's host name */
  host?: string
}

function threadHost(): string {
  try {
    return new URL(getEnv().PORTAL_URL).hostname || 'berth.local'
  } catch {
    return 'berth.local'
  }
}

function idFor(publicNumber: string, key: string, audience: TicketEmailAudience, host: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9.-]/g, '')
  return `<ticket-${safe(publicNumber)}-${safe(key)}.${audience}@${safe(host)}>`
}

/** Headers for `queueEmail({ headers })`. */
export function ticketEmailHeaders(thread: TicketEmailThread): Record<string, string> {
  const host = thread.host ?? threadHost()
  const messageId = idFor(thread.publicNumber, thread.messageKey, thread.audience, host)
  if (thread.messageKey === thread.firstMessageId) return { 'Message-ID': messageId }
  const root = idFor(thread.publicNumber, thread.firstMessageId, thread.audience, host)
  return { 'Message-ID': messageId, 'In-Reply-To': root, References: root }
}

/** The public ticket number a Message-ID/In-Reply-To of ours names, or null. */
export function publicNumberFromMessageId(header: string): string | null {
  const match = /<ticket-([A-Z]{3}-\d{6})-[^@>]+@[^>]+>/.exec(header)
  return match ? match[1]! : null
}
