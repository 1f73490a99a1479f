import { isIPv4 } from 'node:net'
import { element, namecheapDate, namecheapDateTime, textElement } from './xml'

/** The namecheap.* commands the fake answers, over its in-memory account (see index.ts). */

export const CONTACT_ROLES = ['Registrant', 'Tech', 'Admin', 'AuxBilling'] as const
export const CONTACT_FIELDS = [
  'OrganizationName',
  'FirstName',
  'LastName',
  'Address1',
  'City',
  'StateProvince',
  'PostalCode',
  'Country',
  'Phone',
  'EmailAddress',
] as const
const REQUIRED_CONTACT_FIELDS = CONTACT_FIELDS.filter((f) => f !== 'OrganizationName')
export type FakeContact = Partial<Record<(typeof CONTACT_FIELDS)[number], string>>

export interface FakeHost {
  hostId: number
  name: string
  type: string
  address: string
  mxPref: number
  ttl: number
}

export interface FakeNamecheapDomain {
  id: number
  name: string
  createdAt: Date
  expiresAt: Date
  isLocked: boolean
  /** custom nameservers; empty = Namecheap's own DNS (the zone is then hosted: getHosts/setHosts) */
  nameservers: string[]
  hosts: FakeHost[]
  /** child nameservers (glue): host → IPv4, registered with namecheap.domains.ns.create */
  childHosts: Map<string, string>
  emailType: string
  contacts: Record<(typeof CONTACT_ROLES)[number], FakeContact>
  whoisguard: { id: number; isEnabled: boolean; forwardedTo: string } | null
}

export interface FakeTransfer {
  id: number
  name: string
  years: number
  /** as decoded from EPPCode (plain, or `base64:` as the documentation asks for special characters) */
  eppCode: string
  status: 'QUEUED' | 'COMPLETED'
}

export interface FakeNamecheapAccount {
  domains: Map<string, FakeNamecheapDomain>
  /** names registered by someone else: check says unavailable, other commands 2016166 */
  taken: Set<string>
  transfers: FakeTransfer[]
  /** TLDs Namecheap registers later (NonRealTimeDomain="true"): create places the order only */
  nonRealTimeTlds: Set<string>
  /** AvailableBalance, as Namecheap writes it */
  balance: string
  currency: string
}

/** What a command answers: the result element, or one Namecheap error. */
export type CommandAnswer = { result: string } | { error: { number: string; message: string } }

const fail = (number: string, message: string): CommandAnswer => ({ error: { number, message } })

/**
 * Error numbers. Those from Namecheap's documentation: 2019166 domain not found, 2016166 not in
 * this account, 2015278 bad LockAction, 2030288 zone not on Namecheap's DNS, 2011331 unknown
 * WhoisguardID. Where the documentation names none, the fake uses one number per kind, marked.
 */
export const ERR = {
  domainNotFound: '2019166',
  notYourDomain: '2016166',
  badLockAction: '2015278',
  notOurDns: '2030288',
  unknownWhoisguard: '2011331',
  /** fake's own: a required command parameter is missing or invalid */
  badParameter: '2010324',
  /** fake's own: create of a name that is not available */
  notAvailable: '3019166',
  /** fake's own: a child nameserver that does not exist, exists already, or has another IP */
  childHost: '2019171',
} as const

const DEFAULT_NAMESERVERS = ['dns1.registrar-servers.com', 'dns2.registrar-servers.com']
const HOST_TYPES = new Set([
  'A',
  'AAAA',
  'ALIAS',
  'CAA',
  'CNAME',
  'MX',
  'MXE',
  'NS',
  'TXT',
  'URL',
  'URL301',
  'FRAME',
])

let nextId = 100_000
const newId = () => nextId++

function addYears(date: Date, years: number): Date {
  const next = new Date(date)
  next.setUTCFullYear(next.getUTCFullYear() + years)
  return next
}

