import type { AttemptKind, Db, DbClient, Door } from '@berth/prisma'
import { DomainError, inTransaction, type Ctx } from '../shared'

/**
 * Throttling of logins, reset requests, registrations, visitor checkouts, promotion codes and
 * current-password checks, per account (email) and per IP, counted in `LoginAttempt` rows so it
 * holds across every process (docs/decisions/0008-sessions-csrf-and-throttling.md).
 *
 * An attempt is claimed before the work it guards (the password check, the email, the account):
 * under a per-key advisory lock, the count and the new row are one step, so a burst of N
 * simultaneous requests gets exactly the allowed number through and the rest are refused.
 */
export interface ThrottleRule {
  windowMs: number
  /** attempts per account address in the window; null: counted per IP only */
  perEmail: number | null
  perIp: number
  /**
   * true: only failures count (an attempt counts as one until marked successful) and a success
   * resets the account's count; false: every attempt counts, whatever its outcome.
   */
  isFailureCounted: boolean
}

export const THROTTLE_RULES = {
  LOGIN: { windowMs: 15 * 60_000, perEmail: 5, perIp: 30, isFailureCounted: true },
  PASSWORD_RESET: { windowMs: 60 * 60_000, perEmail: 3, perIp: 20, isFailureCounted: false },
  EMAIL_VERIFICATION: { windowMs: 60 * 60_000, perEmail: 5, perIp: 20, isFailureCounted: false },
  // Registrations and visitors' checkouts (which register the buyer): accounts made per address.
  REGISTRATION: { windowMs: 60 * 60_000, perEmail: null, perIp: 10, isFailureCounted: false },
  CHECKOUT: { windowMs: 60 * 60_000, perEmail: null, perIp: 10, isFailureCounted: false },
  // Promotion codes tried on the store and the cart: wrong guesses per address.
  PROMO_CODE: { windowMs: 60 * 60_000, perEmail: null, perIp: 20, isFailureCounted: true },
  // The current password asked by the email and password change forms, per account and address.
  PASSWORD_CONFIRM: { windowMs: 15 * 60_000, perEmail: 5, perIp: 30, isFailureCounted: true },
  // Support tickets opened and client replies, per client (`client:<id>` as the email) and per IP.
  // These defaults are overridden by the support.* settings (core/src/support/tickets/rate-limit.ts).
  TICKET_OPEN: { windowMs: 60 * 60_000, perEmail: 5, perIp: 20, isFailureCounted: false },
  TICKET_REPLY: { windowMs: 60 * 60_000, perEmail: 30, perIp: 60, isFailureCounted: false },
  // Domain availability searches (each checks many names at registries), per IP.
  DOMAIN_SEARCH: { windowMs: 10 * 60_000, perEmail: null, perIp: 60, isFailureCounted: false },
} satisfies Record<AttemptKind, ThrottleRule>

/** One claimed attempt: recorded (as not successful yet) and counted. */
export interface ClaimedAttempt {
  id: bigint
}

export function rateLimited(kind: AttemptKind, rule: ThrottleRule = THROTTLE_RULES[kind]): DomainError {
  return new DomainError(
    'RATE_LIMITED',
    `Too many attempts. Please wait ${Math.ceil(rule.windowMs / 60_000)} minutes and try again.`,
    {
      retryAfterSeconds: Math.ceil(rule.windowMs / 1000),
    },
  )
}

/**
 * Claims one attempt for `email` ('' for the kinds counted per IP only) from the request's IP, or
 * refuses with RATE_LIMITED and records nothing. The attempt is recorded as not successful; the
 * caller marks it with `markAttemptSucceeded` when it succeeds.
 *
 * Call it with the root client (outside a longer transaction): its own short transaction holds
 * the locks only for the count and the insert, never across a password check.
 */
