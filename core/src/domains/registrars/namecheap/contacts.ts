import { RegistrarError, type RegistrarContact, type RegistrarRequest } from '../registrar'
import { callNamecheap, resultOf, type NamecheapParams } from './client'
import type { NamecheapSettings } from './settings'
import { attr, child, isTrue, text } from './xml'

/** The four contact roles Namecheap wants on create and setContacts; Berth gives all one contact. */
const ROLES = ['Registrant', 'Tech', 'Admin', 'AuxBilling'] as const

/**
 * Berth's contact has no state or province; Namecheap requires one. Registries accept a
 * placeholder where the country has none, so this is what is sent until the contact carries one.
 */
const NO_STATE = 'N/A'

/** One contact as every role's parameters: RegistrantFirstName, TechFirstName, … */
export function contactParams(contact: RegistrarContact): NamecheapParams {
  const fields: NamecheapParams = {
    FirstName: contact.firstName,
    LastName: contact.lastName,
    OrganizationName: contact.companyName || undefined,
    Address1: contact.address1,
    City: contact.city,
    StateProvince: NO_STATE,
    PostalCode: contact.postcode,
    Country: contact.country.toUpperCase(),
    // Namecheap's phone format is +NNN.NNNNNNNNNN, the EPP form Berth's contact form enforces.
    Phone: contact.phone || undefined,
    EmailAddress: contact.email,
  }
  const params: NamecheapParams = {}
  for (const role of ROLES) for (const [key, value] of Object.entries(fields)) params[`${role}${key}`] = value
  return params
}

/** namecheap.domains.getContacts: the registrant, in Berth's shape. */
export async function getRegistrant(
  settings: NamecheapSettings,
  r: RegistrarRequest,
): Promise<RegistrarContact | null> {
  const command = 'namecheap.domains.getContacts'
  const response = await callNamecheap({ settings, command, params: { DomainName: r.name } })
  const registrant = child(resultOf(response, 'DomainContactsResult', command), 'Registrant')
  if (!text(registrant, 'FirstName') && !text(registrant, 'EmailAddress')) return null
  return {
    firstName: text(registrant, 'FirstName'),
    lastName: text(registrant, 'LastName'),
    companyName: text(registrant, 'OrganizationName') || null,
    email: text(registrant, 'EmailAddress'),
    phone: text(registrant, 'Phone') || null,
    address1: text(registrant, 'Address1'),
    city: text(registrant, 'City'),
    postcode: text(registrant, 'PostalCode'),
    country: text(registrant, 'Country').toUpperCase(),
  }
}

/** namecheap.domains.setContacts: every role set to the contact. */
export async function setContacts(
  settings: NamecheapSettings,
  r: RegistrarRequest,
  contact: RegistrarContact,
): Promise<void> {
  const command = 'namecheap.domains.setContacts'
  const response = await callNamecheap({
    settings,
    command,
    method: 'POST',
    params: { DomainName: r.name, ...contactParams(contact) },
  })
  const result = resultOf(response, 'DomainSetContactResult', command)
  if (!isTrue(attr(result, 'IsSuccess')))
    throw new RegistrarError(`Namecheap did not update the contacts of ${r.name}.`, { code: 'NOT_UPDATED' })
}