type Params = (name: string) => string | undefined

function years(p: Params): number | null {
  const value = Number(p('Years') ?? '')
  return Number.isInteger(value) && value >= 1 && value <= 10 ? value : null
}

/** A domain of this account, or the documented error. */
function own(account: FakeNamecheapAccount, name: string | undefined): FakeNamecheapDomain | CommandAnswer {
  if (!name) return fail(ERR.badParameter, 'Parameter DomainName is missing')
  const domain = account.domains.get(name.toLowerCase())
  if (domain) return domain
  if (account.taken.has(name.toLowerCase()))
    return fail(ERR.notYourDomain, 'Domain is not associated with your account')
  return fail(ERR.domainNotFound, 'Domain not found')
}

const isAnswer = (v: object): v is CommandAnswer => 'result' in v || 'error' in v

/** SLD + TLD (the DNS commands) as one name. */
const sldTld = (p: Params) => (p('SLD') && p('TLD') ? `${p('SLD')}.${p('TLD')}` : undefined)

/** Every role's fields present (Namecheap requires all four contacts), or the first one missing. */
function readContacts(p: Params): FakeNamecheapDomain['contacts'] | CommandAnswer {
  const contacts = {} as FakeNamecheapDomain['contacts']
  for (const role of CONTACT_ROLES) {
    const contact: FakeContact = {}
    for (const field of CONTACT_FIELDS) {
      const value = p(`${role}${field}`)
      if (value) contact[field] = value
      else if ((REQUIRED_CONTACT_FIELDS as readonly string[]).includes(field))
        return fail(ERR.badParameter, `Parameter ${role}${field} is missing`)
    }
    if (!/^\+\d{1,3}\.\d{4,14}$/.test(contact.Phone ?? ''))
      return fail(ERR.badParameter, `Parameter ${role}Phone is invalid: use +NNN.NNNNNNNNNN`)
    contacts[role] = contact
  }
  return contacts
}

function domainCheck(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const names = (p('DomainList') ?? '')
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter(Boolean)
  if (!names.length) return fail(ERR.badParameter, 'Parameter DomainList is missing')
  const results = names.map((name) =>
    element('DomainCheckResult', {
      Domain: name,
      Available: !account.domains.has(name) && !account.taken.has(name),
      ErrorNo: 0,
      Description: '',
      IsPremiumName: false,
      PremiumRegistrationPrice: 0,
      PremiumRenewalPrice: 0,
      PremiumRestorePrice: 0,
      PremiumTransferPrice: 0,
      IcannFee: 0,
      EapFee: '0.0',
    }),
  )
  return { result: results.join('\n    ') }
}

function domainCreate(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const name = p('DomainName')?.toLowerCase()
  if (!name) return fail(ERR.badParameter, 'Parameter DomainName is missing')
  const period = years(p)
  if (!period) return fail(ERR.badParameter, 'Parameter Years is invalid')
  if (account.domains.has(name) || account.taken.has(name))
    return fail(ERR.notAvailable, `Domain ${name} is not available for registration`)
  const contacts = readContacts(p)
  if (isAnswer(contacts)) return contacts
  const nameservers = (p('Nameservers') ?? '')
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter(Boolean)
  if (account.nonRealTimeTlds.has(name.slice(name.indexOf('.') + 1)))
    return {
      result: element('DomainCreateResult', {
        Domain: name,
        Registered: false,
        ChargedAmount: (8.88 * period).toFixed(4),
        DomainID: 0,
        OrderID: newId(),
        TransactionID: newId(),
        WhoisguardEnable: false,
        NonRealTimeDomain: true,
      }),
    }
  const wantsPrivacy = p('AddFreeWhoisguard')?.toLowerCase() === 'yes'
  const now = new Date()
  const domain: FakeNamecheapDomain = {
    id: newId(),
    name,
    createdAt: now,
    expiresAt: addYears(now, period),
    isLocked: true,
    nameservers,
    hosts: [],
    childHosts: new Map(),
    emailType: 'NONE',
    contacts,
    whoisguard: wantsPrivacy
      ? {
          id: newId(),
          isEnabled: p('WGEnabled')?.toLowerCase() === 'yes',
          forwardedTo: contacts.Registrant.EmailAddress ?? '',
        }
      : null,
  }
  account.domains.set(name, domain)
  return {
    result: element('DomainCreateResult', {
      Domain: name,
      Registered: true,
      ChargedAmount: (8.88 * period).toFixed(4),
      DomainID: domain.id,
      OrderID: newId(),
      TransactionID: newId(),
      WhoisguardEnable: domain.whoisguard?.isEnabled ?? false,
      NonRealTimeDomain: false,
    }),
  }
}

