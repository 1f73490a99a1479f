import type { DomainStatus } from '@berth/prisma'
import { toDateOnly } from '../../catalog'
import type { Ctx } from '../../shared'
import { callRegistrar } from '../registrars'
import { clearedError, parseDomainId, runStaffDomainAction } from './staff-domain'

/**
 * Staff read a domain back from its registrar (`domains.manage`): expiry, nameservers and lock as
 * the registry has them. A lapsed domain (grace, redemption, expired) whose expiry the registry
 * now shows in the future was renewed elsewhere or restored: it becomes ACTIVE again; a pending
 * transfer the registrar now holds is ACTIVE too. The next due date follows a later expiry.
 */
export async function syncDomain(
  ctx: Ctx,
  raw: unknown,
  options: { today?: Date } = {},
): Promise<{ expiryDate: Date; status: DomainStatus }> {
  const domainId = parseDomainId(raw)
  const today = toDateOnly(options.today ?? new Date())
  return runStaffDomainAction(ctx, 'sync', domainId, async (_tx, domain) => {
    const info = await callRegistrar(ctx, {
      registrar: domain.registrar,
      action: 'sync',
      name: domain.name,
      domainId: domain.id,
      params: {},
    })
    const expiryDate = toDateOnly(info.expiresAt)
    const status: DomainStatus = expiryDate > today && domain.status !== 'ACTIVE' ? 'ACTIVE' : domain.status
    const isLater = !domain.expiryDate || expiryDate > domain.expiryDate
    return {
      update: {
        status,
        expiryDate,
        ...(isLater ? { nextDueDate: expiryDate } : {}),
        nameservers: info.nameservers,
        isLocked: info.isLocked,
        lastSyncedAt: new Date(),
        registrarData: clearedError(domain.registrarData),
      },
      audit: 'domains.domain.sync',
      note: { registryStatus: info.status },
      result: { expiryDate, status },
    }
  })
}
