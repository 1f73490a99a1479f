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
