import {
  RegistrarError,
  type Registrar,
  type RegistrarDomainInfo,
  type RegistrarRequest,
  type RegistrarWaiting,
} from '../registrar'
import { getRegistrant, setContacts } from './contacts'
import { getDnsRecords, getNameservers, setDnsRecords, setNameservers } from './dns'
import {
  checkDomain,
  createDomain,
  createTransfer,
  getDomainInfo,
  getRegistrarLock,
  renewDomain,
  setRegistrarLock,
} from './domains'
import { setGlue } from './ns'
import { NAMECHEAP_SETTING_FIELDS, readNamecheapSettings, type NamecheapSettings } from './settings'
import { getBalance } from './users'
import { setWhoisguard } from './whoisguard'

/**
 * Namecheap over its public XML API (https://www.namecheap.com/support/api/), the sandbox in test
 * mode. One file per command group (domains.ts, dns.ts, ns.ts, contacts.ts, whoisguard.ts,
 * users.ts); the HTTP + XML call and its error mapping in client.ts. Decision 0060 says what is
 * left out (EPP codes: no API, a staff task).
 */
const settingsOf = (r: Pick<RegistrarRequest, 'settings'>) => readNamecheapSettings(r.settings)
const done = <T>(value: T) => ({ status: 'done' as const, value })

function waiting(title: string, lines: string[]): RegistrarWaiting {
  return { status: 'waiting', task: { title, description: lines.join('\n') } }
}

/** What sync, register and renew answer: getInfo plus the lock, which getInfo does not carry. */
async function readDomain(settings: NamecheapSettings, name: string): Promise<RegistrarDomainInfo> {
  const [info, isLocked] = await Promise.all([
    getDomainInfo(settings, name),
    getRegistrarLock(settings, name),
  ])
  return {
    name,
    expiresAt: info.expiresAt,
    status: [isLocked ? 'clientTransferProhibited' : 'ok'],
    nameservers: info.nameservers,
    isLocked,
  }
}

export const namecheapRegistrar: Registrar = {
  name: 'namecheap',
  displayName: 'Namecheap',
  description:
    'Registers and manages domains in a Namecheap account over its XML API; test mode uses the Namecheap sandbox.',
  secretSettings: ['apiKey'],
  settingFields: NAMECHEAP_SETTING_FIELDS,
  // RDAP answers for search; checkAvailability still asks Namecheap (domains.check) when called.
  answersAvailability: false,

  async testConnection(r) {
    const settings = settingsOf(r)
    const balance = await getBalance(settings)
    const where = settings.isTestMode ? 'the Namecheap sandbox' : 'Namecheap'
    const account = `${settings.apiUser} (account ${settings.userName})`
    return `${where} accepts the API key of ${account}: available balance ${balance.amount} ${balance.currency}.`
  },

  async checkAvailability(r) {
    return (await checkDomain(settingsOf(r), r.name)) ? 'available' : 'registered'
  },

  async register(r) {
    const settings = settingsOf(r)
    const created = await createDomain(settings, r).catch(async (error: unknown) => {
      // Namecheap has no idempotency key: a retry after a lost answer finds the name taken. If it
      // is taken by this account, the first attempt worked.
      if (!(error instanceof RegistrarError) || error.options.isRetryable) throw error
      const isOurs = await getDomainInfo(settings, r.name).then(
        () => true,
        () => false,
      )
      if (!isOurs) throw error
      return null
    })
    if (!created) return done(await readDomain(settings, r.name))
    if (created.isPending || !created.isRegistered)
      return waiting(`Check the registration of ${r.name} at Namecheap`, [
        `Namecheap accepted order ${created.orderId || '(no number)'} for ${r.name} but has not registered it yet.`,
        'When the Namecheap panel shows it registered, sync the domain.',
      ])
    return done(await readDomain(settings, r.name))
  },

  async transfer(r) {
    const settings = settingsOf(r)
    const transfer = await createTransfer(settings, r)
    // The EPP code stays out of the description: the caller keeps it on the domain.
    return waiting(`Follow the transfer of ${r.name} at Namecheap`, [
      `Namecheap queued transfer ${transfer.transferId || '(no id)'} for ${r.name} (${r.years} year(s)).`,
      'The losing registrar has up to five days to release it.',
      'When Namecheap shows it completed, sync the domain and set its contact.',
    ])
  },

  async renew(r) {
    const settings = settingsOf(r)
    const expiresAt = await renewDomain(settings, r)
    const info = await readDomain(settings, r.name)
    return done({ ...info, expiresAt: expiresAt ?? info.expiresAt })
  },

  async getNameservers(r) {
    return getNameservers(settingsOf(r), r.name)
  },

  // Child nameservers first: the registry refuses a nameserver inside the domain it does not know.
  async setNameservers(r) {
    const settings = settingsOf(r)
    if (r.glue?.length) await setGlue(settings, r.name, r.glue)
    await setNameservers(settings, r.name, r.nameservers)
    return done(r.nameservers)
  },

  async getDnsRecords(r) {
    return getDnsRecords(settingsOf(r), r.name)
  },

  async setDnsRecords(r) {
    await setDnsRecords(settingsOf(r), r.name, r.records)
    return done(r.records)
  },

  // Namecheap's API has no command that reveals an EPP code: a person reads it in the panel.
  async getEppCode(r) {
    return waiting(`Get the EPP code of ${r.name} from the Namecheap panel`, [
      "Namecheap's API cannot give EPP codes.",
      `Sign in at Namecheap and open ${r.name} (Domain List → Manage → Sharing & Transfer).`,
      'Unlock it if needed and read the auth code.',
      'Give the code to the client through a secure channel.',
    ])
  },

  async setLock(r) {
    await setRegistrarLock(settingsOf(r), r.name, r.isLocked)
    return done(r.isLocked)
  },

  async getContact(r) {
    return getRegistrant(settingsOf(r), r)
  },

  async setContact(r) {
    await setContacts(settingsOf(r), r, r.contact)
    return done(r.contact)
  },

  async setIdProtection(r) {
    const settings = settingsOf(r)
    const info = await getDomainInfo(settings, r.name)
    if (!info.whoisguard.id)
      throw new RegistrarError(
        `${r.name} has no domain privacy subscription at Namecheap; add one in the Namecheap panel first.`,
        { code: 'NO_WHOISGUARD' },
      )
    // Privacy e-mails are forwarded to the registrant, as the Namecheap panel does by default.
    const forwardTo = r.isEnabled ? ((await getRegistrant(settings, r))?.email ?? '') : ''
    if (r.isEnabled && !forwardTo)
      throw new RegistrarError(
        `${r.name} has no registrant e-mail at Namecheap to forward privacy mail to.`,
        {
          code: 'NO_CONTACT',
        },
      )
    await setWhoisguard(settings, {
      name: r.name,
      whoisguardId: info.whoisguard.id,
      isEnabled: r.isEnabled,
      forwardTo,
    })
    return done(r.isEnabled)
  },

  async sync(r) {
    return readDomain(settingsOf(r), r.name)
  },
}
