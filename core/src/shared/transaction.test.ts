import { describe, expect, it } from 'vitest'
import { getDb, type DbClient } from '@berth/prisma'
import { REQUEST } from '@berth/tests/support/factories'
import { recordAuditEvent } from '../audit'
import { anonymousCtx, systemCtx } from './context'
import { inTransaction } from './transaction'

const db = getDb()
const txid = async (client: DbClient | typeof db) =>
  (await client.$queryRaw<{ id: string }[]>`SELECT txid_current()::text AS id`)[0]!.id
const events = (action: string) => db.auditEvent.count({ where: { action } })

describe('inTransaction', () => {
  it('commits what the function wrote and returns its result', async () => {
    const result = await inTransaction(systemCtx(db, 'test'), async (tx) => {
      await recordAuditEvent(tx, { action: 'tx.commit', targetType: 'Test' })
      return 'done'
    })
    expect(result).toBe('done')
    expect(await events('tx.commit')).toBe(1)
  })

  it('a nested call joins the outer transaction instead of opening its own', async () => {
    const ctx = anonymousCtx(db, REQUEST)
    await inTransaction(ctx, async (outer) => {
      const outerId = await txid(outer.db)
      await inTransaction(outer, async (inner) => {
        expect(inner.actor).toEqual(ctx.actor)
        expect(inner.request).toEqual(REQUEST)
        expect(await txid(inner.db)).toBe(outerId)
      })
      // Two root-level calls are two transactions.
      expect(await inTransaction(ctx, (other) => txid(other.db))).not.toBe(outerId)
    })
  })

  it('throwing anywhere rolls back everything, the nested use case included', async () => {
    const ctx = systemCtx(db, 'test')
    const error = await inTransaction(ctx, async (outer) => {
      await recordAuditEvent(outer, { action: 'tx.rollback.outer', targetType: 'Test' })
      await inTransaction(outer, (inner) =>
        recordAuditEvent(inner, { action: 'tx.rollback.inner', targetType: 'Test' }),
      )
      throw new Error('fail after both writes')
    }).catch((e) => e)
    expect(error.message).toBe('fail after both writes')
    expect(await events('tx.rollback.outer')).toBe(0)
    expect(await events('tx.rollback.inner')).toBe(0)

    await inTransaction(ctx, async (outer) => {
      await recordAuditEvent(outer, { action: 'tx.inner-throws.outer', targetType: 'Test' })
      await inTransaction(outer, async () => {
        throw new Error('inner fails')
      })
    }).catch(() => {})
    expect(await events('tx.inner-throws.outer')).toBe(0)
  })

  it('a nested use case that fails, when its caller catches the error, undoes only its own writes', async () => {
    await inTransaction(systemCtx(db, 'test'), async (outer) => {
      await recordAuditEvent(outer, { action: 'tx.caught.before', targetType: 'Test' })
      await inTransaction(outer, async (inner) => {
        await recordAuditEvent(inner, { action: 'tx.caught.inner', targetType: 'Test' })
        throw new Error('inner fails')
      }).catch(() => {})
      await recordAuditEvent(outer, { action: 'tx.caught.after', targetType: 'Test' })
    })
    expect([
      await events('tx.caught.before'),
      await events('tx.caught.inner'),
      await events('tx.caught.after'),
    ]).toEqual([1, 0, 1])
  })

  it('applies the requested isolation level to a new transaction', async () => {
    const level = await inTransaction(
      systemCtx(db, 'test'),
      async (tx) =>
        (await tx.db.$queryRaw<{ transaction_isolation: string }[]>`SHOW transaction_isolation`)[0]!
          .transaction_isolation,
      { isolationLevel: 'Serializable' },
    )
    expect(level).toBe('serializable')
    const defaultLevel = await inTransaction(
      systemCtx(db, 'test'),
      async (tx) =>
        (await tx.db.$queryRaw<{ transaction_isolation: string }[]>`SHOW transaction_isolation`)[0]!
          .transaction_isolation,
    )
    expect(defaultLevel).toBe('read committed')
  })
})
