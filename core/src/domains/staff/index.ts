// Staff actions on domains (admin console): each checks domains.manage, locks, audits before/after.
export { STAFF_DOMAIN_ACTIONS, canRunStaffDomainAction, type StaffDomainAction } from './staff-domain'
export { registerDomain, defaultNameservers, type StaffRegistrarOutcome } from './register-domain'
export { transferDomain, transferDomainInput } from './transfer-domain'
export { syncDomain } from './sync-domain'
export { changeDomainRegistrar, changeDomainRegistrarInput } from './change-domain-registrar'
export { releaseDomain, cancelDomain, endDomainInput } from './end-domain'
export { setTldPriceSheets, previewTldMarkup, type MarkupPreviewRow } from './tld-pricing-tools'
