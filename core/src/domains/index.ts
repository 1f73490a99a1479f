// Domains (issue 12): names, availability search, registrars, TLD pricing.
export * from './names'
export * from './availability'
export * from './registrars'
export * from './pricing'
export * from './renewals'
export * from './manage'
export * from './staff'
export * from './orders'