function transferCreate(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const name = p('DomainName')?.toLowerCase()
  if (!name) return fail(ERR.badParameter, 'Parameter DomainName is missing')
  const period = years(p)
  if (!period) return fail(ERR.badParameter, 'Parameter Years is invalid')
  const raw = p('EPPCode')
  if (!raw) return fail(ERR.badParameter, 'Parameter EPPCode is missing')
  if (account.domains.has(name)) return fail(ERR.badParameter, `Domain ${name} is already in your account`)
  const eppCode = raw.startsWith('base64:') ? Buffer.from(raw.slice(7), 'base64').toString('utf8') : raw
  const transfer: FakeTransfer = { id: newId(), name, years: period, eppCode, status: 'QUEUED' }
  account.transfers.push(transfer)
  return {
    result: element('DomainTransferCreateResult', {
      DomainName: name,
      Transfer: true,
      TransferID: transfer.id,
      StatusID: -1,
      OrderID: newId(),
      TransactionID: newId(),
      ChargedAmount: (9.48 * period).toFixed(4),
      StatusCode: 'PENDING',
    }),
  }
}

function domainRenew(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const domain = own(account, p('DomainName'))
  if (isAnswer(domain)) return domain
  const period = years(p)
  if (!period) return fail(ERR.badParameter, 'Parameter Years is invalid')
  domain.expiresAt = addYears(domain.expiresAt, period)
  return {
    result: element(
      'DomainRenewResult',
      {
        DomainName: domain.name,
        DomainID: domain.id,
        Renew: true,
        OrderID: newId(),
        TransactionID: newId(),
        ChargedAmount: (8.88 * period).toFixed(4),
      },
      element(
        'DomainDetails',
        {},
        textElement('ExpiredDate', namecheapDateTime(domain.expiresAt)) + textElement('NumYears', 0),
      ),
    ),
  }
}

function domainGetInfo(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const domain = own(account, p('DomainName'))
  if (isAnswer(domain)) return domain
  const isOurDns = domain.nameservers.length === 0
  const wg = domain.whoisguard
  const inner = [
    element(
      'DomainDetails',
      {},
      textElement('CreatedDate', namecheapDate(domain.createdAt)) +
        textElement('ExpiredDate', namecheapDate(domain.expiresAt)) +
        textElement('NumYears', 0),
    ),
    element('LockDetails', {}),
    wg
      ? element(
          'Whoisguard',
          { Enabled: wg.isEnabled ? 'True' : 'False' },
          textElement('ID', wg.id) +
            textElement('ExpiredDate', namecheapDate(domain.expiresAt)) +
            element('EmailDetails', {
              WhoisGuardEmail: `${wg.id}.protect@withheldforprivacy.com`,
              ForwardedTo: wg.forwardedTo,
              LastAutoEmailChangeDate: '',
              AutoEmailChangeFrequencyDays: 0,
            }),
        )
      : element('Whoisguard', { Enabled: 'NotAlloted' }, textElement('ID', 0)),
    element(
      'DnsDetails',
      {
        ProviderType: isOurDns ? 'FREE' : 'CUSTOM',
        IsUsingOurDNS: isOurDns,
        HostCount: domain.hosts.length,
        EmailType: domain.emailType,
        DynamicDNSStatus: false,
        IsFailover: false,
      },
      (isOurDns ? DEFAULT_NAMESERVERS : domain.nameservers).map((n) => textElement('Nameserver', n)).join(''),
    ),
    element('Modificationrights', { All: true }),
  ].join('\n      ')
  return {
    result: element(
      'DomainGetInfoResult',
      {
        Status: domain.expiresAt < new Date() ? 'Expired' : domain.isLocked ? 'Locked' : 'Ok',
        ID: domain.id,
        DomainName: domain.name,
        OwnerName: 'fakeuser',
        IsOwner: true,
        IsPremium: false,
      },
      `\n      ${inner}\n    `,
    ),
  }
}

