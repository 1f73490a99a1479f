import { randomBytes } from 'node:crypto'
import type { Prisma } from '@berth/prisma'
import {
  RegistrarError,
  type Registrar,
  type RegistrarContact,
  type RegistrarDnsRecord,
  type RegistrarDomainInfo,
  type RegistrarRequest,
} from '../registrar'

/**
 * The sandbox registrar: a registry kept in Berth's own database (SandboxDomain), answering like a
 * registrar would, so search, order, registration, renewal, nameservers, DNS, lock and EPP codes
 * all work in the demo and in tests with no registrar contract and no network.
 *
 * A name is available when it is not in the table and its first label is not reserved (the
 * reserved list stands in for names "someone else" holds, so the demo shows taken names too).
 */
export const SANDBOX_RESERVED_LABELS: ReadonlySet<string> = new Set([
  'example',
  'test',
  'localhost',
  'invalid',
  'nic',
  'whois',
  'rdap',
  'www',
  'google',
  'amazon',
  'microsoft',
  'apple',
  'facebook',
  'berth',
  'taken',
])

const MAX_YEARS_AHEAD = 10
const DAY_MS = 86_400_000

function isReserved(name: string): boolean {
  return SANDBOX_RESERVED_LABELS.has(name.split('.')[0] ?? '')
}

function addYears(date: Date, years: number): Date {
  const next = new Date(date)
  next.setUTCFullYear(next.getUTCFullYear() + years)
  return next
}

function newEppCode(): string {
  // Registries want mixed classes; base64url of 12 random bytes plus a symbol does it.
  return `${randomBytes(12).toString('base64url')}#7`
}

type Row = {
  name: string
  expiresAt: Date
  status: string
  nameservers: string[]
  isLocked: boolean
  eppCode: string
  dnsRecords: Prisma.JsonValue
  contacts: Prisma.JsonValue
  idProtection: boolean
}

async function find(r: RegistrarRequest): Promise<Row> {
  const row = await r.db.sandboxDomain.findUnique({ where: { name: r.name } })
  if (!row)
    throw new RegistrarError(`${r.name} is not registered at the sandbox registry.`, { code: 'NOT_FOUND' })
  return row
}

function info(row: Row): RegistrarDomainInfo {
  const status = row.status.split(',').filter(Boolean)
  return {
    name: row.name,
    expiresAt: row.expiresAt,
    status,
    nameservers: row.nameservers,
    isLocked: row.isLocked,
  }
}

function statusFor(isLocked: boolean): string {
  return isLocked ? 'clientTransferProhibited' : 'ok'
}

function checkYears(years: number): void {
  if (!Number.isInteger(years) || years < 1 || years > MAX_YEARS_AHEAD)
    throw new RegistrarError(`The period must be 1-${MAX_YEARS_AHEAD} years.`, { code: 'BAD_PERIOD' })
}

function checkNameservers(nameservers: string[]): void {
  if (nameservers.length < 2 || nameservers.length > 13)
    throw new RegistrarError('The registry needs 2 to 13 nameservers.', { code: 'BAD_NAMESERVERS' })
}

const done = <T>(value: T) => ({ status: 'done' as const, value })