export async function claimAttempt(
  ctx: Ctx,
  door: Door,
  kind: AttemptKind,
  email: string,
  rule: ThrottleRule = THROTTLE_RULES[kind], // a rule from settings, where the limits are configurable
): Promise<ClaimedAttempt> {
  const ip = ctx.request.ip ?? 'unknown'
  const attempt = { door, kind, email, ip, rule }
  // Counts only grow (until the window or a success lets them fall), so a count already over the
  // limit refuses without a lock: a sustained flood costs one query a request and queues nowhere.
  if (isOverLimit(rule, await countAttempts(ctx.db, attempt))) throw rateLimited(kind, rule)
  const keys = [`${door}|${kind}|ip|${ip}`]
  if (rule.perEmail !== null) keys.push(`${door}|${kind}|email|${email}`)
  // Claims on the same key wait in this process first, so a burst holds one pooled connection per
  // key instead of every connection of the pool; the database lock serializes the processes.
  return inLocalQueue(ctx.db, keys, async () => {
    // The claims ahead may have used the allowance up: refuse without a transaction then too.
    if (isOverLimit(rule, await countAttempts(ctx.db, attempt))) throw rateLimited(kind, rule)
    return inTransaction(ctx, async (tx) => {
      await lockKeys(tx.db, keys)
      // After the locks: this statement's snapshot sees every attempt committed by the holders before us.
      if (isOverLimit(rule, await countAttempts(tx.db, attempt))) throw rateLimited(kind, rule)
      return tx.db.loginAttempt.create({
        data: { door, kind, email, ip, success: false },
        select: { id: true },
      })
    })
  })
}

function isOverLimit(rule: ThrottleRule, counts: { byEmail: number; byIp: number }): boolean {
  return (rule.perEmail !== null && counts.byEmail >= rule.perEmail) || counts.byIp >= rule.perIp
}

/** Per database client (one per process in production): the last claim queued on each key. */
const queuesByClient = new WeakMap<object, Map<string, Promise<void>>>()

/**
 * Runs `fn` after every claim queued before it on any of `keys` through the same client has
 * finished. Each claim waits only for claims that arrived earlier, so the waits never form a cycle.
 */
async function inLocalQueue<T>(db: Db | DbClient, keys: string[], fn: () => Promise<T>): Promise<T> {
  let queueTails = queuesByClient.get(db)
  if (!queueTails) queuesByClient.set(db, (queueTails = new Map()))
  const tails = queueTails
  const earlier = keys.map((key) => tails.get(key))
  let release = () => {}
  const mine = new Promise<void>((resolve) => (release = resolve))
  for (const key of keys) tails.set(key, mine)
  try {
    await Promise.all(earlier)
    return await fn()
  } finally {
    release()
    for (const key of keys) if (tails.get(key) === mine) tails.delete(key)
  }
}

/** Marks a claimed attempt successful (a login that passed, a request that was handled). */
export async function markAttemptSucceeded(ctx: Ctx, attempt: ClaimedAttempt): Promise<void> {
  await ctx.db.loginAttempt.update({
    where: { id: attempt.id },
    data: { success: true },
    select: { id: true },
  })
}

/**
 * Transaction-scoped advisory locks on each key, taken in one fixed order (by hash), so two
 * claims that share a key wait for each other and never deadlock.
 */
async function lockKeys(db: DbClient, keys: string[]): Promise<void> {
  await db.$executeRaw`
    SELECT pg_advisory_xact_lock("key")
    FROM (SELECT DISTINCT hashtextextended("k", 0) AS "key" FROM unnest(${keys}::text[]) AS "k" ORDER BY 1 OFFSET 0) AS "ordered"`
}

async function countAttempts(
  db: Db | DbClient,
  a: { door: Door; kind: AttemptKind; email: string; ip: string; rule: ThrottleRule },
): Promise<{ byEmail: number; byIp: number }> {
  const since = new Date(Date.now() - a.rule.windowMs)
  const all = !a.rule.isFailureCounted
  // For failure-counted kinds, an account's success resets its count: only failures after it count.
  const rows = await db.$queryRaw<{ byEmail: number; byIp: number }[]>`
    SELECT
      (SELECT count(*)::int FROM "LoginAttempt"
        WHERE "door" = ${a.door}::"Door" AND "kind" = ${a.kind}::"AttemptKind" AND "email" = ${a.email} AND "createdAt" >= ${since}
          AND (${all} OR (NOT "success" AND "createdAt" > COALESCE((
            SELECT max("createdAt") FROM "LoginAttempt"
            WHERE "door" = ${a.door}::"Door" AND "kind" = ${a.kind}::"AttemptKind" AND "email" = ${a.email} AND "success" AND "createdAt" >= ${since}
          ), '-infinity'::timestamptz)))) AS "byEmail",
      (SELECT count(*)::int FROM "LoginAttempt"
        WHERE "door" = ${a.door}::"Door" AND "kind" = ${a.kind}::"AttemptKind" AND "ip" = ${a.ip} AND "createdAt" >= ${since}
          AND (${all} OR NOT "success")) AS "byIp"`
  return rows[0]!
}
