export {
  requestDomainRenewal,
  requestDomainRenewalInput,
  type RequestDomainRenewalInput,
  type DomainRenewalRequested,
} from './request-domain-renewal'
export {
  addYears,
  expiryPhaseOn,
  renewalFeeKind,
  renewalDescription,
  statusFromRegistry,
  REGISTRY_MAX_YEARS_AHEAD,
  DEFAULT_EXPIRY_TERMS,
  RENEWABLE_STATUSES,
  type ExpiryPhase,
} from './renewal-terms'
