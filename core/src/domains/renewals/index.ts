export {
  requestDomainRenewal,
  requestDomainRenewalInput,
  renewalDescription,
  type RequestDomainRenewalInput,
  type DomainRenewalRequested,
} from './request-domain-renewal'
export {
  addYears,
  expiryPhaseOn,
  renewalFeeKind,
  REGISTRY_MAX_YEARS_AHEAD,
  RENEWABLE_STATUSES,
  type ExpiryPhase,
} from './renewal-terms'
