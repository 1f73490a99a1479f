import { requireClient } from '../access'
import { diffFields, recordAuditEvent } from '../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../shared'
import { updateProfileInput, type UpdateProfileInput } from './schemas'

/** The client changes their name and their account's address details. */
export async function updateProfile(ctx: Ctx, raw: UpdateProfileInput): Promise<void> {
  const actor = requireClient(ctx.actor)
  const input = parseInput(updateProfileInput, raw)
  await inTransaction(ctx, async (tx) => {
    const user = await tx.db.user.findUnique({
      where: { id: actor.userId },
      select: { firstName: true, lastName: true, clientId: true, isOwner: true },
    })
    if (!user || user.clientId !== actor.clientId) throw new DomainError('UNAUTHENTICATED', 'Please log in.')
    const client = await tx.db.client.findUniqueOrThrow({
      where: { id: actor.clientId },
      select: {
        companyName: true,
        address1: true,
        address2: true,
        city: true,
        state: true,
        postcode: true,
        country: true,
        phone: true,
      },
    })
    const { firstName, lastName, ...clientFields } = input
    await tx.db.user.update({ where: { id: actor.userId }, data: { firstName, lastName } })
    await tx.db.client.update({ where: { id: actor.clientId }, data: clientFields })
    const diff = diffFields(
      { ...client, firstName: user.firstName, lastName: user.lastName } as Record<string, unknown>,
      input,
    )
    if (Object.keys(diff.after).length) {
      await recordAuditEvent(tx, {
        action: 'client.profile.update',
        targetType: 'Client',
        targetId: actor.clientId,
        clientId: actor.clientId,
        ...diff,
      })
    }
  })
}
