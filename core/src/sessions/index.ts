export * from './session-store'
