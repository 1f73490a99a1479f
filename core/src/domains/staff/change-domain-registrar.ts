import { z } from 'zod'
import { DomainError, parseInput, type Ctx } from '../../shared'
import { getRegistrar } from '../registrars'
import { runStaffDomainAction } from './staff-domain'

export const changeDomainRegistrarInput = z.object({
  domainId: z.uuid('Choose a domain.'),
  registrar: z.string().trim().min(1, 'Choose a registrar.'),
})

/**
 * Staff record that a domain is now held at another registrar (`domains.manage`), e.g. after moving
 * the reseller account: only Berth's record changes (later calls go to the new registrar); the
 * domain itself is not transferred. Sync it afterwards to read its state there.
 */
export async function changeDomainRegistrar(ctx: Ctx, raw: unknown): Promise<{ registrar: string }> {
  const input = parseInput(changeDomainRegistrarInput, raw)
  const registrar = getRegistrar(input.registrar).name
  return runStaffDomainAction(ctx, 'changeRegistrar', input.domainId, async (_tx, domain) => {
    if (domain.registrar === registrar)
      throw new DomainError('VALIDATION_FAILED', `${domain.name} is already at this registrar.`, {
        field: 'registrar',
      })
    return { update: { registrar }, audit: 'domains.domain.change-registrar', result: { registrar } }
  })
}
