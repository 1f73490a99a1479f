import { recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { assertDomainAccess } from './access'
import { AUTO_RENEW_STATUSES } from './domain-view'
import { lockManagedDomain } from './managed-domain'
import { setAutoRenewInput } from './schemas'

/**
 * Auto-renew on or off. Only Berth's daily run reads it (it invoices renewals for domains that
 * have it), so no registrar is called: registrars' own auto-renew would bill the host, not the client.
 */
export async function setAutoRenew(ctx: Ctx, raw: unknown): Promise<{ isAutoRenew: boolean }> {
  const input = parseInput(setAutoRenewInput, raw)
  await assertDomainAccess(ctx.db, ctx.actor, input.domainId, 'write')
  return inTransaction(ctx, async (tx) => {
    const domain = await lockManagedDomain(tx.db, input.domainId)
    if (!AUTO_RENEW_STATUSES.includes(domain.status))
      throw new DomainError(
        'INVALID_TRANSITION',
        `${domain.name} is ${domain.status.toLowerCase().replace('_', ' ')}: there is nothing to renew.`,
      )
    if (domain.isAutoRenew === input.isAutoRenew) return { isAutoRenew: domain.isAutoRenew }
    await tx.db.domain.update({ where: { id: domain.id }, data: { isAutoRenew: input.isAutoRenew } })
    await recordAuditEvent(tx, {
      action: 'domain.auto_renew.update',
      targetType: 'Domain',
      targetId: domain.id,
      clientId: domain.clientId,
      before: { isAutoRenew: domain.isAutoRenew },
      after: { isAutoRenew: input.isAutoRenew },
    })
    return { isAutoRenew: input.isAutoRenew }
  })
}