function getRegistrarLock(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const domain = own(account, p('DomainName'))
  if (isAnswer(domain)) return domain
  return {
    result: element('DomainGetRegistrarLockResult', {
      Domain: domain.name,
      RegistrarLockStatus: domain.isLocked,
    }),
  }
}

function setRegistrarLock(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const domain = own(account, p('DomainName'))
  if (isAnswer(domain)) return domain
  const action = (p('LockAction') ?? 'LOCK').toUpperCase()
  if (action !== 'LOCK' && action !== 'UNLOCK')
    return fail(ERR.badLockAction, 'Invalid data specified for LockAction')
  domain.isLocked = action === 'LOCK'
  return { result: element('DomainSetRegistrarLockResult', { Domain: domain.name, IsSuccess: true }) }
}

function getContacts(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const domain = own(account, p('DomainName'))
  if (isAnswer(domain)) return domain
  const roles = CONTACT_ROLES.map((role) =>
    element(
      role,
      { ReadOnly: false },
      CONTACT_FIELDS.map((f) => textElement(f, domain.contacts[role][f] ?? '')).join(''),
    ),
  ).join('\n      ')
  return {
    result: element(
      'DomainContactsResult',
      { Domain: domain.name, domainnameid: domain.id },
      `\n      ${roles}\n    `,
    ),
  }
}

function setContacts(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const domain = own(account, p('DomainName'))
  if (isAnswer(domain)) return domain
  const contacts = readContacts(p)
  if (isAnswer(contacts)) return contacts
  domain.contacts = contacts
  return { result: element('DomainSetContactResult', { Domain: domain.name, IsSuccess: true }) }
}

function dnsGetList(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const domain = own(account, sldTld(p))
  if (isAnswer(domain)) return domain
  const isOurDns = domain.nameservers.length === 0
  return {
    result: element(
      'DomainDNSGetListResult',
      { Domain: domain.name, IsUsingOurDNS: isOurDns },
      (isOurDns ? DEFAULT_NAMESERVERS : domain.nameservers).map((n) => textElement('Nameserver', n)).join(''),
    ),
  }
}

function dnsSetCustom(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const domain = own(account, sldTld(p))
  if (isAnswer(domain)) return domain
  const nameservers = (p('Nameservers') ?? '')
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter(Boolean)
  if (!nameservers.length) return fail(ERR.badParameter, 'Parameter Nameservers is missing')
  // The registry refuses a nameserver inside the domain that has no address (glue) yet.
  const unknownChild = nameservers.find((n) => n.endsWith(`.${domain.name}`) && !domain.childHosts.has(n))
  if (unknownChild) return fail(ERR.childHost, `Nameserver ${unknownChild} is not registered`)
  domain.nameservers = nameservers
  return { result: element('DomainDNSSetCustomResult', { Domain: domain.name, Updated: true }) }
}

