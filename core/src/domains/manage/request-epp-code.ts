import { recordAuditEvent } from '../../audit'
import { queueEmail } from '../../notifications'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { assertDomainAccess } from './access'
import { assertManageable, callDomainRegistrar, lockManagedDomain } from './managed-domain'
import { actorName, domainLink, domainOwners } from './notify'
import { requestEppCodeInput } from './schemas'
import type { ChangeState } from './set-nameservers'

/**
 * The transfer (EPP) code: asked of the registrar and emailed to the client's owner logins, never
 * shown on a page or kept: whoever holds it can move the domain away, so it goes only to the
 * mailbox of the account's owners, the email log keeps it redacted, ModuleCall masks it, and the
 * audit event records that it was asked for, by whom and from where. A locked domain is refused
 * before the registrar is asked: the lock exists to stop exactly this.
 */
export async function requestEppCode(
  ctx: Ctx,
  raw: unknown,
): Promise<{ state: ChangeState; emailedTo: string[] }> {
  const input = parseInput(requestEppCodeInput, raw)
  await assertDomainAccess(ctx.db, ctx.actor, input.domainId, 'write')
  return inTransaction(ctx, async (tx) => {
    const domain = await lockManagedDomain(tx.db, input.domainId)
    assertManageable(domain)
    if (domain.isLocked)
      throw new DomainError(
        'INVALID_TRANSITION',
        `${domain.name} is locked: unlock it first to get its EPP code.`,
        {
          field: 'isLocked',
        },
      )
    const owners = await domainOwners(tx.db, domain.clientId)
    if (!owners.length)
      throw new DomainError(
        'INVALID_TRANSITION',
        'This account has no active owner login to send the code to.',
      )
    const answer = await callDomainRegistrar(ctx, domain, 'getEppCode', {})
    const emailedTo: string[] = []
    if (answer.status === 'done') {
      for (const owner of owners) {
        await queueEmail(tx.db, {
          template: 'domain-epp-code',
          to: owner.email,
          clientId: domain.clientId,
          userId: owner.id,
          props: {
            firstName: owner.firstName,
            domain: domain.name,
            eppCode: answer.value,
            requestedBy: actorName(ctx),
            requestedFrom: ctx.request.ip ?? '',
            domainUrl: domainLink(domain.id),
          },
        })
        emailedTo.push(owner.email)
      }
    }
    await recordAuditEvent(tx, {
      action: 'domain.epp_code.request',
      targetType: 'Domain',
      targetId: domain.id,
      clientId: domain.clientId,
      after: { state: answer.status, emailedTo },
    })
    return { state: answer.status, emailedTo }
  })
}
