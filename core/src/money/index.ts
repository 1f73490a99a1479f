export * from './money'
export * from './currency'
export * from './schemas'
