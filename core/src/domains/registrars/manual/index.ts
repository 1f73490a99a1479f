import { RegistrarError, type Registrar, type RegistrarRequest, type RegistrarWaiting } from '../registrar'

/**
 * The manual registrar: every change becomes a staff to-do (StaffTask, kind `domain.<action>`),
 * done by hand at whatever registrar the business uses; the domain waits until staff complete it.
 * It cannot read anything from a registry, so reads fail with a clear message and availability
 * comes from RDAP/WHOIS.
 */
function waiting(verb: string, r: RegistrarRequest, lines: string[] = []): RegistrarWaiting {
  return {
    status: 'waiting',
    task: {
      title: `${verb} ${r.name}`,
      description: [`${verb} ${r.name} at the registrar.`, ...lines].join('\n'),
    },
  }
}

function cannotRead(what: string): never {
  throw new RegistrarError(`The manual registrar cannot read ${what}: check at the registrar.`, {
    code: 'NOT_SUPPORTED',
  })
}

export const manualRegistrar: Registrar = {
  name: 'manual',
  displayName: 'Manual (staff to-do)',
  description: 'Creates a to-do for staff for each change; the domain waits until it is done.',
  secretSettings: [],
  answersAvailability: false,

  checkAvailability: async () => 'unknown',
  register: async (r) =>
    waiting('Register', r, [
      `Period: ${r.years} year(s).`,
      `Nameservers: ${r.nameservers.join(', ') || 'registrar defaults'}.`,
      `Registrant: ${r.contact.firstName} ${r.contact.lastName} <${r.contact.email}>.`,
      ...(r.idProtection ? ['Enable ID protection.'] : []),
    ]),
  // The EPP code goes to the task's data through the caller, never into the description.
  transfer: async (r) =>
    waiting('Transfer in', r, [`Period: ${r.years} year(s).`, 'The EPP code is on the domain.']),
  renew: async (r) => waiting('Renew', r, [`Period: ${r.years} year(s).`]),
  getNameservers: async () => cannotRead('nameservers'),
  setNameservers: async (r) => waiting('Change the nameservers of', r, r.nameservers),
  getDnsRecords: async () => cannotRead('DNS records'),
  setDnsRecords: async (r) =>
    waiting(
      'Update the DNS records of',
      r,
      r.records.map((x) =>
        `${x.name} ${x.ttl} ${x.type} ${x.priority ?? ''} ${x.content}`.replace(/ {2}/g, ' '),
      ),
    ),
  getEppCode: async (r) => waiting('Get the EPP code of', r),
  setLock: async (r) => waiting(r.isLocked ? 'Lock' : 'Unlock', r),
  getContact: async () => cannotRead('contacts'),
  setContact: async (r) => waiting('Update the registrant contact of', r),
  setIdProtection: async (r) =>
    waiting(r.isEnabled ? 'Enable ID protection for' : 'Disable ID protection for', r),
  sync: async () => cannotRead('expiry and status'),
}
