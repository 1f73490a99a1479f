import { describe, expect, it } from 'vitest'
import { getDb } from '@berth/prisma'
import { makeClient, makeStaff, REQUEST } from '@berth/tests/support/factories'
import { createStaff } from '../staff'
import { anonymousCtx, systemCtx, type Ctx } from '../shared'
import { diffFields, recordAuditEvent } from './record-audit-event'

const db = getDb()
const latest = () => db.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' } })

describe('recordAuditEvent', () => {
  it('records the actor of each kind, the request, and the target', async () => {
    const c = await makeClient()
    const s = await makeStaff('Support')
    const longAgent: Ctx = { ...s.ctx, request: { ip: '203.0.113.50', userAgent: 'u'.repeat(800) } }
    const cases: [Ctx, Record<string, unknown>][] = [
      [
        c.ctx,
        {
          actorType: 'CLIENT',
          actorId: c.userId,
          actorLabel: c.email,
          ip: REQUEST.ip,
          userAgent: REQUEST.userAgent,
        },
      ],
      [
        longAgent,
        {
          actorType: 'STAFF',
          actorId: s.staffId,
          actorLabel: s.email,
          ip: '203.0.113.50',
          userAgent: 'u'.repeat(500),
        },
      ],
      [
        systemCtx(db, 'cron:nightly'),
        { actorType: 'SYSTEM', actorId: null, actorLabel: 'cron:nightly', ip: null, userAgent: null },
      ],
      [anonymousCtx(db, REQUEST), { actorType: 'CLIENT', actorId: null, actorLabel: 'visitor' }],
    ]
    for (const [ctx, expected] of cases) {
      await recordAuditEvent(ctx, {
        action: 'test.event',
        targetType: 'Client',
        targetId: c.clientId,
        clientId: c.clientId,
      })
      expect(await latest()).toMatchObject({
        ...expected,
        action: 'test.event',
        targetType: 'Client',
        targetId: c.clientId,
        clientId: c.clientId,
        before: null,
        after: null,
      })
    }
  })

  it('never stores secrets, whatever the caller passes; money and dates become JSON-safe', async () => {
    await recordAuditEvent(systemCtx(db, 'test'), {
      action: 'test.secrets',
      targetType: 'Staff',
      before: { passwordHash: '$argon2id$v=19$secret', token: 'raw-token', email: 'a@example.test' },
      after: {
        password: 'hunter2hunter2',
        tokenHash: 'abc',
        totpSecretEnc: 'v1.x',
        payloadEnc: 'v1.y',
        credentialsEnc: 'v1.z',
        amount: 12345678901234567890n,
        at: new Date('2026-05-01T00:00:00.000Z'),
      },
    })
    const row = await latest()
    expect(row.before).toEqual({ passwordHash: '[redacted]', token: '[redacted]', email: 'a@example.test' })
    expect(row.after).toEqual({
      password: '[redacted]',
      tokenHash: '[redacted]',
      totpSecretEnc: '[redacted]',
      payloadEnc: '[redacted]',
      credentialsEnc: '[redacted]',
      amount: '12345678901234567890',
      at: '2026-05-01T00:00:00.000Z',
    })
  })

  it('a real change that handles passwords leaves no hash or password anywhere in the audit trail', async () => {
    const admin = await makeStaff('Super admin')
    const role = await db.role.findUniqueOrThrow({ where: { name: 'Support' } })
    await createStaff(admin.ctx, {
      firstName: 'Audit',
      lastName: 'Me',
      email: 'audit-me@example.test',
      roleId: role.id,
      password: 'plain password 42',
    })
    await makeClient()
    const all = await db.auditEvent.findMany({ select: { before: true, after: true } })
    const text = JSON.stringify(all)
    expect(text).not.toContain('$argon2')
    expect(text).not.toContain('plain password 42')
  })
})

describe('append-only ledgers', () => {
  it('the database refuses UPDATE and DELETE of audit events, through Prisma and in plain SQL', async () => {
    await recordAuditEvent(systemCtx(db, 'test'), { action: 'test.append-only', targetType: 'Nothing' })
    const row = await latest()
    await expect(
      db.auditEvent.update({ where: { id: row.id }, data: { action: 'test.rewritten' } }),
    ).rejects.toThrow(/AuditEvent is append-only: UPDATE refused/)
    await expect(db.auditEvent.delete({ where: { id: row.id } })).rejects.toThrow(
      /AuditEvent is append-only: DELETE refused/,
    )
    await expect(db.$executeRawUnsafe('DELETE FROM "AuditEvent"')).rejects.toThrow(/append-only/)
    await expect(
      db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorLabel" = 'someone else'`),
    ).rejects.toThrow(/append-only/)
    expect(await db.auditEvent.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row)
  })

  it('the database refuses UPDATE and DELETE of credit ledger entries', async () => {
    const c = await makeClient()
    const entry = await db.creditEntry.create({
      data: {
        clientId: c.clientId,
        currencyCode: 'USD',
        kind: 'ADJUSTMENT',
        amount: 500n,
        balanceAfter: 500n,
        reason: 'goodwill',
      },
    })
    await expect(
      db.creditEntry.update({ where: { id: entry.id }, data: { amount: 50_000n, balanceAfter: 50_000n } }),
    ).rejects.toThrow(/CreditEntry is append-only: UPDATE refused/)
    await expect(db.creditEntry.delete({ where: { id: entry.id } })).rejects.toThrow(
      /CreditEntry is append-only: DELETE refused/,
    )
    await expect(db.$executeRawUnsafe('DELETE FROM "CreditEntry"')).rejects.toThrow(/append-only/)
    expect(await db.creditEntry.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry)
  })
})

describe('diffFields', () => {
  it('keeps only the keys whose value differs, comparing dates by time and money by value', () => {
    const before = {
      name: 'A',
      city: 'X',
      at: new Date('2026-01-01T00:00:00Z'),
      amount: 100n,
      tags: ['a'],
      untouched: 1,
    }
    const after = {
      name: 'A',
      city: 'Y',
      at: new Date('2026-01-01T00:00:00Z'),
      amount: 101n,
      tags: ['a', 'b'],
    }
    expect(diffFields(before, after)).toEqual({
      before: { city: 'X', amount: 100n, tags: ['a'] },
      after: { city: 'Y', amount: 101n, tags: ['a', 'b'] },
    })
    expect(diffFields(before, {})).toEqual({ before: {}, after: {} })
  })
})
