import { clientLabelOf, requesterOf, type DeskTicket } from './ticket-access'

/**
 * The placeholders a canned reply (or any staff reply) may use. Values are plain text put into
 * Markdown, which is sanitized when rendered, so a client named `<script>` stays text.
 */
export const PLACEHOLDERS = [
  'client_name',
  'client_first_name',
  'company_name',
  'ticket_number',
  'ticket_subject',
  'department',
  'staff_name',
] as const
export type Placeholder = (typeof PLACEHOLDERS)[number]

export function placeholderValues(t: DeskTicket, staffName: string): Record<Placeholder, string> {
  const requester = requesterOf(t)
  return {
    client_name: requester.fullName,
    client_first_name: requester.firstName,
    company_name: clientLabelOf(t),
    ticket_number: t.publicNumber,
    ticket_subject: t.subject,
    department: t.department.name,
    staff_name: staffName,
  }
}

/** Replaces `{name}` for the known placeholders; anything else in braces is left as written. */
export function fillPlaceholders(text: string, values: Record<Placeholder, string>): string {
  return text.replace(/\{([a-z_]+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as Placeholder] : whole,
  )
}
