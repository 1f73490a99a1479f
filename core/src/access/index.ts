export * from './permissions'
export * from './require-permission'
