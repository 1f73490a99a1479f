import { recordAuditEvent } from '../../audit'
import { inTransaction, parseInput, type Ctx } from '../../shared'
import type { RegistrarContact } from '../registrars'
import { assertDomainAccess } from './access'
import { assertManageable, callDomainRegistrar, lockManagedDomain } from './managed-domain'
import { domainIdSchema, setDomainContactInput } from './schemas'
import type { ChangeState } from './set-nameservers'

/** The registrant (WHOIS) contact as the registrar has it now; null when it has none. */
export async function getDomainContact(ctx: Ctx, domainId: string): Promise<RegistrarContact | null> {
  const id = parseInput(domainIdSchema, domainId)
  await assertDomainAccess(ctx.db, ctx.actor, id, 'read')
  const domain = await ctx.db.domain.findUniqueOrThrow({
    where: { id },
    select: { id: true, name: true, registrar: true, status: true },
  })
  assertManageable(domain)
  return callDomainRegistrar(ctx, domain, 'getContact', {})
}

/** Changes the registrant contact at the registrar; the audit event keeps the old and new details. */
export async function setDomainContact(
  ctx: Ctx,
  raw: unknown,
): Promise<{ state: ChangeState; contact: RegistrarContact }> {
  const input = parseInput(setDomainContactInput, raw)
  await assertDomainAccess(ctx.db, ctx.actor, input.domainId, 'write')
  return inTransaction(ctx, async (tx) => {
    const domain = await lockManagedDomain(tx.db, input.domainId)
    assertManageable(domain)
    const contact: RegistrarContact = { ...input.contact, companyName: input.contact.companyName ?? null }
    // Read first, for the audit trail's "before": the registrar, not Berth, holds the contact.
    const before = await callDomainRegistrar(ctx, domain, 'getContact', {}).catch(() => null)
    const answer = await callDomainRegistrar(ctx, domain, 'setContact', { contact })
    await recordAuditEvent(tx, {
      action: answer.status === 'done' ? 'domain.contact.update' : 'domain.contact.request',
      targetType: 'Domain',
      targetId: domain.id,
      clientId: domain.clientId,
      before: before ? { contact: before } : null,
      after: { contact },
    })
    return { state: answer.status, contact }
  })
}
