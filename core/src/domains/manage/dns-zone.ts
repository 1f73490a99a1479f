import { recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, type Ctx, type FieldIssue } from '../../shared'
import { assertDomainAccess } from './access'
import {
  validateRecord,
  zoneProblem,
  type FieldProblems,
  type RecordInput,
  type ZoneRecord,
} from './dns-records'
import { assertManageable, callDomainRegistrar, canManageDns, lockManagedDomain } from './managed-domain'
import type { ChangeState } from './set-nameservers'

export interface StoredDnsRecord extends ZoneRecord {
  id: string
}

const recordSelect = { id: true, type: true, name: true, content: true, ttl: true, priority: true } as const

function refuse(problems: FieldProblems): never {
  const issues: FieldIssue[] = Object.entries(problems).map(([field, message]) => ({
    field,
    message: message!,
  }))
  throw new DomainError('VALIDATION_FAILED', issues[0]!.message, { field: issues[0]!.field, issues })
}

/** The record as the form sent it, validated alone and against the rest of the zone. */
export function checkRecord(input: RecordInput, domain: string, others: readonly ZoneRecord[]): ZoneRecord {
  const checked = validateRecord(input, domain)
  if ('problems' in checked) refuse(checked.problems)
  const conflict = zoneProblem(checked.record, others)
  if (conflict) refuse(conflict)
  return checked.record
}

export type ZoneChange =
  | { kind: 'add'; input: RecordInput }
  | { kind: 'update'; recordId: string; input: RecordInput }
  | { kind: 'delete'; recordId: string }

/**
 * One change to a domain's zone: the domain locked, the new zone computed and checked, the WHOLE
 * zone pushed to the registrar (setDnsRecords replaces it), then DnsRecord changed and the change
 * audited in the same transaction. If the registrar refuses, the transaction rolls back and
 * neither the zone nor the rows change (the refused call stays in ModuleCall).
 */
export async function changeZone(
  ctx: Ctx,
  domainId: string,
  change: ZoneChange,
): Promise<{ state: ChangeState; record: StoredDnsRecord | null }> {
  await assertDomainAccess(ctx.db, ctx.actor, domainId, 'write')
  return inTransaction(ctx, async (tx) => {
    const domain = await lockManagedDomain(tx.db, domainId)
    assertManageable(domain)
    if (!canManageDns(domain))
      throw new DomainError('FORBIDDEN', `DNS management is not offered for .${domain.tld} domains.`)
    const current: StoredDnsRecord[] = await tx.db.dnsRecord.findMany({
      where: { domainId },
      orderBy: [{ name: 'asc' }, { type: 'asc' }, { id: 'asc' }],
      select: recordSelect,
    })
    const target = change.kind === 'add' ? null : current.find((r) => r.id === change.recordId)
    if (change.kind !== 'add' && !target)
      throw new DomainError('NOT_FOUND', 'This DNS record does not exist (any more).', { field: 'recordId' })
    const others = current.filter((r) => r !== target)
    const next = change.kind === 'delete' ? null : checkRecord(change.input, domain.name, others)
    const zone: ZoneRecord[] = [...others, ...(next ? [next] : [])].map(
      ({ type, name, content, ttl, priority }) => ({
        type,
        name,
        content,
        ttl,
        priority,
      }),
    )
    const answer = await callDomainRegistrar(ctx, domain, 'setDnsRecords', { records: zone })
    let stored: StoredDnsRecord | null = null
    if (answer.status === 'done') {
      if (change.kind === 'add')
        stored = await tx.db.dnsRecord.create({ data: { domainId, ...next! }, select: recordSelect })
      else if (change.kind === 'update')
        stored = await tx.db.dnsRecord.update({
          where: { id: target!.id },
          data: next!,
          select: recordSelect,
        })
      else await tx.db.dnsRecord.delete({ where: { id: target!.id } })
    }
    const strip = (r: ZoneRecord | null | undefined) =>
      r ? { type: r.type, name: r.name, content: r.content, ttl: r.ttl, priority: r.priority } : null
    await recordAuditEvent(tx, {
      action: `domain.dns.${change.kind}${answer.status === 'done' ? '' : '.request'}`,
      targetType: 'Domain',
      targetId: domainId,
      clientId: domain.clientId,
      before: target ? { recordId: target.id, record: strip(target) } : null,
      after: next ? { recordId: stored?.id ?? target?.id ?? null, record: strip(next) } : null,
    })
    return { state: answer.status, record: stored }
  })
}
