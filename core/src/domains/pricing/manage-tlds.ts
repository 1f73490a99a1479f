import type { Prisma } from '@berth/prisma'
import { requirePermission } from '../../access'
import { recordAuditEvent } from '../../audit'
import { DomainError, inTransaction, parseInput, type Ctx } from '../../shared'
import { tldSchema, tldUpdateSchema } from './schemas'

/**
 * TLD CRUD for staff (domains.tlds, decision 0047 superseding 0042 on this point). Audited in
 * the same transaction; a duplicate name is refused on its field.
 */
export async function createTld(ctx: Ctx, input: unknown): Promise<{ id: string }> {
  requirePermission(ctx.actor, 'domains.tlds')
  const data = parseInput(tldSchema, input)
  return inTransaction(ctx, async (tx) => {
    const existing = await tx.db.tld.findUnique({ where: { name: data.name }, select: { id: true } })
    if (existing) throw new DomainError('DUPLICATE', `.${data.name} is already set up.`, { field: 'name' })
    const tld = await tx.db.tld.create({ data, select: { id: true } })
    await recordAuditEvent(tx, {
      action: 'domains.tld.create',
      targetType: 'Tld',
      targetId: tld.id,
      after: data,
    })
    return tld
  })
}

export async function updateTld(ctx: Ctx, id: string, input: unknown): Promise<void> {
  requirePermission(ctx.actor, 'domains.tlds')
  const patch = parseInput(tldUpdateSchema, input) as Prisma.TldUpdateInput & {
    minYears?: number
    maxYears?: number
  }
  await inTransaction(ctx, async (tx) => {
    const before = await tx.db.tld.findUnique({ where: { id } })
    if (!before) throw new DomainError('NOT_FOUND', 'That TLD does not exist.')
    const minYears = patch.minYears ?? before.minYears
    const maxYears = patch.maxYears ?? before.maxYears
    if (minYears > maxYears)
      throw new DomainError('VALIDATION_FAILED', 'The minimum cannot be above the maximum.', {
        field: 'minYears',
      })
    if (typeof patch.name === 'string' && patch.name !== before.name) {
      const clash = await tx.db.tld.findUnique({ where: { name: patch.name }, select: { id: true } })
      if (clash) throw new DomainError('DUPLICATE', `.${patch.name} is already set up.`, { field: 'name' })
    }
    const after = await tx.db.tld.update({ where: { id }, data: patch })
    await recordAuditEvent(tx, {
      action: 'domains.tld.update',
      targetType: 'Tld',
      targetId: id,
      before,
      after,
    })
  })
}

/** Deleting a TLD that domains use is refused; disable it instead. */
export async function deleteTld(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'domains.tlds')
  await inTransaction(ctx, async (tx) => {
    const before = await tx.db.tld.findUnique({ where: { id } })
    if (!before) throw new DomainError('NOT_FOUND', 'That TLD does not exist.')
    const inUse = await tx.db.domain.count({ where: { tld: before.name } })
    if (inUse > 0)
      throw new DomainError(
        'IN_USE',
        `${inUse} domain(s) use .${before.name}: disable it instead of deleting it.`,
      )
    await tx.db.tld.delete({ where: { id } })
    await recordAuditEvent(tx, { action: 'domains.tld.delete', targetType: 'Tld', targetId: id, before })
  })
}
