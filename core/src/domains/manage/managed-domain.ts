import type { DbClient, DomainStatus, Prisma } from '@berth/prisma'
import { DomainError, type Ctx } from '../../shared'
import {
  callRegistrar,
  loadRegistrarSettings,
  type CallRegistrarInput,
  type RegistrarAction,
} from '../registrars'
import { MANAGEABLE_STATUSES } from './domain-view'
import type { GlueRecord } from './nameservers'

const managedSelect = {
  id: true,
  clientId: true,
  name: true,
  tld: true,
  registrar: true,
  status: true,
  nameservers: true,
  isLocked: true,
  isAutoRenew: true,
  hasIdProtection: true,
  hasDnsManagement: true,
  registrarData: true,
} as const satisfies Prisma.DomainSelect

export type ManagedDomain = Prisma.DomainGetPayload<{ select: typeof managedSelect }> & {
  tldFeatures: { dnsManagement: boolean; idProtection: boolean }
}

/**
 * The domain under a row lock for one change, so two changes (two tabs, a double click) apply one
 * after the other and each sees what the other left. FOR NO KEY UPDATE, not FOR UPDATE: the
 * registrar call records its ModuleCall (a foreign key to this row) on another connection, and that
 * insert's key-share lock must not wait for this transaction.
 */
export async function lockManagedDomain(db: DbClient, domainId: string): Promise<ManagedDomain> {
  await db.$queryRaw`SELECT "id" FROM "Domain" WHERE "id" = ${domainId}::uuid FOR NO KEY UPDATE`
  const domain = await db.domain.findUniqueOrThrow({ where: { id: domainId }, select: managedSelect })
  const tld = await db.tld.findUnique({
    where: { name: domain.tld },
    select: { dnsManagement: true, idProtection: true },
  })
  return { ...domain, tldFeatures: tld ?? { dnsManagement: false, idProtection: false } }
}

/** The registrar changes need a domain that exists at the registry and is not lapsed past grace. */
export function assertManageable(domain: { name: string; status: DomainStatus }): void {
  if (MANAGEABLE_STATUSES.includes(domain.status)) return
  const why =
    domain.status === 'PENDING' || domain.status === 'PENDING_TRANSFER'
      ? 'is not registered yet (it will be once its invoice is paid)'
      : `is ${domain.status.toLowerCase().replace('_', ' ')}`
  throw new DomainError('INVALID_TRANSITION', `${domain.name} ${why}: it cannot be changed now.`)
}

/** DNS hosting is offered by the TLD to every domain of it, or turned on for one domain by staff. */
export const canManageDns = (d: Pick<ManagedDomain, 'hasDnsManagement' | 'tldFeatures'>) =>
  d.tldFeatures.dnsManagement || d.hasDnsManagement

export function glueOf(registrarData: Prisma.JsonValue): GlueRecord[] {
  const glue = (registrarData as { glue?: unknown } | null)?.glue
  return Array.isArray(glue) ? (glue as GlueRecord[]) : []
}

/**
 * One registrar call about this domain, recorded in ModuleCall with its id. `ctx` is the caller's
 * (outside the change's transaction when the caller has none), so a refused or failed call stays
 * in the log while the change itself rolls back.
 */
export async function callDomainRegistrar<A extends RegistrarAction>(
  ctx: Ctx,
  domain: Pick<ManagedDomain, 'id' | 'name' | 'registrar'>,
  action: A,
  params: CallRegistrarInput<A>['params'],
) {
  const settings = await loadRegistrarSettings(ctx.db, domain.registrar)
  return callRegistrar(ctx, {
    registrar: domain.registrar,
    action,
    name: domain.name,
    params,
    domainId: domain.id,
    settings,
  })
}
