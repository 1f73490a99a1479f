export * from './schemas'
export * from './manage-tlds'
export * from './set-tld-prices'
export * from './list-tld-pricing'