function dnsGetHosts(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const domain = own(account, sldTld(p))
  if (isAnswer(domain)) return domain
  if (domain.nameservers.length)
    return fail(ERR.notOurDns, 'Cannot complete this command as this domain is not using proper DNS servers')
  const hosts = domain.hosts.map((h) =>
    element('Host', {
      HostId: h.hostId,
      Name: h.name,
      Type: h.type,
      Address: h.address,
      MXPref: h.mxPref,
      TTL: h.ttl,
    }),
  )
  return {
    result: element(
      'DomainDNSGetHostsResult',
      { Domain: domain.name, EmailType: domain.emailType, IsUsingOurDNS: true },
      hosts.join(''),
    ),
  }
}

/** Numbered HostName1/RecordType1/Address1/MXPref1/TTL1…, replacing the whole zone. */
function dnsSetHosts(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const domain = own(account, sldTld(p))
  if (isAnswer(domain)) return domain
  if (domain.nameservers.length)
    return fail(ERR.notOurDns, 'Cannot complete this command as this domain is not using proper DNS servers')
  const hosts: FakeHost[] = []
  for (let n = 1; p(`HostName${n}`) !== undefined; n++) {
    const type = (p(`RecordType${n}`) ?? '').toUpperCase()
    const address = p(`Address${n}`)
    if (!HOST_TYPES.has(type)) return fail(ERR.badParameter, `Parameter RecordType${n} is invalid`)
    if (!address) return fail(ERR.badParameter, `Parameter Address${n} is missing`)
    const ttl = Number(p(`TTL${n}`) ?? 1800)
    if (!Number.isInteger(ttl) || ttl < 60 || ttl > 60_000)
      return fail(ERR.badParameter, `Parameter TTL${n} is invalid`)
    hosts.push({
      hostId: newId(),
      name: p(`HostName${n}`)!,
      type,
      address,
      mxPref: Number(p(`MXPref${n}`) ?? 10),
      ttl,
    })
  }
  const emailType = (p('EmailType') ?? domain.emailType).toUpperCase()
  // Namecheap only serves MX hosts when EmailType is MX: the fake refuses them otherwise so a
  // missing EmailType is seen.
  if (hosts.some((h) => h.type === 'MX') && emailType !== 'MX')
    return fail(ERR.badParameter, 'MX records need EmailType=MX')
  domain.hosts = hosts
  domain.emailType = emailType
  return { result: element('DomainDNSSetHostsResult', { Domain: domain.name, IsSuccess: true }, '') }
}

/** namecheap.domains.ns.create / getInfo / update: child nameservers (SLD, TLD, Nameserver, IP). */
function childOf(account: FakeNamecheapAccount, p: Params) {
  const domain = own(account, sldTld(p))
  if (isAnswer(domain)) return domain
  const host = p('Nameserver')?.toLowerCase()
  if (!host) return fail(ERR.badParameter, 'Parameter Nameserver is missing')
  if (!host.endsWith(`.${domain.name}`))
    return fail(ERR.badParameter, `Nameserver ${host} is not a host of ${domain.name}`)
  return { domain, host }
}

function nsCreate(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const child = childOf(account, p)
  if ('result' in child || 'error' in child) return child
  if (child.domain.childHosts.has(child.host))
    return fail(ERR.childHost, `Nameserver ${child.host} already exists`)
  const ip = p('IP')
  if (!isIPv4(ip ?? '')) return fail(ERR.badParameter, 'Parameter IP is invalid')
  child.domain.childHosts.set(child.host, ip!)
  return {
    result: element('DomainNSCreateResult', {
      Domain: child.domain.name,
      Nameserver: child.host,
      IP: ip,
      IsSuccess: true,
    }),
  }
}

function nsGetInfo(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const child = childOf(account, p)
  if ('result' in child || 'error' in child) return child
  const ip = child.domain.childHosts.get(child.host)
  if (!ip) return fail(ERR.childHost, `Nameserver ${child.host} does not exist`)
  return {
    result: element(
      'DomainNSInfoResult',
      { Domain: child.domain.name, Nameserver: child.host, IP: ip },
      element('NameserverStatuses', {}, textElement('Status', 'OK') + textElement('Status', 'Linked')),
    ),
  }
}

