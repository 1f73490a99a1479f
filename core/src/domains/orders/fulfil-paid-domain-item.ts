import { z } from 'zod'
import type { Db, DbClient, Prisma } from '@berth/prisma'
import { requirePermission } from '../../access'
import { recordAuditEvent } from '../../audit'
import { toDateOnly } from '../../catalog'
import { decryptSecret, secretBinding } from '../../crypto'
import { enqueue, QUEUES } from '../../platform'
import { systemCtx, DomainError, toJsonSafe, inTransaction, parseInput, type Ctx } from '../../shared'
import { callRegistrar, RegistrarError, type RegistrarDomainInfo, type RegistrarResult } from '../registrars'
import { RENEWABLE_STATUSES } from '../renewals/renewal-terms'
import { defaultNameservers } from '../staff/register-domain'
import { registrantContact } from '../staff/registrant-contact'
import { clearedError, domainSnapshot, registrarDataOf, staffDomainSelect } from '../staff/staff-domain'

/** The `domains.fulfil` job: one paid DOMAIN invoice item. */
export const domainFulfilJobSchema = z.object({ invoiceItemId: z.string().uuid() }).passthrough()

/** A registrar that is down gets time: 30 s, 60 s, 120 s, 240 s, 480 s, then staff retry by hand. */
export const DOMAIN_FULFIL_RETRY = { retryLimit: 5, retryDelay: 30, retryBackoff: true } as const

export type DomainFulfilment =
  | { state: 'done'; action: 'register' | 'transfer' | 'renew'; expiryDate: Date }
  | { state: 'waiting'; action: 'register' | 'transfer' | 'renew' }
  /** nothing to do: not paid, not a domain item, or this item was already fulfilled */
  | { state: 'skipped'; reason: string }

/**
 * Queues fulfilment of every DOMAIN item of a paid invoice, in the caller's transaction (the
 * invoice-paid hook). One job per item: a replayed invoice.paid queues nothing new, and the
 * handler itself skips an item already fulfilled.
 */
export async function queueDomainFulfilment(
  db: DbClient,
  items: readonly { id: string; type: string; domainId: string | null }[],
): Promise<number> {
  let queued = 0
  for (const item of items) {
    if (item.type !== 'DOMAIN' || !item.domainId) continue
    // pg-boss's singletonKey does not de-duplicate on a standard queue: look for the job itself
    // (the caller holds the invoice's row lock, so two replays cannot both miss it).
    const existing = await db.$queryRaw<
      { id: string }[]
    >`SELECT "id" FROM pgboss.job WHERE "name" = ${QUEUES.domainsFulfil} AND "data"->>'invoiceItemId' = ${item.id} LIMIT 1`
    if (existing.length) continue
    await enqueue(
      db,
      QUEUES.domainsFulfil,
      { invoiceItemId: item.id },
      { ...DOMAIN_FULFIL_RETRY, singletonKey: `domain-item:${item.id}` },
    )
    queued += 1
  }
  return queued
}

/** Whole years between the item's period start and end (a renewal of 2 years: 2). */
function yearsOf(start: Date | null, end: Date | null, fallback: number): number {
  if (!start || !end) return fallback
  const months =
    (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + (end.getUTCMonth() - start.getUTCMonth())
  return Math.max(1, Math.round(months / 12))
}

/**
 * The one handler for a paid DOMAIN invoice item (decision 0043): PENDING -> register,
 * PENDING_TRANSFER -> transfer, ACTIVE/GRACE/REDEMPTION/EXPIRED -> renew for the item's period.
 * Runs under the domain's row lock and remembers the item in registrarData.fulfilledItems, so a
 * job running twice or an invoice paid twice calls the registrar once. Done: ACTIVE with the
 * registry's expiry as next due date. Waiting (manual registrar): stays pending with the staff
 * task callRegistrar opened. A registrar failure is kept as registrarData.lastError (staff see it,
 * the client sees "pending"), audited, and thrown so the job retries with backoff.
 */
export async function fulfilPaidDomainItem(ctx: Ctx, invoiceItemId: string): Promise<DomainFulfilment> {
  const outcome = await inTransaction(ctx, async (tx): Promise<Outcome> => {
    const item = await tx.db.invoiceItem.findUnique({
      where: { id: invoiceItemId },
      select: {
        id: true,
        type: true,
        domainId: true,
        periodStart: true,
        periodEnd: true,
        invoice: { select: { id: true, status: true } },
      },
    })
    if (!item || item.type !== 'DOMAIN' || !item.domainId)
      return { result: { state: 'skipped', reason: 'not a domain item' } }
    if (item.invoice.status !== 'PAID') return { result: { state: 'skipped', reason: 'invoice not paid' } }
    // FOR NO KEY UPDATE: callRegistrar's ModuleCall (a foreign key to this row) is written on the
    // outer connection and must not wait for this lock.
    await tx.db.$queryRaw`SELECT "id" FROM "Domain" WHERE "id" = ${item.domainId}::uuid FOR NO KEY UPDATE`
    const domain = await tx.db.domain.findUniqueOrThrow({
      where: { id: item.domainId },
      select: staffDomainSelect,
    })
    if (fulfilledItems(domain).includes(item.id))
      return { result: { state: 'skipped', reason: 'already fulfilled' } }
    const action = actionFor(domain.status)
    if (!action) return { result: { state: 'skipped', reason: `domain is ${domain.status}` } }
    let answer: RegistrarResult<RegistrarDomainInfo>
    try {
      answer = await callForAction(ctx, tx.db, domain, action, item)
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'PROVISIONING_FAILED') throw error
      return recordFailure(tx, domain, action, item.id, error)
    }
    return applyAnswer(tx, domain, action, item.id, answer)
  })
  // The failure is committed above (lastError + audit); thrown now so the job retries.
  if ('error' in outcome) throw outcome.error
  return outcome.result
}

