import type { Prisma } from '@berth/prisma'
import { recordAuditEvent } from '../../audit'
import { DomainError, toJsonSafe, inTransaction, parseInput, type Ctx } from '../../shared'
import { assertDomainAccess } from './access'
import { assertManageable, callDomainRegistrar, glueOf, lockManagedDomain } from './managed-domain'
import { parseNameserverLine, validateNameservers, type GlueRecord } from './nameservers'
import { setNameserversInput } from './schemas'

/** `done`: the registrar made the change; `waiting`: a person does it (manual registrar, staff task). */
export type ChangeState = 'done' | 'waiting'

/**
 * Sets a domain's 2-13 nameservers (with glue addresses for hosts inside the domain). The registrar
 * is asked first; only when it agrees are Domain.nameservers and the glue stored, with the audit
 * event, in one transaction. A refusal leaves everything as it was.
 */
export async function setNameservers(
  ctx: Ctx,
  raw: unknown,
): Promise<{ state: ChangeState; nameservers: string[]; glue: GlueRecord[] }> {
  const input = parseInput(setNameserversInput, raw)
  await assertDomainAccess(ctx.db, ctx.actor, input.domainId, 'write')
  return inTransaction(ctx, async (tx) => {
    const domain = await lockManagedDomain(tx.db, input.domainId)
    assertManageable(domain)
    const entries = input.nameservers.map((e) => (typeof e === 'string' ? parseNameserverLine(e) : e))
    const parsed = validateNameservers(entries, domain.name)
    if ('issues' in parsed)
      throw new DomainError('VALIDATION_FAILED', parsed.issues[0]!.message, {
        field: parsed.issues[0]!.field,
        issues: parsed.issues,
      })
    const before = { nameservers: domain.nameservers, glue: glueOf(domain.registrarData) }
    const answer = await callDomainRegistrar(ctx, domain, 'setNameservers', {
      nameservers: parsed.nameservers,
      glue: parsed.glue,
    })
    const after = { nameservers: parsed.nameservers, glue: parsed.glue }
    if (answer.status === 'done') {
      await tx.db.domain.update({
        where: { id: domain.id },
        data: {
          nameservers: parsed.nameservers,
          registrarData: toJsonSafe({
            ...((domain.registrarData as Record<string, unknown> | null) ?? {}),
            glue: parsed.glue,
          }) as Prisma.InputJsonValue,
        },
      })
    }
    await recordAuditEvent(tx, {
      action: answer.status === 'done' ? 'domain.nameservers.update' : 'domain.nameservers.request',
      targetType: 'Domain',
      targetId: domain.id,
      clientId: domain.clientId,
      before,
      after,
    })
    return { state: answer.status, ...after }
  })
}
