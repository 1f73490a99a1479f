import type { DbClient } from '@berth/prisma'

export interface BillingRecipient {
  email: string
  firstName: string
  userId: string | null
}

/** Who receives billing emails of a client: its active owner logins and the contacts marked for invoices. */
export async function billingRecipients(db: DbClient, clientId: string): Promise<BillingRecipient[]> {
  const users = await db.user.findMany({
    where: { clientId, isOwner: true, status: 'ACTIVE' },
    select: { id: true, email: true, firstName: true },
    orderBy: { createdAt: 'asc' },
  })
  const contacts = await db.contact.findMany({
    where: { clientId, receivesInvoices: true },
    select: { email: true, firstName: true },
    orderBy: { createdAt: 'asc' },
  })
  const seen = new Set<string>()
  const out: BillingRecipient[] = []
  for (const r of [
    ...users.map((u) => ({ email: u.email, firstName: u.firstName, userId: u.id })),
    ...contacts.map((c) => ({ email: c.email, firstName: c.firstName, userId: null })),
  ]) {
    const key = r.email.toLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    out.push(r)
  }
  return out
}

/** billingRecipients for many clients in two queries (the daily run's batches), same order and rules. */
export async function billingRecipientsOf(
  db: DbClient,
  clientIds: readonly string[],
): Promise<Map<string, BillingRecipient[]>> {
  const users = await db.user.findMany({
    where: { clientId: { in: [...clientIds] }, isOwner: true, status: 'ACTIVE' },
    select: { id: true, clientId: true, email: true, firstName: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  })
  const contacts = await db.contact.findMany({
    where: { clientId: { in: [...clientIds] }, receivesInvoices: true },
    select: { clientId: true, email: true, firstName: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  })
  const out = new Map<string, BillingRecipient[]>(clientIds.map((id) => [id, []]))
  const seen = new Map<string, Set<string>>()
  for (const r of [
    ...users.map((u) => ({ clientId: u.clientId, email: u.email, firstName: u.firstName, userId: u.id })),
    ...contacts.map((c) => ({ clientId: c.clientId, email: c.email, firstName: c.firstName, userId: null })),
  ]) {
    const key = r.email.toLowerCase()
    const clientEmails = seen.get(r.clientId) ?? new Set<string>()
    seen.set(r.clientId, clientEmails)
    if (clientEmails.has(key)) continue
    clientEmails.add(key)
    out.get(r.clientId)?.push({ email: r.email, firstName: r.firstName, userId: r.userId })
  }
  return out
}
