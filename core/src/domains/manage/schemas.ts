import { z } from 'zod'
import { COUNTRY_CODES } from '../../shared'
import { DNS_RECORD_TYPES } from './dns-records'
import { DOMAIN_STATUSES } from './domain-view'

export const domainIdSchema = z.string().trim().uuid('Choose one of your domains.')

export const listClientDomainsInput = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  status: z.enum(DOMAIN_STATUSES).optional(),
  /** staff only: one client's domains */
  clientId: z.string().uuid().optional(),
})

const nameserverEntry = z.union([
  z.string().max(300),
  z.object({ host: z.string().max(255), ip: z.string().max(300).nullish() }),
])

export const setNameserversInput = z.object({
  domainId: domainIdSchema,
  // Range and host rules are checked in validateNameservers, with a message per line.
  nameservers: z.array(nameserverEntry).max(50, 'Enter at most 13 nameservers.'),
})

const optionalInt = z.preprocess(
  (v) => (v === '' || v === null || v === undefined ? null : v),
  z.coerce.number('Enter a whole number.').int('Enter a whole number.').nullable(),
)

export const dnsRecordFields = z.object({
  type: z.enum(DNS_RECORD_TYPES, { message: `Choose a type: ${DNS_RECORD_TYPES.join(', ')}.` }),
  name: z.string().max(300).default('@'),
  value: z.string().max(5000, 'The value is too long.'),
  ttl: z.coerce.number('Enter the TTL in seconds.').int('Enter the TTL in whole seconds.').default(3600),
  priority: optionalInt.optional(),
})

export const addDnsRecordInput = dnsRecordFields.extend({ domainId: domainIdSchema })
export const updateDnsRecordInput = dnsRecordFields.extend({
  domainId: domainIdSchema,
  recordId: z.string().trim().uuid('Choose a record.'),
})
export const deleteDnsRecordInput = z.object({
  domainId: domainIdSchema,
  recordId: z.string().trim().uuid('Choose a record.'),
})

const toggle = z.preprocess(
  (v) =>
    v === 'true' || v === 'on' || v === '1' ? true : v === 'false' || v === 'off' || v === '0' ? false : v,
  z.boolean('Choose on or off.'),
)

export const setRegistrarLockInput = z.object({ domainId: domainIdSchema, isLocked: toggle })
export const setAutoRenewInput = z.object({ domainId: domainIdSchema, isAutoRenew: toggle })
export const setIdProtectionInput = z.object({ domainId: domainIdSchema, isEnabled: toggle })
export const requestEppCodeInput = z.object({ domainId: domainIdSchema })

const name = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${label}.`)
    .max(100, `The ${label} can have at most 100 characters.`)
    .refine((v) => !/[<>\\{}]|[\x00-\x1f]/.test(v), `The ${label} contains characters registries refuse.`)

/** WHOIS contact, as registries take it: phone as +CC.NUMBER (EPP, RFC 5733), ISO country. */
export const domainContactFields = z.object({
  firstName: name('first name'),
  lastName: name('last name'),
  companyName: z
    .string()
    .trim()
    .max(100, 'The company name can have at most 100 characters.')
    .transform((v) => v || null)
    .nullish(),
  email: z.string().trim().toLowerCase().pipe(z.email('Enter a valid email address.')),
  phone: z
    .string()
    .transform((v) => v.replace(/[\s()-]/g, ''))
    .pipe(
      z
        .string()
        .regex(/^\+[1-9]\d{0,2}\.\d{4,14}$/, 'Write the phone as +CC.NUMBER, for example +44.2079460000.'),
    ),
  address1: name('address'),
  city: name('city'),
  postcode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(
      /^[A-Z0-9][A-Z0-9 -]{0,14}[A-Z0-9]?$/,
      'Enter a valid postcode (letters, digits, spaces, hyphens).',
    ),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => (COUNTRY_CODES as readonly string[]).includes(v), 'Choose a country (ISO code, e.g. GB).'),
})

export const setDomainContactInput = z.object({ domainId: domainIdSchema, contact: domainContactFields })
