import { recordAuditEvent } from '../../audit'
import { queueEmail } from '../../notifications'
import { inTransaction, parseInput, type Ctx } from '../../shared'
import { assertDomainAccess } from './access'
import { assertManageable, callDomainRegistrar, lockManagedDomain } from './managed-domain'
import { actorName, domainLink, domainOwners } from './notify'
import { setRegistrarLockInput } from './schemas'
import type { ChangeState } from './set-nameservers'

/**
 * Turns the registrar (transfer) lock on or off. Unlocking is what lets a domain be transferred
 * away, so it is audited like every change and the owners are emailed (domain-unlocked); the
 * registrar is asked first, Domain.isLocked follows.
 */
export async function setRegistrarLock(
  ctx: Ctx,
  raw: unknown,
): Promise<{ state: ChangeState; isLocked: boolean }> {
  const input = parseInput(setRegistrarLockInput, raw)
  await assertDomainAccess(ctx.db, ctx.actor, input.domainId, 'write')
  return inTransaction(ctx, async (tx) => {
    const domain = await lockManagedDomain(tx.db, input.domainId)
    assertManageable(domain)
    const answer = await callDomainRegistrar(ctx, domain, 'setLock', { isLocked: input.isLocked })
    if (answer.status === 'done')
      await tx.db.domain.update({ where: { id: domain.id }, data: { isLocked: input.isLocked } })
    // Unlocking is the first step of a transfer away: the owners hear of it, whoever did it.
    if (answer.status === 'done' && domain.isLocked && !input.isLocked)
      for (const owner of await domainOwners(tx.db, domain.clientId))
        await queueEmail(tx.db, {
          template: 'domain-unlocked',
          to: owner.email,
          clientId: domain.clientId,
          userId: owner.id,
          props: {
            firstName: owner.firstName,
            domain: domain.name,
            requestedBy: actorName(ctx),
            requestedFrom: ctx.request.ip ?? '',
            domainUrl: domainLink(domain.id),
          },
        })
    await recordAuditEvent(tx, {
      action: answer.status === 'done' ? 'domain.lock.update' : 'domain.lock.request',
      targetType: 'Domain',
      targetId: domain.id,
      clientId: domain.clientId,
      before: { isLocked: domain.isLocked },
      after: { isLocked: input.isLocked },
    })
    return { state: answer.status, isLocked: answer.status === 'done' ? input.isLocked : domain.isLocked }
  })
}
