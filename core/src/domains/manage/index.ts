// Client-side domain management (issue 12 "Client workflows"): the portal's /domains pages call these.
export { listClientDomains } from './list-client-domains'
export { getClientDomain, type DomainDetail } from './get-client-domain'
export { setNameservers, type ChangeState } from './set-nameservers'
export { addDnsRecord } from './add-dns-record'
export { updateDnsRecord } from './update-dns-record'
export { deleteDnsRecord } from './delete-dns-record'
export type { StoredDnsRecord } from './dns-zone'
export { setRegistrarLock } from './set-registrar-lock'
export { setAutoRenew } from './set-auto-renew'
export { setIdProtection } from './set-id-protection'
export { requestEppCode } from './request-epp-code'
export { getDomainContact, setDomainContact } from './domain-contact'
export { DOMAIN_STATUSES, MANAGEABLE_STATUSES, AUTO_RENEW_STATUSES, type DomainSummary } from './domain-view'
export {
  DNS_RECORD_TYPES,
  CAA_TAGS,
  MIN_TTL,
  MAX_TTL,
  DEFAULT_TTL,
  MAX_TXT_LENGTH,
  usesPriority,
  txtText,
  validateRecord,
  zoneProblem,
  type DnsRecordType,
  type ZoneRecord,
} from './dns-records'
export {
  MIN_NAMESERVERS,
  MAX_NAMESERVERS,
  parseNameserverLine,
  validateNameservers,
  type GlueRecord,
} from './nameservers'
export {
  domainContactFields,
  dnsRecordFields,
  listClientDomainsInput,
  setNameserversInput,
  addDnsRecordInput,
  updateDnsRecordInput,
  deleteDnsRecordInput,
} from './schemas'