type Tx = Ctx & { db: DbClient }
type FulfilAction = 'register' | 'transfer' | 'renew'
type Outcome = { result: DomainFulfilment } | { error: DomainError }
type LockedDomain = Prisma.DomainGetPayload<{ select: typeof staffDomainSelect }>

const fulfilledItems = (domain: LockedDomain): string[] => {
  const data = registrarDataOf(domain.registrarData)
  return Array.isArray(data.fulfilledItems) ? (data.fulfilledItems as string[]) : []
}

/** What a paid item asks of the registrar, from the domain's status; null: nothing applies. */
function actionFor(status: LockedDomain['status']): FulfilAction | null {
  if (status === 'PENDING') return 'register'
  if (status === 'PENDING_TRANSFER') return 'transfer'
  return (RENEWABLE_STATUSES as readonly string[]).includes(status) ? 'renew' : null
}

/** The registrar call for the item: one idempotency key per domain, action and item. */
async function callForAction(
  ctx: Ctx,
  db: DbClient,
  domain: LockedDomain,
  action: FulfilAction,
  item: { id: string; periodStart: Date | null; periodEnd: Date | null },
): Promise<RegistrarResult<RegistrarDomainInfo>> {
  const years = yearsOf(item.periodStart, item.periodEnd, domain.years)
  const data = registrarDataOf(domain.registrarData)
  const call = {
    registrar: domain.registrar,
    name: domain.name,
    domainId: domain.id,
    idempotencyKey: `domain:${domain.id}:${action}:item:${item.id}`,
  }
  if (action === 'renew') return callRegistrar(ctx, { ...call, action: 'renew', params: { years } })
  const contact = await registrantContact(db, domain.clientId, data)
  if (action === 'transfer') {
    const eppCode = domain.eppCodeEnc
      ? decryptSecret(domain.eppCodeEnc, secretBinding('Domain.eppCodeEnc', domain.id))
      : ''
    return callRegistrar(ctx, { ...call, action: 'transfer', params: { eppCode, years, contact } })
  }
  const nameservers = domain.nameservers.length ? domain.nameservers : await defaultNameservers(db)
  return callRegistrar(ctx, {
    ...call,
    action: 'register',
    params: { years, nameservers, contact, idProtection: domain.hasIdProtection },
  })
}

/**
 * Keeps a registrar failure on the domain (staff see it, the client sees "pending") and audits it.
 * A renewal or transfer whose answer was lost may have gone through: registrars without an
 * idempotency key (Namecheap) would charge it twice on a blind retry, so that one is not retried
 * by the job; staff check at the registrar first.
 */
