export * from './tokens'
export * from './passwords'
export * from './encryption'
export * from './rotate-encryption-key'
