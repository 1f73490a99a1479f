import { z } from 'zod'
import type { DbClient, DomainStatus, Prisma } from '@berth/prisma'
import { requirePermission } from '../../access'
import { recordAuditEvent } from '../../audit'
import { DomainError, toJsonSafe, inTransaction, parseInput, type Ctx } from '../../shared'

/**
 * What every staff domain action shares: the permission (`domains.manage`), the row lock, the
 * domain's state before and after for the audit trail, and the one table of which action may run
 * from which status (so the console's buttons and core agree, and a second tab cannot act on a
 * domain the first one already moved).
 */
export const STAFF_DOMAIN_ACTIONS = {
  register: ['PENDING'],
  transfer: ['PENDING_TRANSFER'],
  sync: ['ACTIVE', 'GRACE', 'REDEMPTION', 'EXPIRED', 'PENDING_TRANSFER'],
  changeRegistrar: ['PENDING', 'PENDING_TRANSFER', 'ACTIVE', 'GRACE', 'REDEMPTION', 'EXPIRED'],
  release: ['ACTIVE', 'GRACE', 'REDEMPTION', 'EXPIRED', 'PENDING_TRANSFER'],
  cancel: ['PENDING', 'PENDING_TRANSFER', 'ACTIVE', 'GRACE', 'REDEMPTION', 'EXPIRED', 'FRAUD'],
} as const satisfies Record<string, readonly DomainStatus[]>

export type StaffDomainAction = keyof typeof STAFF_DOMAIN_ACTIONS

export function canRunStaffDomainAction(action: StaffDomainAction, status: string): boolean {
  return (STAFF_DOMAIN_ACTIONS[action] as readonly string[]).includes(status)
}

export const domainIdInput = z.object({ domainId: z.uuid('Choose a domain.') })

/** The domain as the staff actions and the paid-order fulfilment read it (under their row lock). */
export const staffDomainSelect = {
  id: true,
  clientId: true,
  name: true,
  tld: true,
  registrar: true,
  status: true,
  years: true,
  registrationDate: true,
  expiryDate: true,
  nextDueDate: true,
  nameservers: true,
  isLocked: true,
  isAutoRenew: true,
  hasIdProtection: true,
  eppCodeEnc: true,
  registrarData: true,
} as const satisfies Prisma.DomainSelect

export type StaffDomain = Prisma.DomainGetPayload<{ select: typeof staffDomainSelect }>

/** The fields an audit event shows before and after a staff action (never the EPP code). */
export function domainSnapshot(d: StaffDomain): Record<string, unknown> {
  return {
    status: d.status,
    registrar: d.registrar,
    registrationDate: d.registrationDate,
    expiryDate: d.expiryDate,
    nextDueDate: d.nextDueDate,
    nameservers: d.nameservers,
    isLocked: d.isLocked,
    isAutoRenew: d.isAutoRenew,
    lastError: registrarDataOf(d.registrarData).lastError ?? null,
  }
}

export function registrarDataOf(value: Prisma.JsonValue): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? { ...value } : {}
}

/**
 * The domain under a row lock (FOR NO KEY UPDATE: the registrar call records its ModuleCall, a
 * foreign key to this row, on the caller's connection, and that insert must not wait for us).
 */
async function lockStaffDomain(db: DbClient, domainId: string): Promise<StaffDomain> {
  await db.$queryRaw`SELECT "id" FROM "Domain" WHERE "id" = ${domainId}::uuid FOR NO KEY UPDATE`
  const domain = await db.domain.findUnique({ where: { id: domainId }, select: staffDomainSelect })
  if (!domain) throw new DomainError('NOT_FOUND', 'This domain does not exist.')
  return domain
}

export interface StaffActionStep<T> {
  /** the domain's new fields (status, dates...) to write; none when nothing changes */
  update?: Prisma.DomainUpdateInput
  /** the audit action, `domains.domain.<verb>` */
  audit: string
  /** extra facts for the audit's after (the EPP code never) */
  note?: Record<string, unknown>
  result: T
}

/**
 * Runs one staff action on one domain: permission, lock, status check, then `step` (which may call
 * the registrar with `outer`, the caller's ctx, so the ModuleCall survives a rollback). A
 * registrar failure is kept on the domain (`registrarData.lastError`, shown in the console's
 * "failed" filter) and audited, then thrown so staff see why.
 */
export async function runStaffDomainAction<T>(
  ctx: Ctx,
  action: StaffDomainAction,
  domainId: string,
  step: (tx: Ctx & { db: DbClient }, domain: StaffDomain) => Promise<StaffActionStep<T>>,
): Promise<T> {
  requirePermission(ctx.actor, 'domains.manage')
  const outcome = await inTransaction(ctx, async (tx) => {
    const domain = await lockStaffDomain(tx.db, domainId)
    if (!canRunStaffDomainAction(action, domain.status))
      throw new DomainError(
        'INVALID_TRANSITION',
        `${domain.name} is ${domain.status.toLowerCase().replace('_', ' ')}: it cannot be ${PAST[action]} now.`,
      )
    const before = domainSnapshot(domain)
    let done: StaffActionStep<T>
    try {
      done = await step(tx, domain)
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'PROVISIONING_FAILED') throw error
      const registrarData = {
        ...registrarDataOf(domain.registrarData),
        lastError: error.message,
        lastErrorAt: new Date().toISOString(),
        lastErrorAction: action,
      }
      await tx.db.domain.update({
        where: { id: domain.id },
        data: { registrarData: toJsonSafe(registrarData) as Prisma.InputJsonValue },
      })
      await recordAuditEvent(tx, {
        action: `domains.domain.${action}.failed`,
        targetType: 'Domain',
        targetId: domain.id,
        clientId: domain.clientId,
        before,
        after: { ...before, lastError: error.message },
      })
      return { error }
    }
    const updated = done.update
      ? await tx.db.domain.update({ where: { id: domain.id }, data: done.update, select: staffDomainSelect })
      : domain
    await recordAuditEvent(tx, {
      action: done.audit,
      targetType: 'Domain',
      targetId: domain.id,
      clientId: domain.clientId,
      before,
      after: { ...domainSnapshot(updated), ...(done.note ?? {}) },
    })
    return { value: done.result }
  })
  if ('error' in outcome) throw outcome.error
  return outcome.value
}

/** A successful registrar answer clears the last failure. */
export function clearedError(registrarData: Prisma.JsonValue): Prisma.InputJsonValue {
  const data = registrarDataOf(registrarData)
  delete data.lastError
  delete data.lastErrorAt
  delete data.lastErrorAction
  return toJsonSafe(data) as Prisma.InputJsonValue
}

const PAST: Record<StaffDomainAction, string> = {
  register: 'registered',
  transfer: 'transferred in',
  sync: 'synced',
  changeRegistrar: 'moved to another registrar',
  release: 'released',
  cancel: 'cancelled',
}

export function parseDomainId(raw: unknown): string {
  return parseInput(domainIdInput, raw).domainId
}