async function recordFailure(
  tx: Tx,
  domain: LockedDomain,
  action: FulfilAction,
  itemId: string,
  error: DomainError,
): Promise<Outcome> {
  const isAmbiguous =
    action !== 'register' && error.cause instanceof RegistrarError && error.cause.options.code === 'TIMEOUT'
  const lastError = isAmbiguous
    ? `${error.message} (no answer: check the domain at the registrar before retrying)`
    : error.message
  const failed = {
    ...registrarDataOf(domain.registrarData),
    lastError,
    lastErrorAt: new Date().toISOString(),
    lastErrorAction: action,
    lastErrorItemId: itemId,
  }
  await tx.db.domain.update({
    where: { id: domain.id },
    data: { registrarData: toJsonSafe(failed) as Prisma.InputJsonValue },
  })
  const before = domainSnapshot(domain)
  await recordAuditEvent(tx, {
    action: `domains.domain.${action}.failed`,
    targetType: 'Domain',
    targetId: domain.id,
    clientId: domain.clientId,
    before,
    after: { ...before, lastError, invoiceItemId: itemId },
  })
  return isAmbiguous ? { result: { state: 'skipped', reason: lastError } } : { error }
}

/** Done: ACTIVE with the registry's expiry; waiting: a person finishes it. Either way the item is remembered. */
async function applyAnswer(
  tx: Tx,
  domain: LockedDomain,
  action: FulfilAction,
  itemId: string,
  answer: RegistrarResult<RegistrarDomainInfo>,
): Promise<Outcome> {
  const registrarData = toJsonSafe({
    ...(clearedError(domain.registrarData) as Record<string, unknown>),
    lastErrorItemId: undefined,
    fulfilledItems: [...fulfilledItems(domain), itemId],
  }) as Prisma.InputJsonValue
  const before = domainSnapshot(domain)
  const audit = { targetType: 'Domain', targetId: domain.id, clientId: domain.clientId, before }
  if (answer.status === 'waiting') {
    await tx.db.domain.update({ where: { id: domain.id }, data: { registrarData } })
    await recordAuditEvent(tx, {
      ...audit,
      action: `domains.domain.${action}.requested`,
      after: { ...before, invoiceItemId: itemId },
    })
    return { result: { state: 'waiting', action } }
  }
  const expiryDate = toDateOnly(answer.value.expiresAt)
  const updated = await tx.db.domain.update({
    where: { id: domain.id },
    data: {
      status: 'ACTIVE',
      ...(action === 'renew' ? {} : { registrationDate: toDateOnly(new Date()) }),
      expiryDate,
      nextDueDate: expiryDate,
      nameservers: answer.value.nameservers,
      isLocked: answer.value.isLocked,
      registrarData,
    },
    select: staffDomainSelect,
  })
  await recordAuditEvent(tx, {
    ...audit,
    action: `domains.domain.${action}`,
    after: { ...domainSnapshot(updated), invoiceItemId: itemId },
  })
  return { result: { state: 'done', action, expiryDate } }
}

export const retryDomainFulfilmentInput = z.object({ domainId: z.uuid('Choose a domain.') })

/**
 * Staff (`domains.manage`) retry a paid registration, transfer or renewal that failed: runs the
 * handler again now for the domain's paid DOMAIN items not yet fulfilled, oldest first.
 */
export async function retryDomainFulfilment(ctx: Ctx, raw: unknown): Promise<DomainFulfilment> {
  requirePermission(ctx.actor, 'domains.manage')
  const { domainId } = parseInput(
    retryDomainFulfilmentInput,
    typeof raw === 'string' ? { domainId: raw } : raw,
  )
  const domain = await ctx.db.domain.findUnique({ where: { id: domainId }, select: { registrarData: true } })
  if (!domain) throw new DomainError('NOT_FOUND', 'This domain does not exist.')
  const data = registrarDataOf(domain.registrarData)
  const done = Array.isArray(data.fulfilledItems) ? (data.fulfilledItems as string[]) : []
  const items = await ctx.db.invoiceItem.findMany({
    where: { domainId, type: 'DOMAIN', invoice: { status: 'PAID' }, id: { notIn: done } },
    orderBy: [{ periodStart: 'asc' }, { id: 'asc' }],
    select: { id: true },
  })
  if (!items.length)
    throw new DomainError(
      'INVALID_TRANSITION',
      'This domain has no paid order or renewal waiting at the registrar.',
    )
  let last: DomainFulfilment = { state: 'skipped', reason: 'nothing to do' }
  for (const item of items) last = await fulfilPaidDomainItem(ctx, item.id)
  return last
}

/** The worker's entry: the `domains.fulfil` job's payload, as the system actor. */
export async function runDomainFulfilJob(db: Db, raw: unknown): Promise<DomainFulfilment> {
  const { invoiceItemId } = domainFulfilJobSchema.parse(raw)
  return fulfilPaidDomainItem(systemCtx(db, 'domains.fulfil'), invoiceItemId)
}