function nsUpdate(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const child = childOf(account, p)
  if ('result' in child || 'error' in child) return child
  const current = child.domain.childHosts.get(child.host)
  if (!current) return fail(ERR.childHost, `Nameserver ${child.host} does not exist`)
  if (p('OldIP') !== current) return fail(ERR.childHost, `OldIP does not match the IP of ${child.host}`)
  const ip = p('IP')
  if (!isIPv4(ip ?? '')) return fail(ERR.badParameter, 'Parameter IP is invalid')
  child.domain.childHosts.set(child.host, ip!)
  return {
    result: element('DomainNSUpdateResult', {
      Domain: child.domain.name,
      Nameserver: child.host,
      IsSuccess: true,
    }),
  }
}

function whoisguardOf(account: FakeNamecheapAccount, p: Params) {
  const id = Number(p('WhoisguardID'))
  return [...account.domains.values()].find((d) => d.whoisguard && d.whoisguard.id === id)
}

function whoisguardEnable(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const domain = whoisguardOf(account, p)
  if (!domain?.whoisguard) return fail(ERR.unknownWhoisguard, 'WhoisGuard is not associated with this user')
  const email = p('ForwardedToEmail')
  if (!email) return fail(ERR.badParameter, 'Parameter ForwardedToEmail is missing')
  domain.whoisguard.isEnabled = true
  domain.whoisguard.forwardedTo = email
  return { result: element('WhoisguardEnableResult', { DomainName: domain.name, IsSuccess: true }) }
}

function whoisguardDisable(account: FakeNamecheapAccount, p: Params): CommandAnswer {
  const domain = whoisguardOf(account, p)
  if (!domain?.whoisguard) return fail(ERR.unknownWhoisguard, 'WhoisGuard is not associated with this user')
  domain.whoisguard.isEnabled = false
  return { result: element('WhoisguardDisableResult', { DomainName: domain.name, IsSuccess: true }) }
}

function getBalances(account: FakeNamecheapAccount): CommandAnswer {
  return {
    result: element('UserGetBalancesResult', {
      Currency: account.currency,
      AvailableBalance: account.balance,
      AccountBalance: account.balance,
      EarnedAmount: '0.00',
      WithdrawableAmount: '0.00',
      FundsRequiredForAutoRenew: '0.00',
    }),
  }
}

/** By lower-cased command name: Namecheap reads Command case-insensitively. */
export const COMMANDS: Record<string, (account: FakeNamecheapAccount, p: Params) => CommandAnswer> = {
  'namecheap.domains.check': domainCheck,
  'namecheap.domains.create': domainCreate,
  'namecheap.domains.transfer.create': transferCreate,
  'namecheap.domains.renew': domainRenew,
  'namecheap.domains.getinfo': domainGetInfo,
  'namecheap.domains.getregistrarlock': getRegistrarLock,
  'namecheap.domains.setregistrarlock': setRegistrarLock,
  'namecheap.domains.getcontacts': getContacts,
  'namecheap.domains.setcontacts': setContacts,
  'namecheap.domains.dns.getlist': dnsGetList,
  'namecheap.domains.dns.setcustom': dnsSetCustom,
  'namecheap.domains.dns.gethosts': dnsGetHosts,
  'namecheap.domains.dns.sethosts': dnsSetHosts,
  'namecheap.domains.ns.create': nsCreate,
  'namecheap.domains.ns.getinfo': nsGetInfo,
  'namecheap.domains.ns.update': nsUpdate,
  'namecheap.whoisguard.enable': whoisguardEnable,
  'namecheap.whoisguard.disable': whoisguardDisable,
  'namecheap.users.getbalances': getBalances,
}
