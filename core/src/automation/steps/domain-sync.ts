import type { DomainStatus } from '@berth/prisma'
import { diffFields, recordAuditEvent } from '../../audit'
import { formatDateOnly, toDateOnly } from '../../catalog'
import {
  callRegistrar,
  statusFromRegistry,
  loadRegistrarSettings,
  type RegistrarDomainInfo,
} from '../../domains'
import { getSettings } from '../../settings'
import { inTransaction, type Ctx } from '../../shared'
import {
  BATCH_TIMEOUT_MS,
  lockClients,
  reasonOf,
  type BatchResult,
  type BillingStep,
  type DueItem,
  type ItemOutcome,
  type TxCtx,
} from '../../pipeline'

/** A domain to sync, with what the registrar call needs (read again in process: fanned-out batches carry only keys). */
interface SyncItem extends DueItem {
  name: string
  registrar: string
}

/** The manual registrar cannot read anything back (a person does its work): nothing to sync. */
const REGISTRARS_WITHOUT_SYNC = ['manual']
/** Registrar calls of one batch in flight at once: real registrars answer in 100s of ms each. */
const CONCURRENT_CALLS = 8
const SYNCED_STATUSES: readonly DomainStatus[] = ['ACTIVE', 'GRACE', 'REDEMPTION']

/**
 * Expiry sync with the registrar (step `domain-sync`): active, grace and redemption domains last
 * synced more than `domains.syncIntervalDays` before the run's date ask their registrar (through
 * callRegistrar, so every call is a ModuleCall) for expiry, status, nameservers and lock, and take
 * what the registry says. The calls run outside any transaction, a few at once; the answers are
 * then written for the whole batch in one transaction under the clients' locks, each domain re-read
 * under its row lock. A registrar that fails records that domain's failure (its ModuleCall and the
 * JobRun) and it is tried again next run; the rest of the batch goes on.
 */
export const domainSyncStep: BillingStep<DueItem> = {
  name: 'domain-sync',
  batchSize: 100,
  async select(db, asOf, afterKey, limit) {
    const interval = (await getSettings(db))['domains.syncIntervalDays']
    return db.$queryRaw<DueItem[]>`
      SELECT d."id"::text AS "key", d."clientId"::text AS "clientId"
      FROM "Domain" d
      WHERE d."status" IN ('ACTIVE', 'GRACE', 'REDEMPTION') AND d."registrar" <> ALL(${REGISTRARS_WITHOUT_SYNC}::text[])
        AND (d."lastSyncedAt" IS NULL OR d."lastSyncedAt" < (${asOf}::date - ${interval - 1}::int)::timestamptz)
        AND (${afterKey}::uuid IS NULL OR d."id" > ${afterKey}::uuid)
      ORDER BY d."id" LIMIT ${limit}::int`
  },
  async process(ctx, batch, asOf) {
    const result: BatchResult = { outcomes: [], failures: [] }
    if (!batch.length) return result
    const rows = await ctx.db.domain.findMany({
      where: { id: { in: batch.map((i) => i.key) }, status: { in: [...SYNCED_STATUSES] } },
      select: { id: true, clientId: true, name: true, registrar: true },
      orderBy: { id: 'asc' },
    })
    const items = rows
      .filter((r) => !REGISTRARS_WITHOUT_SYNC.includes(r.registrar))
      .map((r) => ({ key: r.id, clientId: r.clientId, name: r.name, registrar: r.registrar }))
    const answers = await askRegistrars(ctx, items)
    const answered: { item: SyncItem; info: RegistrarDomainInfo }[] = []
    for (const a of answers)
      if ('info' in a) answered.push({ item: a.item, info: a.info })
      else result.failures.push({ key: a.item.key, clientId: a.item.clientId, reason: a.reason })
    try {
      result.outcomes.push(...(await applyAnswers(ctx, answered, asOf)))
    } catch {
      // One domain's write failed: each is written again on its own, so only that one is recorded.
      for (const one of answered)
        try {
          result.outcomes.push(...(await applyAnswers(ctx, [one], asOf)))
        } catch (error) {
          result.failures.push({ key: one.item.key, clientId: one.item.clientId, reason: reasonOf(error) })
        }
    }
    return result
  },
}

type Answer = { item: SyncItem; info: RegistrarDomainInfo } | { item: SyncItem; reason: string }

