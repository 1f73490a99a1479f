import type { Db, DbClient } from '@berth/prisma'
import type { Ctx } from './context'

function isRootClient(db: Db | DbClient): db is Db {
  return typeof (db as Db).$transaction === 'function'
}

/**
 * Runs `fn` in one database transaction: a new one when `ctx.db` is the root client, the caller's
 * when it is already a transaction client, so use cases compose into one transaction.
 */
export async function inTransaction<T>(
  ctx: Ctx,
  fn: (tx: Ctx & { db: DbClient }) => Promise<T>,
  options: { isolationLevel?: 'ReadCommitted' | 'RepeatableRead' | 'Serializable'; timeout?: number } = {},
): Promise<T> {
  const db = ctx.db
  if (isRootClient(db)) {
    return db.$transaction((tx) => fn({ ...ctx, db: tx }), {
      timeout: options.timeout ?? 15_000,
      maxWait: 10_000,
      ...(options.isolationLevel ? { isolationLevel: options.isolationLevel } : {}),
    })
  }
  return fn({ ...ctx, db })
}
