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
  REGISTRY_MAX_YEARS_AHEAD,
  RENEWABLE_STATUSES,
  type ExpiryPhase,
} from './renewal-terms'
