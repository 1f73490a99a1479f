import type { Db, DbClient } from '@berth/prisma'

/**
 * The Registrar port: what Berth asks of the company (or registry) that registers domains. One
 * adapter per folder under ./<name>/, listed in ./registry.ts; see ./README.md.
 *
 * Adapters never write Berth's own tables (Domain, ModuleCall, AuditEvent): they get a
 * RegistrarRequest and answer, or throw RegistrarError. The caller (call-registrar.ts) records
 * every call in ModuleCall (with domainId) and applies the answer. An adapter that keeps its own
 * state (the sandbox's registry) gets the database client in `db` for that state only.
 */
export type AvailabilityAnswer = 'available' | 'registered' | 'unknown'

export interface RegistrarContact {
  firstName: string
  lastName: string
  companyName?: string | null
  email: string
  phone?: string | null
  address1: string
  city: string
  postcode: string
  country: string
}

export interface RegistrarDnsRecord {
  type: 'A' | 'AAAA' | 'CNAME' | 'MX' | 'TXT' | 'NS' | 'SRV' | 'CAA'
  name: string
  content: string
  ttl: number
  priority?: number | null
}

/** What a registry says about a registered domain (register, renew, transfer, sync). */
export interface RegistrarDomainInfo {
  name: string
  expiresAt: Date
  /** EPP status values: ok, clientTransferProhibited, pendingTransfer, redemptionPeriod... */
  status: string[]
  nameservers: string[]
  isLocked: boolean
}

/** Every call gets the registrar's settings and the registry-side name (ASCII). */
export interface RegistrarRequest {
  /** lower-case ASCII (punycode) with its TLD */
  name: string
  /** the registrar's settings (API user, key, endpoint), secrets decrypted */
  settings: Record<string, unknown>
  /** same for every retry of one requested action: a registrar can use it to de-duplicate */
  idempotencyKey: string
  /** only for adapters that keep registry state in Berth's database (sandbox) */
  db: Db | DbClient
}

/** An action the registrar could not do at once: a person (or a pending registry step) finishes it. */
export interface RegistrarWaiting {
  status: 'waiting'
  task: { title: string; description: string }
}

export type RegistrarResult<T> = { status: 'done'; value: T } | RegistrarWaiting

/**
 * Thrown by adapters for a refusal or failure. `isRetryable`: a timeout or 5xx (retry later),
 * not a refusal (name taken, wrong EPP code).
 */
export class RegistrarError extends Error {
  override readonly name = 'RegistrarError'
  constructor(
    message: string,
    readonly options: { isRetryable?: boolean; code?: string; response?: unknown } = {},
  ) {
    super(message)
  }
}

/** One field of a registrar's settings form in the admin console (registrars/settings). */
export interface RegistrarSettingField {
  key: string
  label: string
  help?: string
  isRequired: boolean
  /** sealed at rest, never shown back in full; its key must also be in `secretSettings` */
  isSecret: boolean
}

export interface Registrar {
  name: string
  displayName: string
  description: string
  /** setting keys holding secrets (masked in ModuleCall and views) */
  secretSettings: readonly string[]
  /** the settings form staff fill in (API user, key, endpoint...); absent: nothing to configure */
  settingFields?: readonly RegistrarSettingField[]
  /**
   * A harmless authenticated call (balance, account info) that proves the settings work; answers a
   * short sentence for staff or throws RegistrarError. Absent: "Test connection" says there is
   * nothing to test. `settings.isTestMode` says whether to use the registrar's test endpoint.
   */
  testConnection?(r: Pick<RegistrarRequest, 'settings' | 'db'>): Promise<string>
  /**
   * true: this registrar's own answer to checkAvailability is the truth for its TLDs (the sandbox,
   * whose registry is its table); false: availability comes from RDAP/WHOIS.
   */
  answersAvailability: boolean

  checkAvailability(r: RegistrarRequest): Promise<AvailabilityAnswer>
  register(
    r: RegistrarRequest & {
      years: number
      nameservers: string[]
      contact: RegistrarContact
      idProtection: boolean
    },
  ): Promise<RegistrarResult<RegistrarDomainInfo>>
  transfer(
    r: RegistrarRequest & { eppCode: string; years: number; contact: RegistrarContact },
  ): Promise<RegistrarResult<RegistrarDomainInfo>>
  renew(r: RegistrarRequest & { years: number }): Promise<RegistrarResult<RegistrarDomainInfo>>
  getNameservers(r: RegistrarRequest): Promise<string[]>
  /**
   * `glue`: addresses for nameservers inside the domain itself (ns1.example.com for example.com),
   * which the registry must publish; adapters without glue support may ignore it.
   */
  setNameservers(
    r: RegistrarRequest & { nameservers: string[]; glue?: { host: string; ips: string[] }[] },
  ): Promise<RegistrarResult<string[]>>
  getDnsRecords(r: RegistrarRequest): Promise<RegistrarDnsRecord[]>
  setDnsRecords(
    r: RegistrarRequest & { records: RegistrarDnsRecord[] },
  ): Promise<RegistrarResult<RegistrarDnsRecord[]>>
  getEppCode(r: RegistrarRequest): Promise<RegistrarResult<string>>
  setLock(r: RegistrarRequest & { isLocked: boolean }): Promise<RegistrarResult<boolean>>
  getContact(r: RegistrarRequest): Promise<RegistrarContact | null>
  setContact(r: RegistrarRequest & { contact: RegistrarContact }): Promise<RegistrarResult<RegistrarContact>>
  setIdProtection(r: RegistrarRequest & { isEnabled: boolean }): Promise<RegistrarResult<boolean>>
  /** expiry and status as the registry has them now */
  sync(r: RegistrarRequest): Promise<RegistrarDomainInfo>
}

/** Every action name, as recorded in ModuleCall.action. */
export const REGISTRAR_ACTIONS = [
  'checkAvailability',
  'register',
  'transfer',
  'renew',
  'getNameservers',
  'setNameservers',
  'getDnsRecords',
  'setDnsRecords',
  'getEppCode',
  'setLock',
  'getContact',
  'setContact',
  'setIdProtection',
  'sync',
] as const satisfies readonly (keyof Registrar)[]

export type RegistrarAction = (typeof REGISTRAR_ACTIONS)[number]
