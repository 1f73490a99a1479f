export { recordAuditEvent, diffFields, type AuditInput } from './record-audit-event'
