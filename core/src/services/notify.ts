import type { DbClient } from '@berth/prisma'
import { portalLink } from '../accounts'
import { queueEmail } from '../notifications'

/**
 * Service emails, queued in the caller's transaction to the client's active owner logins and the
 * contacts who receive technical mail.
 */
export interface ServiceRecipient {
  email: string
  firstName: string
  userId: string | null
}

export async function serviceRecipients(db: DbClient, clientId: string): Promise<ServiceRecipient[]> {
  // One after the other: inside a transaction both would queue on the same connection anyway.
  const users = await db.user.findMany({
    where: { clientId, isOwner: true, status: 'ACTIVE' },
    select: { id: true, email: true, firstName: true },
    orderBy: { createdAt: 'asc' },
  })
  const contacts = await db.contact.findMany({
    where: { clientId, receivesTechnical: true },
    select: { email: true, firstName: true },
    orderBy: { createdAt: 'asc' },
  })
  const seen = new Set<string>()
  const out: ServiceRecipient[] = []
  for (const r of [
    ...users.map((u) => ({ email: u.email, firstName: u.firstName, userId: u.id as string | null })),
    ...contacts.map((c) => ({ email: c.email, firstName: c.firstName, userId: null })),
  ]) {
    if (seen.has(r.email.toLowerCase())) continue
    seen.add(r.email.toLowerCase())
    out.push(r)
  }
  return out
}

export const serviceLink = (serviceId: string) => portalLink(`services/${serviceId}`)

interface ServiceFacts {
  id: string
  clientId: string
  domain: string | null
  productName: string
}

export type ServiceEmail =
  | { kind: 'welcome'; username: string | null; password: string | null; serverHost: string | null }
  | { kind: 'suspended'; reason: string }
  | { kind: 'unsuspended' }
  | { kind: 'terminated' }
  | { kind: 'cancellation'; isImmediate: boolean; effectiveDate: string }

export async function queueServiceEmail(
  db: DbClient,
  service: ServiceFacts,
  email: ServiceEmail,
): Promise<void> {
  const base = { productName: service.productName, domain: service.domain ?? '' }
  for (const r of await serviceRecipients(db, service.clientId)) {
    const common = { to: r.email, clientId: service.clientId, userId: r.userId }
    switch (email.kind) {
      case 'welcome': {
        await queueEmail(db, {
          ...common,
          template: 'welcome',
          props: {
            firstName: r.firstName,
            ...base,
            username: email.username ?? '',
            password: email.password ?? '',
            serverHost: email.serverHost ?? '',
            serviceUrl: serviceLink(service.id),
          },
        })
        break
      }
      case 'suspended':
        await queueEmail(db, {
          ...common,
          template: 'service-suspended',
          props: {
            firstName: r.firstName,
            ...base,
            reason: email.reason,
            serviceUrl: serviceLink(service.id),
          },
        })
        break
      case 'unsuspended':
        await queueEmail(db, {
          ...common,
          template: 'service-unsuspended',
          props: { firstName: r.firstName, ...base, serviceUrl: serviceLink(service.id) },
        })
        break
      case 'terminated':
        await queueEmail(db, {
          ...common,
          template: 'service-terminated',
          props: { firstName: r.firstName, ...base, servicesUrl: portalLink('services') },
        })
        break
      case 'cancellation':
        await queueEmail(db, {
          ...common,
          template: 'cancellation-requested',
          props: {
            firstName: r.firstName,
            ...base,
            isImmediate: email.isImmediate,
            effectiveDate: email.effectiveDate,
            serviceUrl: serviceLink(service.id),
          },
        })
        break
    }
  }
}
