import { recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { assertDomainAccess } from './access'
import { assertManageable, callDomainRegistrar, lockManagedDomain } from './managed-domain'
import { setIdProtectionInput } from './schemas'
import type { ChangeState } from './set-nameservers'

/** WHOIS privacy on or off, where the TLD offers it (Tld.idProtection); the registrar is asked first. */
export async function setIdProtection(
  ctx: Ctx,
  raw: unknown,
): Promise<{ state: ChangeState; hasIdProtection: boolean }> {
  const input = parseInput(setIdProtectionInput, raw)
  await assertDomainAccess(ctx.db, ctx.actor, input.domainId, 'write')
  return inTransaction(ctx, async (tx) => {
    const domain = await lockManagedDomain(tx.db, input.domainId)
    assertManageable(domain)
    if (!domain.tldFeatures.idProtection)
      throw new DomainError('FORBIDDEN', `ID protection is not offered for .${domain.tld} domains.`, {
        field: 'isEnabled',
      })
    const answer = await callDomainRegistrar(ctx, domain, 'setIdProtection', { isEnabled: input.isEnabled })
    if (answer.status === 'done')
      await tx.db.domain.update({ where: { id: domain.id }, data: { hasIdProtection: input.isEnabled } })
    await recordAuditEvent(tx, {
      action: answer.status === 'done' ? 'domain.id_protection.update' : 'domain.id_protection.request',
      targetType: 'Domain',
      targetId: domain.id,
      clientId: domain.clientId,
      before: { hasIdProtection: domain.hasIdProtection },
      after: { hasIdProtection: input.isEnabled },
    })
    return {
      state: answer.status,
      hasIdProtection: answer.status === 'done' ? input.isEnabled : domain.hasIdProtection,
    }
  })
}