export const sandboxRegistrar: Registrar = {
  name: 'sandbox',
  displayName: 'Sandbox (built-in test registry)',
  description:
    'A registry kept in the database: registrations, renewals, DNS and EPP codes work without a contract.',
  secretSettings: [],
  answersAvailability: true,

  async testConnection(r) {
    const count = await r.db.sandboxDomain.count()
    return `The sandbox registry answers: ${count} domain(s) registered in it.`
  },

  async checkAvailability(r) {
    if (isReserved(r.name)) return 'registered'
    const row = await r.db.sandboxDomain.findUnique({ where: { name: r.name }, select: { id: true } })
    return row ? 'registered' : 'available'
  },

  async register(r) {
    checkYears(r.years)
    if (r.nameservers.length) checkNameservers(r.nameservers)
    if ((await this.checkAvailability(r)) !== 'available')
      throw new RegistrarError(`${r.name} is not available.`, { code: 'NOT_AVAILABLE' })
    const now = new Date()
    const row = await r.db.sandboxDomain.create({
      data: {
        name: r.name,
        registeredAt: now,
        expiresAt: addYears(now, r.years),
        status: statusFor(true),
        nameservers: r.nameservers.length
          ? r.nameservers
          : ['ns1.sandbox.berth.test', 'ns2.sandbox.berth.test'],
        eppCode: newEppCode(),
        contacts: { registrant: r.contact } as unknown as Prisma.InputJsonValue,
        idProtection: r.idProtection,
      },
    })
    return done(info(row))
  },

  async transfer(r) {
    checkYears(r.years)
    const row = await find(r)
    if (row.isLocked)
      throw new RegistrarError(`${r.name} is locked at its registrar: unlock it first.`, { code: 'LOCKED' })
    if (row.eppCode !== r.eppCode)
      throw new RegistrarError('The EPP code is wrong.', { code: 'BAD_EPP_CODE' })
    // A transfer adds the years paid for, and the registry issues a new code.
    const updated = await r.db.sandboxDomain.update({
      where: { name: r.name },
      data: {
        expiresAt: addYears(row.expiresAt, r.years),
        eppCode: newEppCode(),
        isLocked: true,
        status: statusFor(true),
        contacts: { registrant: r.contact } as unknown as Prisma.InputJsonValue,
      },
    })
    return done(info(updated))
  },

  async renew(r) {
    checkYears(r.years)
    const row = await find(r)
    const base = row.expiresAt.getTime() < Date.now() ? new Date() : row.expiresAt
    const expiresAt = addYears(base, r.years)
    if (expiresAt.getTime() > addYears(new Date(), MAX_YEARS_AHEAD).getTime() + DAY_MS)
      throw new RegistrarError(`A domain cannot be registered more than ${MAX_YEARS_AHEAD} years ahead.`, {
        code: 'BAD_PERIOD',
      })
    const updated = await r.db.sandboxDomain.update({ where: { name: r.name }, data: { expiresAt } })
    return done(info(updated))
  },

  async getNameservers(r) {
    return (await find(r)).nameservers
  },

  async setNameservers(r) {
    checkNameservers(r.nameservers)
    await find(r)
    const row = await r.db.sandboxDomain.update({
      where: { name: r.name },
      data: { nameservers: r.nameservers },
    })
    return done(row.nameservers)
  },

  async getDnsRecords(r) {
    return (await find(r)).dnsRecords as unknown as RegistrarDnsRecord[]
  },

  async setDnsRecords(r) {
    await find(r)
    await r.db.sandboxDomain.update({
      where: { name: r.name },
      data: { dnsRecords: r.records as unknown as Prisma.InputJsonValue },
    })
    return done(r.records)
  },

  async getEppCode(r) {
    const row = await find(r)
    if (row.isLocked)
      throw new RegistrarError('Unlock the domain before asking for its EPP code.', { code: 'LOCKED' })
    return done(row.eppCode)
  },

  async setLock(r) {
    await find(r)
    await r.db.sandboxDomain.update({
      where: { name: r.name },
      data: { isLocked: r.isLocked, status: statusFor(r.isLocked) },
    })
    return done(r.isLocked)
  },

  async getContact(r) {
    const contacts = (await find(r)).contacts as { registrant?: RegistrarContact }
    return contacts.registrant ?? null
  },

  async setContact(r) {
    await find(r)
    await r.db.sandboxDomain.update({
      where: { name: r.name },
      data: { contacts: { registrant: r.contact } as unknown as Prisma.InputJsonValue },
    })
    return done(r.contact)
  },

  async setIdProtection(r) {
    await find(r)
    await r.db.sandboxDomain.update({ where: { name: r.name }, data: { idProtection: r.isEnabled } })
    return done(r.isEnabled)
  },

  async sync(r) {
    return info(await find(r))
  },
}
