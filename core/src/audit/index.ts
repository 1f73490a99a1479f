export { recordAuditEvent, auditEventData, diffFields, type AuditInput } from './record-audit-event'
