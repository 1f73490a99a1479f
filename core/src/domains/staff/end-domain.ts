import { z } from 'zod'
import { parseInput, type Ctx } from '../../shared'
import { runStaffDomainAction } from './staff-domain'

export const endDomainInput = z.object({
  domainId: z.uuid('Choose a domain.'),
  reason: z.string().trim().max(1000, 'At most 1,000 characters.').optional(),
})

/**
 * Staff release a domain (`domains.manage`): the client moved it to another registrar (or staff
 * released it to the registrant, as with a .uk release), so Berth marks it TRANSFERRED_AWAY and
 * stops renewing it. No registrar call: the gaining side does the work.
 */
export async function releaseDomain(ctx: Ctx, raw: unknown): Promise<void> {
  const input = parseInput(endDomainInput, raw)
  await runStaffDomainAction(ctx, 'release', input.domainId, async () => ({
    update: { status: 'TRANSFERRED_AWAY', isAutoRenew: false },
    audit: 'domains.domain.release',
    note: { reason: input.reason ?? null },
    result: undefined,
  }))
}

/**
 * Staff mark a domain cancelled (`domains.manage`): never registered, refunded, or left to lapse.
 * Berth stops billing and reminding; the registry keeps it until it expires there.
 */
export async function cancelDomain(ctx: Ctx, raw: unknown): Promise<void> {
  const input = parseInput(endDomainInput, raw)
  await runStaffDomainAction(ctx, 'cancel', input.domainId, async () => ({
    update: { status: 'CANCELLED', isAutoRenew: false },
    audit: 'domains.domain.cancel',
    note: { reason: input.reason ?? null },
    result: undefined,
  }))
}
