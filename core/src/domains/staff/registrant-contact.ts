import type { DbClient } from '@berth/prisma'
import { DomainError } from '../../shared'
import type { RegistrarContact } from '../registrars'

/**
 * The registrant a staff registration or transfer sends: the contact the client chose at checkout
 * (registrarData.contact) when there is one, else the client's owner and address, as WHMCS does.
 */
export async function registrantContact(
  db: DbClient,
  clientId: string,
  registrarData: Record<string, unknown>,
): Promise<RegistrarContact> {
  const chosen = registrarData.contact
  if (chosen && typeof chosen === 'object' && 'email' in chosen) return chosen as RegistrarContact
  const client = await db.client.findUniqueOrThrow({
    where: { id: clientId },
    select: {
      companyName: true,
      phone: true,
      address1: true,
      city: true,
      postcode: true,
      country: true,
      users: {
        where: { isOwner: true },
        orderBy: { createdAt: 'asc' },
        take: 1,
        select: { firstName: true, lastName: true, email: true },
      },
    },
  })
  const owner = client.users[0]
  if (!owner)
    throw new DomainError('INVALID_TRANSITION', 'The client has no owner login to use as the registrant.')
  return {
    firstName: owner.firstName,
    lastName: owner.lastName,
    companyName: client.companyName,
    email: owner.email,
    phone: client.phone,
    address1: client.address1,
    city: client.city,
    postcode: client.postcode ?? '',
    country: client.country,
  }
}
