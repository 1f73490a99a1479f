export * from './schemas'
export { createClientByStaff, updateClient, setClientStatus, updateClientUser } from './manage-clients'