async function askRegistrars(ctx: Ctx, batch: readonly SyncItem[]): Promise<Answer[]> {
  const settings = new Map<string, Promise<Record<string, unknown>>>()
  const settingsOf = (registrar: string) => {
    let s = settings.get(registrar)
    if (!s) settings.set(registrar, (s = loadRegistrarSettings(ctx.db, registrar)))
    return s
  }
  const answers: Answer[] = new Array(batch.length)
  let next = 0
  const worker = async () => {
    while (next < batch.length) {
      const i = next++
      const item = batch[i]!
      try {
        const info = await callRegistrar(ctx, {
          registrar: item.registrar,
          action: 'sync',
          name: item.name,
          params: {},
          domainId: item.key,
          settings: await settingsOf(item.registrar),
        })
        answers[i] = { item, info }
      } catch (error) {
        answers[i] = { item, reason: reasonOf(error) }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_CALLS, batch.length) }, worker))
  return answers
}

/**
 * Writes a batch's answers in one transaction: the clients' locks, then the domains' row locks in
 * one statement (in id order, so two runs never deadlock), each domain re-read, only the changed
 * ones updated and audited one by one, and every synced domain stamped in one update.
 */
async function applyAnswers(
  ctx: Ctx,
  answered: readonly { item: SyncItem; info: RegistrarDomainInfo }[],
  asOf: Date,
): Promise<ItemOutcome[]> {
  if (!answered.length) return []
  return inTransaction(
    ctx,
    async (tx) => {
      await lockClients(
        tx.db,
        answered.map((a) => a.item.clientId),
      )
      const ids = answered.map((a) => a.item.key)
      await tx.db
        .$queryRaw`SELECT "id" FROM "Domain" WHERE "id" = ANY(${ids}::uuid[]) ORDER BY "id" FOR UPDATE`
      const rows = await tx.db.domain.findMany({
        where: { id: { in: ids } },
        select: {
          id: true,
          status: true,
          expiryDate: true,
          nextDueDate: true,
          nameservers: true,
          isLocked: true,
        },
      })
      const byId = new Map(rows.map((r) => [r.id, r]))
      const outcomes: ItemOutcome[] = []
      const synced: string[] = []
      for (const a of answered) {
        const domain = byId.get(a.item.key)
        // Cancelled or transferred away since it was selected: what the registrar said no longer applies.
        if (!domain || !SYNCED_STATUSES.includes(domain.status)) {
          outcomes.push({ changed: false })
          continue
        }
        synced.push(domain.id)
        outcomes.push(await applyAnswer(tx, a.item, domain, a.info, asOf))
      }
      // Stamped with the later of now and the run's date, so a repeat of the same run date (a
      // catch-up run dated ahead, a second worker) finds the domains fresh and asks nothing more.
      if (synced.length)
        await tx.db.domain.updateMany({
          where: { id: { in: synced } },
          data: { lastSyncedAt: new Date(Math.max(Date.now(), asOf.getTime())) },
        })
      return outcomes
    },
    { timeout: BATCH_TIMEOUT_MS },
  )
}

async function applyAnswer(
  tx: TxCtx,
  item: SyncItem,
  domain: {
    status: DomainStatus
    expiryDate: Date | null
    nextDueDate: Date | null
    nameservers: string[]
    isLocked: boolean
  },
  info: RegistrarDomainInfo,
  asOf: Date,
): Promise<ItemOutcome> {
  const expiryDate = toDateOnly(info.expiresAt)
  const follows =
    !domain.nextDueDate ||
    (domain.expiryDate && formatDateOnly(domain.nextDueDate) === formatDateOnly(domain.expiryDate))
  const now = {
    status: statusFromRegistry(domain.status, info, asOf),
    expiryDate,
    // The next due date follows the expiry unless staff set it apart.
    nextDueDate: follows ? expiryDate : domain.nextDueDate,
    nameservers: info.nameservers.map((n) => n.toLowerCase()),
    isLocked: info.isLocked,
  }
  const diff = diffFields(domain, now)
  if (!Object.keys(diff.after).length) return { changed: false, counts: { domainsSynced: 1 } }
  await tx.db.domain.update({ where: { id: item.key }, data: diff.after })
  await recordAuditEvent(tx, {
    action: 'domain.sync',
    targetType: 'Domain',
    targetId: item.key,
    clientId: item.clientId,
    before: diff.before,
    after: diff.after,
  })
  return { changed: true, counts: { domainsSynced: 1, domainsChanged: 1 } }
}
